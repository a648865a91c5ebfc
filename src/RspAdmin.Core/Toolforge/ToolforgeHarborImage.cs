namespace RspAdmin.Core.Toolforge;

/// <summary>One tag of an image artifact in a tool's Harbor project.</summary>
/// <param name="Host">The Harbor host images are pulled from.</param>
/// <param name="Project">The project, <c>tool-&lt;tool&gt;</c>.</param>
/// <param name="Repository">The repository name inside the project.</param>
/// <param name="Tag">The tag.</param>
/// <param name="Digest">The artifact's digest.</param>
public sealed record ToolforgeHarborImage(string Host, string Project, string Repository, string Tag, string Digest)
{
    /// <summary><c>project/repository</c>.</summary>
    public string Path => Project + "/" + Repository;

    /// <summary>The short name, <c>project/repository:tag</c>.</summary>
    public string ShortName => Path + ":" + Tag;
}
