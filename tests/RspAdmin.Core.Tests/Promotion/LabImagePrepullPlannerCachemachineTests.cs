using System.Text.Json.Nodes;
using RspAdmin.Core.Promotion;
using RspAdmin.Core.Tests.Yaml;

namespace RspAdmin.Core.Tests.Promotion;

/// <summary>
/// The SimpleRepoMan entry in every cachemachine environment file (temporary copies of the project's own
/// tree, and of the real upstream snapshots as conformance rows): an entry of an
/// earlier weekly is pointed at the new one (two lines), otherwise one is added; only the autostart JSON
/// changes and it reads as intended.
/// </summary>
public class LabImagePrepullPlannerCachemachineTests
{
    public static TheoryData<string> CachemachineEnvironmentFiles() =>
        PhalanxValuesFiles.Select(f => PhalanxValuesFiles.IsEnvironmentValues(f, "cachemachine"));

    private static Task<IReadOnlyList<string>> NoRegistry(RspAdmin.Core.Config.LabImageConfig config, CancellationToken token) =>
        throw new InvalidOperationException("cachemachine needs no registry");

    private static JsonObject Autostart(string text) =>
        JsonNode.Parse(YamlData.At(YamlData.Read(text), "autostart", "jupyter")!.GetValue<string>())!.AsObject();

    [SkippableTheory]
    [MemberData(nameof(CachemachineEnvironmentFiles))]
    public async Task The_simple_repo_man_names_the_promoted_weekly(string relative)
    {
        var before = File.ReadAllText(PhalanxValuesFiles.Resolve(relative));
        var json = Autostart(before);
        var repoman = json["repomen"]!.AsArray()[0]!.AsObject();
        var cycle = repoman["cycle"]?.GetValue<int>();
        var tag = "w_2099_01" + (cycle is { } c ? $"_c{c:0000}.001" : string.Empty);
        var name = "Weekly 2099_01" + (cycle is { } n ? $" (SAL Cycle {n:0000}, Build 001)" : string.Empty);
        var simple = json["repomen"]!.AsArray().Skip(1).FirstOrDefault(r => (string?)r!["type"] == "SimpleRepoMan");

        // The fixtures show the image_url form: registry/repository:tag, from the RubinRepoMan or RubinRepoGar.
        string url;
        var expected = json.DeepClone().AsObject();
        if (simple is not null)
        {
            var old = (string)simple["images"]![0]!["image_url"]!;
            url = old[..old.LastIndexOf(':')] + ":" + tag;
            var entry = expected["repomen"]!.AsArray()[1]!["images"]![0]!;
            entry["image_url"] = url;
            entry["name"] = name;
        }
        else
        {
            url = $"{(string)repoman["registry_url"]!}/{(string)repoman["repo"]!}:{tag}";
            expected["repomen"]!.AsArray().Add(new JsonObject
            {
                ["type"] = "SimpleRepoMan",
                ["images"] = new JsonArray(new JsonObject { ["image_url"] = url, ["name"] = name }),
            });
        }

        using var copy = PhalanxCopy.OfSnapshot(relative);
        var path = copy.PathOf(PhalanxCopy.InsideSnapshot(relative));
        var changes = await LabImagePrepullPlanner.PlanAsync(copy.Root, PhalanxCopy.EnvironmentOf(relative), tag, false, NoRegistry, CancellationToken.None);
        var change = Assert.Single(changes, c => c.GetApplication() == LabImagePrepullApplication.Cachemachine);
        Assert.True(change.Save());
        var after = File.ReadAllText(path);

        Assert.Equal(simple is null ? LabImagePrepullOutcome.ImageListed : LabImagePrepullOutcome.ImageReplaced, change.GetOutcome());
        Assert.Equal([url], change.Added);
        Assert.True(JsonNode.DeepEquals(expected, Autostart(after)), Autostart(after).ToJsonString());

        // Outside the autostart document the YAML reads the same.
        var beforeData = YamlData.Read(before)!.AsObject();
        var afterData = YamlData.Read(after)!.AsObject();
        beforeData["autostart"]!["jupyter"] = null;
        afterData["autostart"]!["jupyter"] = null;
        Assert.True(JsonNode.DeepEquals(beforeData, afterData));

        var removed = change.Diff.Split('\n').Where(l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal)).ToList();
        var added = change.Diff.Split('\n').Where(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)).ToList();
        if (simple is not null)
        {
            // The documented procedure: replace the tag and the name, nothing else.
            Assert.Equal(2, removed.Count);
            Assert.Equal(2, added.Count);
            Assert.Equal(removed.Select(l => l[1..].Replace((string)simple["images"]![0]!["image_url"]!, url).Replace((string)simple["images"]![0]!["name"]!, name)), added.Select(l => l[1..]));
        }
        else
        {
            // Every original line is still there (the last repoman's closing brace gains a comma).
            var afterLines = after.Split('\n').Select(l => l.TrimEnd().TrimEnd(',')).ToList();
            Assert.All(before.Split('\n'), line => Assert.Contains(line.TrimEnd().TrimEnd(','), afterLines));
            Assert.True(removed.Count <= 1, change.Diff);
        }

        // Idempotent.
        var again = Assert.Single(await LabImagePrepullPlanner.PlanAsync(copy.Root, PhalanxCopy.EnvironmentOf(relative), tag, false, NoRegistry, CancellationToken.None),
            c => c.GetApplication() == LabImagePrepullApplication.Cachemachine);
        Assert.Equal(LabImagePrepullOutcome.AlreadyListed, again.GetOutcome());
        Assert.False(again.HasChanges);
    }

    [SkippableFact]
    public async Task Pruning_drops_other_weekly_entries_of_the_same_image()
    {
        const string relative = "rspadmin/applications/cachemachine/values-legacy.yaml";
        PhalanxValuesFiles.Resolve(relative);
        using var copy = PhalanxCopy.OfSnapshot(relative);
        var path = copy.PathOf(PhalanxCopy.InsideSnapshot(relative));
        const string image = "us-central1-docker.pkg.dev/example-project-1234/sciplat/sciplat-lab";

        // Two promotions without pruning: the first replaces w_2023_07, the second replaces that one.
        foreach (var tag in new[] { "w_2099_01", "w_2099_02" })
        {
            Assert.Single(await LabImagePrepullPlanner.PlanAsync(copy.Root, "legacy", tag, false, NoRegistry, CancellationToken.None)).Save();
        }

        var images = Autostart(File.ReadAllText(path))["repomen"]![1]!["images"]!.AsArray();
        Assert.Equal([$"{image}:w_2099_02"], images.Select(i => (string)i!["image_url"]!));

        // An extra weekly entry (as a hand edit might leave) goes with -PrunePins; a release entry stays.
        var document = RspAdmin.Core.Yaml.EditableYamlDocument.Load(path);
        document.EditJson(new RspAdmin.Core.Yaml.YamlPath("autostart", "jupyter"), json =>
        {
            var list = json!["repomen"]![1]!["images"]!.AsArray();
            list.Add(new JsonObject { ["image_url"] = $"{image}:w_2098_50", ["name"] = "Weekly 2098_50" });
            list.Add(new JsonObject { ["image_url"] = $"{image}:r99_0_0", ["name"] = "Release r99.0.0" });
            return json;
        });
        document.Save();

        var change = Assert.Single(await LabImagePrepullPlanner.PlanAsync(copy.Root, "legacy", "w_2099_03", true, NoRegistry, CancellationToken.None));

        Assert.Equal([$"{image}:w_2099_02", $"{image}:w_2098_50"], change.Removed);
        change.Save();
        images = Autostart(File.ReadAllText(path))["repomen"]![1]!["images"]!.AsArray();
        Assert.Equal([$"{image}:w_2099_03", $"{image}:r99_0_0"], images.Select(i => (string)i!["image_url"]!));
    }

    [SkippableFact]
    public async Task A_tag_of_another_cycle_is_refused()
    {
        const string relative = "rspadmin/applications/cachemachine/values-legacy-telescope.yaml";
        var original = File.ReadAllBytes(PhalanxValuesFiles.Resolve(relative));
        using var copy = PhalanxCopy.OfSnapshot(relative);

        var error = await Assert.ThrowsAsync<LabImagePrepullException>(
            () => LabImagePrepullPlanner.PlanAsync(copy.Root, "legacy-telescope", "w_2099_01_c0032.001", false, NoRegistry, CancellationToken.None));

        Assert.Equal("Prepull.WrongCycle", error.ErrorId);
        Assert.Equal(original, File.ReadAllBytes(copy.PathOf(PhalanxCopy.InsideSnapshot(relative))));
    }
}

/// <summary>An autostart document that is not JSON is reported with the JSON error and its place, not passed over.</summary>
public class LabImagePrepullPlannerMalformedAutostartTests
{
    private const string Values = """
        autostart:
          jupyter: |
            {
              "name": "jupyter",
              "labels": {"jupyterlab": "ok"},
              "repomen": [
                {"type": "RubinRepoMan", "registry_url": "registry.example", "repo": "lsstsqre/sciplat-lab", "recommended_tag": "recommended", "num_releases": 1, "num_weeklies": 2, "num_dailies": 3},
              ]
            }
        """;

    private static Task<IReadOnlyList<string>> NoRegistry(RspAdmin.Core.Config.LabImageConfig config, CancellationToken token) =>
        throw new InvalidOperationException("cachemachine needs no registry");

    [Fact]
    public async Task A_trailing_comma_is_a_json_error_with_its_position()
    {
        using var tree = new PhalanxCopy();
        var path = tree.Write("applications/cachemachine/values-dev.yaml", Values + "\n");
        var before = File.ReadAllBytes(path);

        var error = await Assert.ThrowsAsync<RspAdmin.Core.Yaml.YamlEditException>(
            () => LabImagePrepullPlanner.PlanAsync(tree.Root, "dev", "w_2099_01", false, NoRegistry, CancellationToken.None));

        Assert.Equal("Yaml.NotJson", error.ErrorId);
        Assert.Equal(2, error.Line);
        Assert.Contains("autostart.jupyter", error.Message, StringComparison.Ordinal);
        Assert.Contains("trailing comma", error.Message, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Well_formed_json_without_a_repository_manager_is_still_no_repository_manager()
    {
        using var tree = new PhalanxCopy();
        tree.Write("applications/cachemachine/values-dev.yaml", "autostart:\n  jupyter: |\n    {\"name\": \"jupyter\", \"repomen\": []}\n");

        var error = await Assert.ThrowsAsync<LabImagePrepullException>(
            () => LabImagePrepullPlanner.PlanAsync(tree.Root, "dev", "w_2099_01", false, NoRegistry, CancellationToken.None));

        Assert.Equal("Prepull.NoRepositoryManager", error.ErrorId);
    }
}
