namespace RspAdmin.Core.Toolforge;

/// <summary>One per-consumer image of an entry (<c>variants.&lt;name&gt;</c>).</summary>
public sealed class ToolforgeImageVariant
{
    /// <summary>Creates a variant.</summary>
    public ToolforgeImageVariant(string name, string? image, IReadOnlyDictionary<string, string>? extra, int line, int column)
    {
        Name = name;
        Image = image;
        Extra = extra ?? new Dictionary<string, string>(StringComparer.Ordinal);
        Line = line;
        Column = column;
    }

    /// <summary>The consumer: <c>jobs-framework</c>, <c>webservice</c> or another key.</summary>
    public string Name { get; }

    /// <summary>The image without tag (consumers append <c>:latest</c>), or null when the variant has none.</summary>
    public string? Image { get; }

    /// <summary>The scalar values of <c>extra</c> (<c>wstype</c>, <c>resources</c>).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; }

    /// <summary><c>extra.wstype</c>, or null.</summary>
    public string? WebserviceType => Extra.TryGetValue("wstype", out var v) ? v : null;

    /// <summary><c>extra.resources</c>, or null (consumers then use <c>default</c>).</summary>
    public string? Resources => Extra.TryGetValue("resources", out var v) ? v : null;

    /// <summary>1-based line of the variant's key.</summary>
    public int Line { get; }

    /// <summary>1-based column of the variant's key.</summary>
    public int Column { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}={Image}";
}
