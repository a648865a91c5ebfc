using RspAdmin.Core.Config;

namespace RspAdmin.Core.Tests.Config;

/// <summary>
/// Bad configuration fails with a typed error located at the offending node (1-based line and
/// column), never with a raw YamlDotNet or I/O exception.
/// </summary>
public sealed class LabImageConfigErrorTests
{
    [Theory]
    [InlineData("unknown-key.yaml", LabImageConfigErrorReason.UnknownKey, 8, 3, "images.numWeekly")]
    [InlineData("negative-count.yaml", LabImageConfigErrorReason.InvalidValue, 5, 15, "images.numDailies")]
    [InlineData("bad-duration.yaml", LabImageConfigErrorReason.InvalidValue, 5, 20, "images.refreshInterval")]
    [InlineData("duplicate-key.yaml", LabImageConfigErrorReason.MalformedYaml, 6, 3, null)]
    [InlineData("malformed.yaml", LabImageConfigErrorReason.MalformedYaml, 5, 25, null)]
    [InlineData("pin-not-a-list.yaml", LabImageConfigErrorReason.InvalidValue, 5, 8, "images.pin")]
    [InlineData("tag-is-a-number.yaml", LabImageConfigErrorReason.InvalidValue, 5, 19, "images.recommendedTag")]
    [InlineData("dropdown-unknown-key.yaml", LabImageConfigErrorReason.UnknownKey, 7, 5, "dropdownMenu.weekly.numbr")]
    [InlineData("missing-source.yaml", LabImageConfigErrorReason.MissingKey, 2, 3, "images")]
    [InlineData("bad-source-type.yaml", LabImageConfigErrorReason.InvalidValue, 3, 11, "images.source.type")]
    [InlineData("google-unknown-key.yaml", LabImageConfigErrorReason.UnknownKey, 8, 5, "images.source.registry")]
    [InlineData("bad-cutoff-version.yaml", LabImageConfigErrorReason.InvalidValue, 7, 20, "dropdownMenu.release.cutoffVersion")]
    public void ErrorIsLocatedAtTheOffendingNode(string file, LabImageConfigErrorReason reason, int line, int column, string? keyPath)
    {
        var path = DataFile(file);
        var error = Assert.Throws<LabImageConfigException>(() => LabImageConfigReader.ReadControllerConfig(path));
        Assert.Equal(reason, error.Reason);
        Assert.Equal("Config." + reason, error.ErrorId);
        Assert.Equal(path, error.FilePath);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"{path}:{line}:{column}: ", error.Message, StringComparison.Ordinal);
        if (keyPath is not null)
        {
            Assert.Equal(keyPath, error.KeyPath);
        }
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        var path = Path.Combine(Path.GetTempPath(), "rspadmin-missing-" + Guid.NewGuid().ToString("N"), "config.yaml");
        var error = Assert.Throws<LabImageConfigException>(() => LabImageConfigReader.ReadControllerConfig(path));
        Assert.Equal(LabImageConfigErrorReason.FileNotFound, error.Reason);
        Assert.Equal(path, error.FilePath);
        Assert.Null(error.Line);
    }

    [Fact]
    public void LaxScalarsAndSnakeCaseKeysAreAcceptedAsNubladoAcceptsThem()
    {
        var config = LabImageConfigReader.ReadControllerConfig(DataFile("valid-variants.yaml"));
        Assert.Equal(4, config.NumWeeklies);
        Assert.Equal(0, config.NumDailies);
        Assert.Equal("2025", config.RecommendedTag);
        Assert.Equal(TimeSpan.FromSeconds(90), config.RefreshInterval);
        Assert.Equal(TimeSpan.FromMinutes(90), config.PrepullTimeout);
        Assert.Equal(new DateTimeOffset(2025, 2, 7, 0, 0, 0, TimeSpan.Zero), config.DropdownMenu.Daily.CutoffDate);
        Assert.Equal(2600, config.DropdownMenu.Daily.CutoffBuild);
        Assert.Null(config.PullSecret);
        Assert.Equal("ssd", config.NodeSelector["disk"]);
    }

    [Fact]
    public void DockerRegistryDefaultsToDockerHub()
    {
        using var tree = new TempTree();
        var path = tree.Write("config.yaml", "images:\n  source:\n    type: docker\n    repository: lsstsqre/sciplat-lab\n");
        var config = LabImageConfigReader.ReadControllerConfig(path);
        Assert.Equal("docker.io", config.Registry);
        Assert.Equal("recommended", config.RecommendedTag);
        Assert.Equal((1, 2, 3), (config.NumReleases, config.NumWeeklies, config.NumDailies));
        Assert.Equal(TimeSpan.FromMinutes(5), config.RefreshInterval);
        Assert.Equal(TimeSpan.FromMinutes(10), config.PrepullTimeout);
        Assert.True(config.DropdownMenu.Release.IsEmpty);
    }

    [Theory]
    [InlineData("", LabImageConfigErrorReason.InvalidValue)]
    [InlineData("- a\n- b\n", LabImageConfigErrorReason.InvalidValue)]
    [InlineData("lab: {}\n", LabImageConfigErrorReason.MissingKey)]
    [InlineData("images: ~\n", LabImageConfigErrorReason.InvalidValue)]
    [InlineData("images: {source: {type: docker, repository: x}}\n---\nimages: {}\n", LabImageConfigErrorReason.MalformedYaml)]
    [InlineData("images: &a [*a]\n", LabImageConfigErrorReason.MalformedYaml)]
    [InlineData("images:\n\tsource: x\n", LabImageConfigErrorReason.MalformedYaml)]
    public void OddDocumentsFailCleanly(string text, LabImageConfigErrorReason reason)
    {
        using var tree = new TempTree();
        var path = tree.Write("config.yaml", text);
        var error = Assert.Throws<LabImageConfigException>(() => LabImageConfigReader.ReadControllerConfig(path));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void PhalanxMergeFollowsHelm()
    {
        using var tree = new TempTree();
        tree.Write("applications/nublado/values.yaml", string.Join('\n',
            "controller:",
            "  config:",
            "    images:",
            "      source: {}",
            "      numReleases: 5",
            "      pin: [a, b]",
            "      aliasTags: [x]",
            "    lab:",
            "      pullSecret: null",
            "      nodeSelector: {pool: default, zone: a}",
            string.Empty));
        var env = tree.Write("applications/nublado/values-dev.yaml", string.Join('\n',
            "controller:",
            "  config:",
            "    images:",
            "      source:",
            "        type: docker",
            "        repository: lsst-sqre/sciplat-lab",
            "      numReleases: null",
            "      pin: [c]",
            "    lab:",
            "      nodeSelector: {pool: big}",
            string.Empty));
        tree.Write("applications/nublado/values-prod.yaml", "controller:\n  config:\n    images:\n      source: {type: docker, repository: r}\n      numWeeklies: 1\n      numWeekly: 2\n");

        var config = LabImageConfigReader.ReadPhalanx(tree.Root, "dev");
        Assert.Equal(1, config.NumReleases);                   // null deletes the key: the default applies
        Assert.Equal(new[] { "c" }, config.Pin);               // lists replace
        Assert.Equal(new[] { "x" }, config.AliasTags);         // untouched keys stay
        Assert.Equal(new Dictionary<string, string> { ["pool"] = "big", ["zone"] = "a" }, config.NodeSelector); // maps merge
        Assert.Equal(new[] { "dev", "prod" }, LabImageConfigReader.GetPhalanxEnvironments(tree.Root));
        Assert.Equal(env, config.SourceFiles[1]);

        // An unknown key is reported in the environment file that holds it.
        var error = Assert.Throws<LabImageConfigException>(() => LabImageConfigReader.ReadPhalanx(tree.Root, "prod"));
        Assert.Equal(LabImageConfigErrorReason.UnknownKey, error.Reason);
        Assert.Equal(Path.Combine(tree.Root, "applications", "nublado", "values-prod.yaml"), error.FilePath);
        Assert.Equal((6, 7), (error.Line, error.Column));
        Assert.Equal("controller.config.images.numWeekly", error.KeyPath);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("../dev")]
    [InlineData("")]
    public void UnknownEnvironmentListsTheKnownOnes(string environment)
    {
        using var tree = new TempTree();
        tree.Write("applications/nublado/values.yaml", "controller: {config: {images: {source: {type: docker, repository: r}}}}\n");
        tree.Write("applications/nublado/values-dev.yaml", string.Empty);
        var error = Assert.Throws<LabImageConfigException>(() => LabImageConfigReader.ReadPhalanx(tree.Root, environment));
        Assert.Equal(LabImageConfigErrorReason.EnvironmentNotFound, error.Reason);
        Assert.Contains("Environments: dev.", error.Message, StringComparison.Ordinal);

        // An empty environment file overrides nothing.
        Assert.Equal("r", LabImageConfigReader.ReadPhalanx(tree.Root, "dev").Repository);
    }

    [Fact]
    public void NotAPhalanxCheckoutIsFileNotFound()
    {
        using var tree = new TempTree();
        var error = Assert.Throws<LabImageConfigException>(() => LabImageConfigReader.ReadPhalanx(tree.Root, "dev"));
        Assert.Equal(LabImageConfigErrorReason.FileNotFound, error.Reason);
        Assert.EndsWith("values.yaml", error.FilePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5m", 300)]
    [InlineData("10m", 600)]
    [InlineData("20m", 1200)]
    [InlineData("1h30m", 5400)]
    [InlineData("2 weeks 1 day", 1296000)]
    [InlineData("3w", 1814400)]
    [InlineData("1d", 86400)]
    [InlineData("45s", 45)]
    [InlineData("300", 300)]
    [InlineData("1.5", 1.5)]
    [InlineData("PT5M", 300)]
    public void DurationsParse(string text, double seconds)
    {
        Assert.True(LabImageDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5 minutes later")]
    [InlineData("m5")]
    [InlineData("5m1h")]
    [InlineData("-5m")]
    [InlineData("1x")]
    [InlineData("99999999999999999999w")]
    public void BadDurationsDoNotParse(string text) => Assert.False(LabImageDuration.TryParse(text, out _));

    [Theory]
    [InlineData(300, "5m")]
    [InlineData(5400, "1h30m")]
    [InlineData(1814400, "3w")]
    [InlineData(0, "0s")]
    public void DurationsFormatShort(int seconds, string expected) =>
        Assert.Equal(expected, LabImageDuration.Format(TimeSpan.FromSeconds(seconds)));

    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Config", "Data", name);

    private sealed class TempTree : IDisposable
    {
        public TempTree()
        {
            Root = Path.Combine(Path.GetTempPath(), "rspadmin-config-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        public string Write(string relative, string text)
        {
            var path = Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
