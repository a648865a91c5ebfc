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
        var original = input ?? string.Empty;

        // Work on index ranges and cut each part out once.
        var end = original.Length;
        var digest = string.Empty;
        var at = original.IndexOf('@');
        if (at >= 0)
        {
            digest = original[(at + 1)..];
            end = at;
        }

        var start = 0;
        var host = string.Empty;
        var slash = original.AsSpan(0, end).IndexOf('/');
        if (slash >= 0 && original.AsSpan(0, slash).Contains('.'))
        {
            host = original[..slash];
            start = slash + 1;
        }

        var project = string.Empty;
        var rest = original.AsSpan(start, end - start);
        slash = rest.IndexOf('/');
        if (slash >= 0 && rest.StartsWith(ToolforgeNames.ToolProjectPrefix, StringComparison.Ordinal))
        {
            project = original.Substring(start, slash);
            start += slash + 1;
            rest = original.AsSpan(start, end - start);
        }

        string name, tag;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            name = original.Substring(start, colon);
            tag = original.Substring(start + colon + 1, end - start - colon - 1);
        }
        else
        {
            name = start == 0 && end == original.Length ? original : original[start..end];
            tag = string.Empty;
        }

        return new ToolforgeImageReference(original, host, project, name, tag, digest);
    }

    /// <inheritdoc />
    public override string ToString() => Input;
}
