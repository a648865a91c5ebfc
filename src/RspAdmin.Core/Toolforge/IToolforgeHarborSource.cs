namespace RspAdmin.Core.Toolforge;

/// <summary>Where the build service's images of a tool are listed (Harbor's API, or a fixed list).</summary>
public interface IToolforgeHarborSource
{
    /// <summary>The Harbor host images are pulled from.</summary>
    string Host { get; }

    /// <summary>
    /// Every tagged image artifact of a project. A project that does not exist, or a Harbor that
    /// cannot be reached, gives an empty list and a message through <paramref name="warn"/>, as the jobs API does.
    /// </summary>
    Task<IReadOnlyList<ToolforgeHarborImage>> ListAsync(string project, Action<string>? warn, CancellationToken cancellationToken);
}
