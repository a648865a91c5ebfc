namespace RspAdmin.Core.Toolforge;

/// <summary>
/// One entry of the image catalog: its canonical short name and what the YAML says about it, with
/// the position of its key in the source.
/// </summary>
public sealed class ToolforgeImageEntry
{
    /// <summary>Creates an entry.</summary>
    public ToolforgeImageEntry(
        string name,
        int index,
        int generation,
        string? image,
        string? state,
        IEnumerable<string> aliases,
        IEnumerable<ToolforgeImageVariant> variants,
        string source,
        int line,
        int column)
    {
        Name = name;
        Index = index;
        Generation = generation;
        Image = image;
        State = state;
        Aliases = new ToolforgeList<string>(aliases);
        Variants = new ToolforgeList<ToolforgeImageVariant>(variants);
        Source = source;
        Line = line;
        Column = column;
    }

    /// <summary>The canonical short name (the mapping key; <c>shortname</c> in the pre-2022 list).</summary>
    public string Name { get; }

    /// <summary>Position in file order, from 0.</summary>
    public int Index { get; }

    /// <summary>
    /// The schema generation the entry is written in: 1 for the pre-2022 flat list, 2 for an entry
    /// with variants but no top-level <c>image</c> (2022-11 to 2026-01), 3 for one with <c>image</c>.
    /// </summary>
    public int Generation { get; }

    /// <summary>The top-level <c>image</c> (the one image since 2026-01), or null.</summary>
    public string? Image { get; }

    /// <summary>The <c>state</c> as written, or null when it is missing.</summary>
    public string? State { get; }

    /// <summary>Other names that resolve to this entry.</summary>
    public ToolforgeList<string> Aliases { get; }

    /// <summary>The per-consumer images, in file order.</summary>
    public ToolforgeList<ToolforgeImageVariant> Variants { get; }

    /// <summary>The variant named <paramref name="name"/>, or null.</summary>
    public ToolforgeImageVariant? GetVariant(string name) => Variants.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));

    /// <summary>The file or ConfigMap the entry was read from.</summary>
    public string Source { get; }

    /// <summary>1-based line of the entry's key.</summary>
    public int Line { get; }

    /// <summary>1-based column of the entry's key.</summary>
    public int Column { get; }

    /// <summary>
    /// The image a consumer pulls for this entry: with no <paramref name="variant"/> the top-level
    /// <c>image</c> (jobs API since 2026-01), falling back to the jobs-framework variant for an entry
    /// written before that; with a variant, that variant's image plus <c>:latest</c>. Null when the
    /// consumer would skip the entry.
    /// </summary>
    public string? PullImage(string? variant)
    {
        if (variant is null)
        {
            if (Image is not null)
            {
                return Image;
            }

            variant = ToolforgeNames.JobsVariant;
        }

        var v = GetVariant(variant);
        return v?.Image is { } image ? image + ":" + ToolforgeNames.DefaultTag : null;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
