using RspAdmin.Core.Tests.Support;

namespace RspAdmin.Core.Tests.Yaml;

/// <summary>
/// Phalanx values files as theory data: always the project's own tree (<c>tests/data/phalanx/rspadmin</c>,
/// rows starting <c>rspadmin/</c>), and, as upstream-conformance rows, every real snapshot under
/// <c>shared/fixtures/nublado/phalanx</c> when it is present (one row that skips, or fails in CI, when it is not).
/// </summary>
internal static class PhalanxValuesFiles
{
    /// <summary>The theory row standing for "the upstream snapshots are absent".</summary>
    public const string Missing = "(upstream snapshots absent)";

    /// <summary>The snapshot name of the project's own tree.</summary>
    public const string Own = "rspadmin";

    /// <summary>The folder holding the project's own tree.</summary>
    public static string OwnRoot => SharedFixtures.OwnData("phalanx");

    /// <summary>The folder holding the upstream snapshots, or null when they are absent.</summary>
    public static string? UpstreamRoot => SharedFixtures.Fixture("nublado", "phalanx") is { } root && Directory.Exists(root) ? root : null;

    /// <summary>Rows (snapshot/path) of every YAML file whose relative path matches <paramref name="filter"/>.</summary>
    public static TheoryData<string> Select(Func<string, bool> filter) => Select((relative, _) => filter(relative));

    /// <summary>Rows of every YAML file whose relative path and absolute path match <paramref name="filter"/>.</summary>
    public static TheoryData<string> Select(Func<string, string, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var row in Rows(OwnRoot, filter).Where(r => r.StartsWith(Own + "/", StringComparison.Ordinal)))
        {
            data.Add(row);
        }

        var upstream = UpstreamRoot;
        var any = false;
        if (upstream is not null)
        {
            foreach (var row in Rows(upstream, filter))
            {
                data.Add(row);
                any = true;
            }
        }

        if (upstream is null || !any)
        {
            data.Add(Missing);
        }

        return data;
    }

    /// <summary>The absolute path of a row; the upstream-absent row skips (or fails in CI).</summary>
    public static string Resolve(string relative)
    {
        if (relative.StartsWith(Own + "/", StringComparison.Ordinal))
        {
            return Path.Combine(OwnRoot, relative);
        }

        SharedFixtures.RequireUpstream();
        if (relative == Missing)
        {
            Assert.Fail("The upstream snapshots hold no file this test applies to.");
        }

        return Path.Combine(UpstreamRoot!, relative);
    }

    /// <summary>The folder holding the snapshot of a row.</summary>
    public static string SnapshotsRootOf(string relative) =>
        relative.StartsWith(Own + "/", StringComparison.Ordinal) ? OwnRoot : UpstreamRoot ?? throw new SkipException(SharedFixtures.SkipMessage);

    /// <summary>Environment values (<c>values-&lt;env&gt;.yaml</c>) of one application.</summary>
    public static bool IsEnvironmentValues(string relative, string application) =>
        relative.Contains($"/applications/{application}/values-", StringComparison.Ordinal);

    /// <summary>True when a values file sets a Docker image source.</summary>
    public static bool HasDockerSource(string path) =>
        YamlData.At(YamlData.Read(File.ReadAllText(path)), "controller", "config", "images", "source", "type")?.GetValue<string>() == "docker";

    /// <summary>True when a values file sets any image source.</summary>
    public static bool HasImageSource(string path) =>
        YamlData.At(YamlData.Read(File.ReadAllText(path)), "controller", "config", "images", "source", "type") is not null;

    private static IEnumerable<string> Rows(string root, Func<string, string, bool> filter) =>
        Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Relative: Path.GetRelativePath(root, f).Replace('\\', '/'), Full: f))
            .Where(f => filter(f.Relative, f.Full))
            .Select(f => f.Relative);
}
