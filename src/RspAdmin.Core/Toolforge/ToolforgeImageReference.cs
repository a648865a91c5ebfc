namespace RspAdmin.Core.Toolforge;

/// <summary>
/// An image name or pull URL taken apart the way the Toolforge jobs API does it: digest after the
/// first <c>@</c>, then a host (a first segment holding a dot), then a Harbor project (a first segment
/// starting with <c>tool-</c>), then a tag after the last <c>:</c>. Parsing never fails: every string
/// has parts, possibly all empty but the name.
/// </summary>
public sealed class ToolforgeImageReference
{
    private ToolforgeImageReference(string input, string host, string project, string name, string tag, string digest)
    {
        Input = input;
        Host = host;
        Project = project;
        Name = name;
        Tag = tag;
        Digest = digest;
        Path = project.Length == 0 ? name : project + "/" + name;
    }

    /// <summary>The text that was parsed.</summary>
    public string Input { get; }

    /// <summary>The registry host, or empty.</summary>
    public string Host { get; }

    /// <summary>The Harbor project (<c>tool-&lt;tool&gt;</c>), or empty.</summary>
    public string Project { get; }

    /// <summary>The name after the project and before the tag.</summary>
    public string Name { get; }

    /// <summary>The tag, or empty.</summary>
    public string Tag { get; }

    /// <summary>The digest, or empty.</summary>
    public string Digest { get; }

    /// <summary><c>project/name</c>, or just the name when there is no project.</summary>
    public string Path { get; }

    /// <summary>The tool named by the project (<c>tool-x</c> gives <c>x</c>), or empty.</summary>
    public string Tool => Project.StartsWith(ToolforgeNames.ToolProjectPrefix, StringComparison.Ordinal) ? Project[ToolforgeNames.ToolProjectPrefix.Length..] : string.Empty;

    /// <summary>Takes <paramref name="input"/> apart. Never throws; null counts as the empty string.</summary>
    public static ToolforgeImageReference Parse(string? input)
    {
        var rest = input ?? string.Empty;
        var original = rest;
        string host = string.Empty, project = string.Empty, digest = string.Empty, tag = string.Empty;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        var slash = rest.IndexOf('/');
        if (slash >= 0 && rest.AsSpan(0, slash).Contains('.'))
        {
            host = rest[..slash];
            rest = rest[(slash + 1)..];
        }

        slash = rest.IndexOf('/');
        if (slash >= 0 && rest.StartsWith(ToolforgeNames.ToolProjectPrefix, StringComparison.Ordinal))
        {
            project = rest[..slash];
            rest = rest[(slash + 1)..];
        }

        string name;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            name = rest[..colon];
            tag = rest[(colon + 1)..];
        }
        else
        {
            name = rest;
        }

        return new ToolforgeImageReference(original, host, project, name, tag, digest);
    }

    /// <inheritdoc />
    public override string ToString() => Input;
}
