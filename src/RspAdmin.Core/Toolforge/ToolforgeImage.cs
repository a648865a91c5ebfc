namespace RspAdmin.Core.Toolforge;

/// <summary>
/// What a name or URL resolves to, as the jobs API would store it: the canonical short name, where
/// the image is pulled from, its state, and whether it exists at all.
/// </summary>
public sealed class ToolforgeImage
{
    /// <summary>The text that was resolved.</summary>
    public required string Input { get; init; }

    /// <summary>The canonical short name: the entry's name, <c>tool-x/name:tag</c> for a Harbor image, or the input's path, tag and digest when unknown.</summary>
    public required string ShortName { get; init; }

    /// <summary><c>standard</c> (pre-built or unknown without a project) or <c>buildservice</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The registry host, or empty.</summary>
    public required string Host { get; init; }

    /// <summary>The repository path.</summary>
    public required string Path { get; init; }

    /// <summary>The tag, or empty.</summary>
    public required string Tag { get; init; }

    /// <summary>The digest, or empty.</summary>
    public string Digest { get; init; } = string.Empty;

    /// <summary><c>stable</c>, <c>deprecated</c>, <c>unknown</c> or whatever the entry's state says.</summary>
    public required string State { get; init; }

    /// <summary>The entry's aliases (a Harbor image: its digest-pinned name).</summary>
    public ToolforgeList<string> Aliases { get; init; } = ToolforgeList<string>.None;

    /// <summary>False when nothing in the catalog or in Harbor matched.</summary>
    public required bool Exists { get; init; }

    /// <summary>The catalog entry that matched, or null.</summary>
    public ToolforgeImageEntry? Entry { get; init; }

    /// <summary>The tool whose Harbor project holds the image, or empty.</summary>
    public string Tool { get; init; } = string.Empty;

    /// <summary>The pull URL: <c>host/path:tag@digest</c>, each part only when present.</summary>
    public string Url
    {
        get
        {
            var url = Host.Length == 0 ? Path : Host + "/" + Path;
            if (Tag.Length > 0)
            {
                url += ":" + Tag;
            }

            if (Digest.Length > 0)
            {
                url += "@" + Digest;
            }

            return url;
        }
    }

    /// <summary>How the jobs command line shows it: the short name, followed by <c>(state)</c> unless stable.</summary>
    public string DisplayName => State == ToolforgeNames.StateStable ? ShortName : $"{ShortName} ({State})";

    /// <inheritdoc />
    public override string ToString() => ShortName;
}
