namespace RspAdmin.Core.Tests.Support;

/// <summary>
/// The one locator of test data: the project's own files under <c>tests/data</c>, and the upstream
/// reference data (<c>../shared</c> beside the repository root) that only the upstream-conformance
/// tests read. A conformance test whose upstream data is absent skips with the reason; in CI
/// (<c>CI=true</c>) that absence is a failure, so a CI run cannot pass without having run them.
/// </summary>
internal static class SharedFixtures
{
    private static readonly Lazy<string?> SharedRoot = new(FindSharedRoot);

    /// <summary>The repository root (the directory holding RspAdmin.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared folder, or null when this checkout has none beside it.</summary>
    public static string? Root => SharedRoot.Value;

    /// <summary>True when the upstream reference data is present.</summary>
    public static bool Available => Root is not null;

    /// <summary>True in a CI run (<c>CI=true</c>), where missing upstream data fails the conformance tests.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SkipMessage =>
        $"Upstream conformance: the upstream reference data was not found at {Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures"))}.";

    /// <summary>The absolute path of a file under shared/fixtures, or null when the fixtures are absent.</summary>
    public static string? Fixture(params string[] parts) =>
        Root is null ? null : Path.Combine(new[] { Root, "fixtures" }.Concat(parts).ToArray());

    /// <summary>The absolute path of a file of the project's own test data under <c>tests/data</c>.</summary>
    public static string OwnData(params string[] parts) =>
        Path.Combine(new[] { RepositoryRoot, "tests", "data" }.Concat(parts).ToArray());

    /// <summary>
    /// Lets an upstream-conformance test go on only when the upstream data is present: skips it with
    /// the reason otherwise, or fails it in CI.
    /// </summary>
    public static void RequireUpstream()
    {
        if (Available)
        {
            return;
        }

        if (InCi)
        {
            Assert.Fail(SkipMessage + " CI=true: the conformance tests must run in CI; put the upstream data beside the checkout.");
        }

        throw new SkipException(SkipMessage);
    }

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
