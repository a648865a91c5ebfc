namespace RspAdmin.Core.Tests.Support;

/// <summary>
/// Locates the shared upstream fixtures (<c>../shared</c> beside the repository root). Tests that
/// need them skip with a message saying so when they are absent.
/// </summary>
internal static class SharedFixtures
{
    private static readonly Lazy<string?> SharedRoot = new(FindSharedRoot);

    /// <summary>The repository root (the directory holding RspAdmin.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared folder, or null when this checkout has none beside it.</summary>
    public static string? Root => SharedRoot.Value;

    public static string SkipMessage =>
        $"Skipped: the shared upstream fixtures were not found at {Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"))}.";

    /// <summary>The absolute path of a file under shared/fixtures, or null when the fixtures are absent.</summary>
    public static string? Fixture(params string[] parts) =>
        Root is null ? null : Path.Combine(new[] { Root, "fixtures" }.Concat(parts).ToArray());

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RspAdmin.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RspAdmin.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? FindSharedRoot()
    {
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(Path.Combine(candidate, "fixtures")) ? candidate : null;
    }
}
