using System.Collections.Concurrent;
using System.Text.Json;
using RspAdmin.Core.Config;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Tests.Catalog;

/// <summary>
/// The catalog against Nublado's own expected outputs: the registry fixtures (tag → digest) with the
/// matching controller configurations must give the SpawnerImages of images/*.json and the menus
/// of menu/*.json, field by field.
/// </summary>
public sealed class LabImageCatalogConformanceTests
{
    [SkippableTheory]
    [InlineData("standard.yaml", "docker.json", "images/standard.json", "nodes/standard.json")]
    [InlineData("cycle.yaml", "docker-cycle.json", "images/cycle.json", "nodes/cycle.json")]
    public async Task DockerSourceMatchesSpawnerImages(string configName, string registryName, string expectedName, string nodesName)
    {
        NubladoFixtures.RequireShared();
        var config = LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig(configName));
        var registry = NubladoFixtures.ReadRegistry(registryName);
        var (catalog, lookedUp) = await BuildDockerAsync(config, registry);

        // Only the prepull set is looked up, as Nublado's Docker source does.
        Assert.Equal(catalog.PrepullSet.Select(i => i.Tag).OrderBy(t => t, StringComparer.Ordinal), lookedUp.OrderBy(t => t, StringComparer.Ordinal));

        // "prepulled" is cluster knowledge: derived here from the node fixture the upstream test used
        // (an image is prepulled when every eligible node reports its digest).
        var isPrepulled = PrepulledFromNodes(nodesName);
        var actual = catalog.ToSpawnerImages(isPrepulled);
        using var expected = NubladoFixtures.ReadControllerJson(expectedName);
        var root = expected.RootElement;
        AssertImage(root, "recommended", actual.Recommended);
        AssertImage(root, "latest_weekly", actual.LatestWeekly);
        AssertImage(root, "latest_daily", actual.LatestDaily);
        AssertImage(root, "latest_release", actual.LatestRelease);
        var all = root.GetProperty("all").EnumerateArray().ToList();
        Assert.Equal(all.Select(e => e.GetProperty("tag").GetString()), actual.All.Select(i => i.Tag));
        for (var i = 0; i < all.Count; i++)
        {
            AssertSame(all[i], actual.All[i]);
        }
    }

    [SkippableTheory]
    [InlineData("gar.yaml", "gar.json", "images/gar-before.json", "menu/gar-before.json", null)]
    [InlineData("gar-cycle.yaml", "gar-cycle.json", "images/gar-cycle.json", "menu/gar-cycle.json", "nodes/gar-cycle.json")]
    public async Task GoogleSourceMatchesSpawnerImagesAndMenu(string configName, string registryName, string expectedName, string menuName, string? nodesName)
    {
        NubladoFixtures.RequireShared();
        var config = LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig(configName));
        Assert.Equal(LabImageSourceType.Google, config.Source.GetKind());

        // A Google listing carries every tag's digest; entries for other images are ignored.
        var listing = new List<KeyValuePair<string, string>>();
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(NubladoFixtures.NubladoData, "registry", registryName))))
        {
            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                var last = entry.GetProperty("uri").GetString()!.Split('/')[^1];
                var at = last.IndexOf('@', StringComparison.Ordinal);
                if (last[..at] != config.Source.Image)
                {
                    continue;
                }

                listing.AddRange(entry.GetProperty("tags").EnumerateArray().Select(t => new KeyValuePair<string, string>(t.GetString()!, last[(at + 1)..])));
            }
        }

        var (catalog, _) = await BuildDockerAsync(config, listing, LabImageDigestMode.All);

        // The node fixture of gar-before is not identified upstream, so "prepulled" is only checked
        // where the matching node fixture is known.
        var isPrepulled = nodesName is null ? null : PrepulledFromNodes(nodesName);
        var actual = catalog.ToSpawnerImages(isPrepulled);
        using var expected = NubladoFixtures.ReadControllerJson(expectedName);
        var root = expected.RootElement;
        AssertImage(root, "recommended", actual.Recommended, checkPrepulled: isPrepulled is not null);
        AssertImage(root, "latest_weekly", actual.LatestWeekly, checkPrepulled: isPrepulled is not null);
        AssertImage(root, "latest_daily", actual.LatestDaily, checkPrepulled: isPrepulled is not null);
        AssertImage(root, "latest_release", actual.LatestRelease, checkPrepulled: isPrepulled is not null);
        var all = root.GetProperty("all").EnumerateArray().ToList();
        Assert.Equal(all.Select(e => e.GetProperty("tag").GetString()), actual.All.Select(i => i.Tag));
        for (var i = 0; i < all.Count; i++)
        {
            AssertSame(all[i], actual.All[i], checkPrepulled: isPrepulled is not null);
        }

        using var menu = NubladoFixtures.ReadControllerJson(menuName);
        AssertMenu(menu.RootElement.GetProperty("dropdown"), catalog.Dropdown);
        if (isPrepulled is not null)
        {
            AssertMenu(menu.RootElement.GetProperty("menu"), catalog.GetMenu(isPrepulled));
        }
    }

    [SkippableFact]
    public async Task CycleMenuAndDropdownMatchMenuFixture()
    {
        NubladoFixtures.RequireShared();
        var config = LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig("cycle.yaml"));
        var (catalog, _) = await BuildDockerAsync(config, NubladoFixtures.ReadRegistry("docker-cycle.json"));
        using var expected = NubladoFixtures.ReadControllerJson("menu/cycle.json");

        var menu = catalog.GetMenu(PrepulledFromNodes("nodes/cycle.json"));
        AssertMenu(expected.RootElement.GetProperty("menu"), menu);
        AssertMenu(expected.RootElement.GetProperty("dropdown"), catalog.Dropdown);
    }

    [SkippableFact]
    public async Task StandardMenuMatchesSpecVector()
    {
        // Spec section 16 node/menu vector: radio menu = [Recommended (Weekly 2077_43)] because
        // d_2077_10_23 is only on node1; the dropdown lists every remote tag except the -amd64 one.
        NubladoFixtures.RequireShared();
        var config = LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig("standard.yaml"));
        var (catalog, _) = await BuildDockerAsync(config, NubladoFixtures.ReadRegistry("docker.json"));

        var menu = catalog.GetMenu(PrepulledFromNodes("nodes/standard.json"));
        Assert.Equal(new[] { "Recommended (Weekly 2077_43)" }, menu.Select(i => i.DisplayName));
        Assert.Equal(
            new[] { "Recommended (Weekly 2077_43)", "Weekly 2077_43", "Daily 2077_10_23", "latest_weekly", "latest_daily" },
            catalog.Dropdown.Select(i => i.DisplayName));
        Assert.Equal(
            "lighthouse.ceres/library/sketchbook:recommended@sha256:5678", catalog.Dropdown[0].ReferenceWithDigest);
        Assert.Equal("lighthouse.ceres/library/sketchbook:latest_weekly", catalog.Dropdown[3].ReferenceWithDigest);
    }

    [SkippableFact]
    public async Task UnresolvedAliasAndUnknownTagsKeepTheirParsedNames()
    {
        // Spec section 16 vectors 25 and 26: not in the prepull set, so no digest and no resolution.
        NubladoFixtures.RequireShared();
        var cycle = await BuildDockerAsync(
            LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig("cycle.yaml")), NubladoFixtures.ReadRegistry("docker-cycle.json"));
        var latest = cycle.Catalog.Images.ImageForTag("latest_c0050")!;
        Assert.Equal(LabImageType.Alias, latest.Kind);
        Assert.Equal("Latest (SAL Cycle 0050)", latest.DisplayName);
        Assert.Null(latest.Digest);
        Assert.Null(latest.AliasTarget);

        var standard = await BuildDockerAsync(
            LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig("standard.yaml")), NubladoFixtures.ReadRegistry("docker.json"));
        var latestWeekly = standard.Catalog.Images.ImageForTag("latest_weekly")!;
        Assert.Equal(LabImageType.Unknown, latestWeekly.Kind);
        Assert.Equal("latest_weekly", latestWeekly.DisplayName);
        Assert.Null(latestWeekly.Digest);
    }

    [SkippableFact]
    public async Task DigestModeAllResolvesEveryAlias()
    {
        // With every digest known, latest_c0050 (same digest as w_2077_43_c0050.004) is resolved too:
        // the name Nublado's Google source gives it in menu/gar-cycle.json.
        NubladoFixtures.RequireShared();
        var config = LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig("cycle.yaml"));
        var (catalog, lookedUp) = await BuildDockerAsync(config, NubladoFixtures.ReadRegistry("docker-cycle.json"), LabImageDigestMode.All);
        Assert.Equal(7, lookedUp.Count); // the cycle-50 tags only
        var latest = catalog.Images.ImageForTag("latest_c0050")!;
        Assert.Equal("Latest (Weekly 2077_43, SAL Cycle 0050, Build 004)", latest.DisplayName);
        Assert.Equal("w_2077_43_c0050.004", latest.AliasTarget);
    }

    [SkippableFact]
    public async Task DigestModeNoneLooksNothingUp()
    {
        NubladoFixtures.RequireShared();
        var config = LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig("standard.yaml"));
        var (catalog, lookedUp) = await BuildDockerAsync(config, NubladoFixtures.ReadRegistry("docker.json"), LabImageDigestMode.None);
        Assert.Empty(lookedUp);
        Assert.Equal("Recommended", catalog.Recommended!.DisplayName);
        Assert.All(catalog.All, i => Assert.Null(i.Digest));
    }

    internal static async Task<(LabImageCatalog Catalog, List<string> LookedUp)> BuildDockerAsync(
        LabImageConfig config, IReadOnlyList<KeyValuePair<string, string>> registry, LabImageDigestMode mode = LabImageDigestMode.PrepullSet)
    {
        var digests = registry.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var lookedUp = new ConcurrentBag<string>();
        var catalog = await new LabImageCatalogBuilder(config).BuildAsync(
            registry.Select(p => p.Key),
            (tag, _) =>
            {
                lookedUp.Add(tag);
                return Task.FromResult<string>(digests[tag]);
            },
            new LabImageCatalogOptions { ResolveDigest = mode, MaxConcurrency = 3 });
        return (catalog, lookedUp.ToList());
    }

    private static Func<LabImage, bool> PrepulledFromNodes(string nodesName)
    {
        using var doc = NubladoFixtures.ReadControllerJson(nodesName);
        var nodes = new List<HashSet<string>>();
        foreach (var node in doc.RootElement.EnumerateObject())
        {
            // These fixtures have no taints, so every node is eligible.
            Assert.False(node.Value.TryGetProperty("taints", out var taints) && taints.GetArrayLength() > 0);
            var digests = new HashSet<string>(StringComparer.Ordinal);
            foreach (var image in node.Value.GetProperty("images").EnumerateArray())
            {
                foreach (var name in image.GetProperty("names").EnumerateArray())
                {
                    var text = name.GetString()!;
                    var at = text.IndexOf('@', StringComparison.Ordinal);
                    if (at > 0)
                    {
                        digests.Add(text[(at + 1)..]);
                    }
                }
            }

            nodes.Add(digests);
        }

        return image => image.Digest is not null && nodes.All(n => n.Contains(image.Digest));
    }

    private static void AssertImage(JsonElement root, string property, LabImageSpawnerImage? actual, bool checkPrepulled = true)
    {
        if (!root.TryGetProperty(property, out var expected) || expected.ValueKind == JsonValueKind.Null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        AssertSame(expected, actual, checkPrepulled);
    }

    private static void AssertSame(JsonElement expected, LabImageSpawnerImage actual, bool checkPrepulled = true)
    {
        Assert.Equal(expected.GetProperty("tag").GetString(), actual.Tag);
        Assert.Equal(expected.GetProperty("reference").GetString(), actual.Reference);
        Assert.Equal(expected.GetProperty("name").GetString(), actual.Name);
        var digest = expected.TryGetProperty("digest", out var d) && d.ValueKind != JsonValueKind.Null ? d.GetString() : null;
        Assert.Equal(digest, actual.Digest);
        Assert.Equal(expected.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()), actual.Aliases);
        if (checkPrepulled)
        {
            Assert.Equal(expected.GetProperty("prepulled").GetBoolean(), actual.Prepulled);
        }
    }

    private static void AssertMenu(JsonElement expected, IReadOnlyList<LabImage> actual)
    {
        var entries = expected.EnumerateArray().ToList();
        Assert.Equal(entries.Select(e => e.GetProperty("name").GetString()), actual.Select(i => i.DisplayName));
        Assert.Equal(entries.Select(e => e.GetProperty("reference").GetString()), actual.Select(i => i.ReferenceWithDigest));
    }
}
