using System.Text;
using System.Text.Json.Nodes;
using RspAdmin.Core.Config;
using RspAdmin.Core.Promotion;
using RspAdmin.Core.Tests.Yaml;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Tests.Promotion;

/// <summary>
/// Pins in every nublado environment file (temporary copies of the project's own Phalanx tree, and of the
/// real upstream snapshots as conformance rows): a Docker source
/// gets exactly the pin lines, a Google source is left alone, and refusals write nothing.
/// </summary>
public class LabImagePrepullPlannerNubladoTests
{
    public static TheoryData<string> NubladoEnvironmentFiles() =>
        PhalanxValuesFiles.Select(f => PhalanxValuesFiles.IsEnvironmentValues(f, "nublado"));

    public static TheoryData<string> NubladoDockerEnvironmentFiles() =>
        PhalanxValuesFiles.Select((f, path) => PhalanxValuesFiles.IsEnvironmentValues(f, "nublado") && PhalanxValuesFiles.HasDockerSource(path));

    // A registry listing: ten weeklies of the environment's cycle (newest w_2099_10), a release and the recommended tag.
    private static List<string> Tags(LabImageConfig config) =>
        [.. Enumerable.Range(1, 10).Select(week => Weekly(config, week)), "r99_0_0", config.RecommendedTag];

    private static string Weekly(LabImageConfig config, int week) =>
        $"w_2099_{week:00}" + (config.Cycle is { } cycle ? $"_c{cycle:0000}.001" : string.Empty);

    private static Func<LabImageConfig, CancellationToken, Task<IReadOnlyList<string>>> Listing(List<int> calls) => (config, _) =>
    {
        calls.Add(1);
        return Task.FromResult<IReadOnlyList<string>>(Tags(config));
    };

    [SkippableTheory]
    [MemberData(nameof(NubladoEnvironmentFiles))]
    public async Task A_docker_source_gets_only_the_pin_lines_and_a_google_source_is_left_alone(string relative)
    {
        var original = File.ReadAllBytes(PhalanxValuesFiles.Resolve(relative));
        using var copy = PhalanxCopy.OfSnapshot(relative);
        var environment = PhalanxCopy.EnvironmentOf(relative);
        var path = copy.PathOf(PhalanxCopy.InsideSnapshot(relative));
        var config = LabImageConfigReader.ReadPhalanx(copy.Root, environment);
        var calls = new List<int>();
        var target = Weekly(config, 1);

        var changes = await LabImagePrepullPlanner.PlanAsync(copy.Root, environment, target, prune: false, Listing(calls), CancellationToken.None);
        var change = Assert.Single(changes, c => c.GetApplication() == LabImagePrepullApplication.Nublado);

        if (config.Source.GetKind() == LabImageSourceType.Google)
        {
            Assert.Equal(LabImagePrepullOutcome.NotNeededForGoogle, change.GetOutcome());
            Assert.False(change.HasChanges);
            Assert.Empty(change.Diff);
            Assert.Empty(calls);
            Assert.False(change.Save());
            Assert.Equal(original, File.ReadAllBytes(path));
            return;
        }

        Assert.Equal(LabImagePrepullOutcome.Pinned, change.GetOutcome());
        Assert.Equal([target], change.Added);
        Assert.Empty(change.Removed);
        Assert.Single(calls);
        Assert.Equal(original, File.ReadAllBytes(path)); // planning writes nothing

        // Only added lines, all of them the pin's; every old line is still there, in order.
        var added = change.Diff.Split('\n').Where(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(change.Diff.Split('\n'), l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal));
        Assert.All(added, l => Assert.Matches($@"^\+ *(pin:|- ""?{System.Text.RegularExpressions.Regex.Escape(target)}""?)$", l));
        Assert.True(change.Save());
        var after = File.ReadAllText(path);
        var afterLines = after.Split('\n').ToList();
        foreach (var line in added)
        {
            afterLines.Remove(line[1..]);
        }

        Assert.Equal(Encoding.UTF8.GetString(original).Split('\n'), afterLines);

        // The result reads as the original data plus the pin, and the controller settings now pin it.
        var expected = YamlData.Read(Encoding.UTF8.GetString(original))!.DeepClone();
        var images = (JsonObject)YamlData.At(expected, "controller", "config", "images")!;
        if (images["pin"] is not JsonArray pins)
        {
            pins = [];
            images["pin"] = pins;
        }

        pins.Add(target);
        Assert.True(JsonNode.DeepEquals(expected, YamlData.Read(after)), after);
        Assert.Contains(target, LabImageConfigReader.ReadPhalanx(copy.Root, environment).Pin);

        // A second run finds it pinned and changes nothing.
        var again = await LabImagePrepullPlanner.PlanAsync(copy.Root, environment, target, prune: false, Listing(calls), CancellationToken.None);
        var second = Assert.Single(again, c => c.GetApplication() == LabImagePrepullApplication.Nublado);
        Assert.Equal(LabImagePrepullOutcome.AlreadyPinned, second.GetOutcome());
        Assert.False(second.HasChanges);
    }

    [SkippableTheory]
    [MemberData(nameof(NubladoDockerEnvironmentFiles))]
    public async Task A_tag_among_the_newest_weeklies_needs_no_pin(string relative)
    {
        var original = File.ReadAllBytes(PhalanxValuesFiles.Resolve(relative));
        using var copy = PhalanxCopy.OfSnapshot(relative);
        var environment = PhalanxCopy.EnvironmentOf(relative);
        var config = LabImageConfigReader.ReadPhalanx(copy.Root, environment);
        Assert.Equal(LabImageSourceType.Docker, config.Source.GetKind());

        var changes = await LabImagePrepullPlanner.PlanAsync(copy.Root, environment, Weekly(config, 10), false, Listing([]), CancellationToken.None);

        var change = Assert.Single(changes, c => c.GetApplication() == LabImagePrepullApplication.Nublado);
        Assert.Equal(LabImagePrepullOutcome.CoveredByPrepullSet, change.GetOutcome());
        Assert.False(change.HasChanges);
        Assert.Equal(original, File.ReadAllBytes(copy.PathOf(PhalanxCopy.InsideSnapshot(relative))));
    }

    [SkippableFact]
    public async Task Pruning_removes_the_weekly_pins_of_earlier_promotions_and_keeps_pinned_releases()
    {
        const string relative = "rspadmin/applications/nublado/values-lab-dev.yaml";
        PhalanxValuesFiles.Resolve(relative);
        using var copy = PhalanxCopy.OfSnapshot(relative);
        var path = copy.PathOf(PhalanxCopy.InsideSnapshot(relative));
        foreach (var change in await LabImagePrepullPlanner.PlanAsync(copy.Root, "lab-dev", "w_2099_01", false, Listing([]), CancellationToken.None))
        {
            change.Save();
        }

        var before = File.ReadAllText(path);

        var changes = await LabImagePrepullPlanner.PlanAsync(copy.Root, "lab-dev", "w_2099_02", prune: true, Listing([]), CancellationToken.None);

        var pruned = Assert.Single(changes);
        Assert.Equal(LabImagePrepullOutcome.Pinned, pruned.GetOutcome());
        Assert.Equal(["w_2099_02"], pruned.Added);
        Assert.Equal(["w_2099_01"], pruned.Removed);
        var diff = pruned.Diff.Split('\n');
        Assert.Equal(["-        - \"w_2099_01\""], diff.Where(l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal)));
        Assert.Equal(["+        - \"w_2099_02\""], diff.Where(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)));
        pruned.Save();
        Assert.Equal(["r29_2_0_rsp2697", "w_2099_02"], LabImageConfigReader.ReadPhalanx(copy.Root, "lab-dev").Pin);
        Assert.Equal(before.Replace("\"w_2099_01\"", "\"w_2099_02\"", StringComparison.Ordinal), File.ReadAllText(path));
    }

    [Fact]
    public async Task An_environment_without_its_own_pin_list_repeats_the_charts_pins()
    {
        using var tree = new PhalanxCopy();
        tree.Write("applications/nublado/values.yaml", "controller:\n  config:\n    images:\n      source: {}\n      pin:\n        - r29_2_0\n");
        var path = tree.Write("applications/nublado/values-dev.yaml",
            "controller:\n  config:\n    images:\n      source:\n        type: docker\n        registry: ghcr.io\n        repository: lsst-sqre/sciplat-lab\n");
        Task<IReadOnlyList<string>> List(LabImageConfig c, CancellationToken t) =>
            Task.FromResult<IReadOnlyList<string>>(["w_2099_05", "w_2099_04", "w_2099_03", "w_2099_01", "r29_2_0"]);

        var change = Assert.Single(await LabImagePrepullPlanner.PlanAsync(tree.Root, "dev", "w_2099_01", false, List, CancellationToken.None));
        change.Save();

        Assert.Equal(
            "controller:\n  config:\n    images:\n      source:\n        type: docker\n        registry: ghcr.io\n        repository: lsst-sqre/sciplat-lab\n      pin:\n        - r29_2_0\n        - w_2099_01\n",
            File.ReadAllText(path));
        Assert.Equal(["r29_2_0", "w_2099_01"], LabImageConfigReader.ReadPhalanx(tree.Root, "dev").Pin);
    }

    [Fact]
    public async Task Line_endings_byte_order_mark_comments_and_flow_style_are_kept()
    {
        using var tree = new PhalanxCopy();
        tree.Write("applications/nublado/values.yaml", "controller: {config: {images: {source: {}}}}\n");
        var text = "# Nublado on the dev cluster\r\ncontroller:\r\n  config:\r\n    images:\r\n      # where images come from\r\n"
            + "      source: {type: docker, registry: ghcr.io, repository: lsst-sqre/sciplat-lab}   # keep\r\n"
            + "      pin: ['r29_2_0']  # releases we keep\r\n\r\n# end\r\n";
        var path = tree.PathOf("applications/nublado/values-dev.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);
        Task<IReadOnlyList<string>> List(LabImageConfig c, CancellationToken t) =>
            Task.FromResult<IReadOnlyList<string>>(["w_2099_05", "w_2099_04", "w_2099_03", "w_2099_01"]);

        var change = Assert.Single(await LabImagePrepullPlanner.PlanAsync(tree.Root, "dev", "w_2099_01", false, List, CancellationToken.None));
        Assert.True(change.Save());

        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(text.Replace("['r29_2_0']", "['r29_2_0', 'w_2099_01']", StringComparison.Ordinal), Encoding.UTF8.GetString(bytes[3..]));
    }

    [SkippableTheory]
    [InlineData("rspadmin/applications/nublado/values-lab-dev.yaml", "w_2099_01-amd64", "Prepull.ArchitectureSpecific")]
    [InlineData("rspadmin/applications/nublado/values-telescope.yaml", "w_2099_01", "Prepull.WrongCycle")]
    [InlineData("rspadmin/applications/nublado/values-lab-dev.yaml", "w_1999_01", "Prepull.TagNotFound")]
    [InlineData("rspadmin/applications/nublado/values-lab-dev.yaml", "not a tag", "Prepull.InvalidTag")]
    public async Task Refusals_write_nothing(string relative, string tag, string errorId)
    {
        var original = File.ReadAllBytes(PhalanxValuesFiles.Resolve(relative));
        using var copy = PhalanxCopy.OfSnapshot(relative);

        var error = await Assert.ThrowsAsync<LabImagePrepullException>(
            () => LabImagePrepullPlanner.PlanAsync(copy.Root, PhalanxCopy.EnvironmentOf(relative), tag, true, Listing([]), CancellationToken.None));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(original, File.ReadAllBytes(copy.PathOf(PhalanxCopy.InsideSnapshot(relative))));
    }

    [Fact]
    public async Task An_unknown_environment_is_refused()
    {
        using var tree = new PhalanxCopy();
        tree.Write("applications/nublado/values.yaml", "controller: {config: {images: {source: {}}}}\n");

        var error = await Assert.ThrowsAsync<LabImagePrepullException>(
            () => LabImagePrepullPlanner.PlanAsync(tree.Root, "../nublado/values", "w_2099_01", false, Listing([]), CancellationToken.None));

        Assert.Equal(LabImagePrepullErrorReason.EnvironmentNotFound, error.Reason);
    }

    [SkippableFact]
    public async Task A_file_changed_since_it_was_read_is_not_overwritten()
    {
        const string relative = "rspadmin/applications/nublado/values-lab-prod.yaml";
        PhalanxValuesFiles.Resolve(relative);
        using var copy = PhalanxCopy.OfSnapshot(relative);
        var path = copy.PathOf(PhalanxCopy.InsideSnapshot(relative));
        var change = Assert.Single(await LabImagePrepullPlanner.PlanAsync(copy.Root, "lab-prod", "w_2099_01", false, Listing([]), CancellationToken.None));
        File.AppendAllText(path, "# edited by someone else\n");
        var edited = File.ReadAllBytes(path);

        var error = Assert.Throws<YamlEditException>(() => change.Save());

        Assert.Equal("Yaml.ChangedOnDisk", error.ErrorId);
        Assert.Equal(edited, File.ReadAllBytes(path));
        Assert.False(change.Saved);
    }
}
