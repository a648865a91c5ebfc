using CsCheck;
using RspAdmin.Core.Config;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Tests.Catalog;

/// <summary>Properties of the catalog over random registries (tags, digests with collisions, configs).</summary>
public sealed class LabImageCatalogPropertyTests
{
    private static readonly Gen<string> CycleSuffix =
        Gen.Frequency((3, Gen.Const(string.Empty)), (2, Gen.Select(Gen.OneOf(44, 45, 50), Gen.Int[1, 4], (c, b) => $"_c{c:D4}.{b:D3}")));

    private static readonly Gen<string> ArchSuffix = Gen.Frequency((5, Gen.Const(string.Empty)), (1, Gen.OneOf("-amd64", "-arm64")));

    private static readonly Gen<string> TypedBase = Gen.OneOf(
        Gen.Select(Gen.Int[20, 30], Gen.Int[0, 3], Gen.Int[0, 2], (a, b, c) => $"r{a}_{b}_{c}"),
        Gen.Select(Gen.Int[20, 30], Gen.Int[0, 3], Gen.Int[1, 3], (a, b, n) => $"r{a}_{b}_0_rc{n}"),
        Gen.Select(Gen.Int[2074, 2078], Gen.Int[1, 52], (y, w) => $"w_{y}_{w:D2}"),
        Gen.Select(Gen.Int[2074, 2078], Gen.Int[1, 12], Gen.Int[1, 28], (y, m, d) => $"d_{y}_{m:D2}_{d:D2}"),
        Gen.Select(Gen.Int[2074, 2078], Gen.Int[1, 52], (y, w) => $"exp_w_{y}_{w:D2}"));

    private static readonly Gen<string> TypedTag = Gen.Select(TypedBase, CycleSuffix, ArchSuffix, (t, c, a) => t + c + a);

    private static readonly Gen<string> OtherTag = Gen.Select(
        Gen.OneOf("recommended", "latest", "latest_weekly", "latest_daily", "stable", "sciplat-lab"),
        Gen.Frequency((3, Gen.Const(string.Empty)), (1, Gen.OneOf("_c0044", "_c0050"))),
        (b, c) => b + c);

    private static readonly Gen<(string Tag, string Digest)> Entry = Gen.Select(
        Gen.Frequency((4, TypedTag), (1, OtherTag)),
        Gen.Int[0, 9].Select(i => $"sha256:{i}"));

    private static readonly Gen<LabImageConfig> Config = Gen.Select(
        Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 4], Gen.Int[0, 4], Gen.OneOf<int?>(null, 44, 50),
        Gen.Select(Gen.Frequency((2, TypedTag), (1, OtherTag)).Array[0, 3], Gen.OneOf("recommended", "recommended_c0044", "r25_0_0")),
        (docker, releases, weeklies, dailies, cycle, pinsAndRecommended) => new LabImageConfig
        {
            Source = docker ? LabImageSource.Docker("library/sketchbook", "lighthouse.ceres") : LabImageSource.Google("us-central1", "p", "r", "i"),
            NumReleases = releases,
            NumWeeklies = weeklies,
            NumDailies = dailies,
            Cycle = cycle,
            Pin = pinsAndRecommended.Item1,
            RecommendedTag = pinsAndRecommended.Item2,
            AliasTags = new[] { "latest", "latest_c0044" },
        });

    private static readonly Gen<LabImageDigestMode> Mode = Gen.OneOf(LabImageDigestMode.None, LabImageDigestMode.PrepullSet, LabImageDigestMode.All);

    [Fact]
    public void OutputIsAlwaysInMenuOrder()
    {
        Gen.Select(Config, Entry.Array[0, 40], Mode).Sample((config, entries, mode) =>
        {
            var catalog = Build(config, entries, mode);
            var raw = LabImageCatalogBuilder.ParseTags(entries.Select(e => e.Tag), config).ToDictionary(t => t.Tag);
            Func<LabImage, LabImageTag> order = config.Source.GetKind() == LabImageSourceType.Docker ? i => raw[i.Tag] : i => i.ParsedTag;
            AssertSorted(catalog.All, order);
            AssertSorted(catalog.Dropdown, order);
            AssertSorted(catalog.PrepullSet, i => i.ParsedTag);
            AssertSorted(catalog.Images.AllImages(hideArchitectureSpecific: false).ToList(), i => i.ParsedTag);

            // The dropdown is a subsequence of the full list.
            var position = catalog.All.Select((image, index) => (image.Tag, index)).ToDictionary(p => p.Tag, p => p.index);
            var indexes = catalog.Dropdown.Select(i => position[i.Tag]).ToList();
            Assert.Equal(indexes.Order(), indexes);
        }, iter: 300);
    }

    [Fact]
    public void PrepullSetIsBoundedByTheConfiguration()
    {
        Gen.Select(Config, Entry.Array[0, 40], Mode).Sample((config, entries, mode) =>
        {
            var catalog = Build(config, entries, mode);
            var bound = config.NumReleases + config.NumWeeklies + config.NumDailies + 1 + config.Pin.Count;
            Assert.True(catalog.PrepullSet.Count <= bound, $"{catalog.PrepullSet.Count} > {bound}");
            // Chosen by the tags as listed: an alias may inherit its target's architecture once resolved.
            Assert.DoesNotContain(catalog.PrepullSet, i => LabImageTagParser.Parse(i.Tag).IsArchitectureSpecific);
            Assert.True(catalog.PrepullSet.Count(i => i.Kind == LabImageType.Weekly) <= config.NumWeeklies + config.Pin.Count);
            if (catalog.Recommended is { } recommended)
            {
                Assert.Equal(config.RecommendedTag, recommended.Tag);
            }
        }, iter: 300);
    }

    [Fact]
    public void CycleFilterKeepsOnlyTheCycle()
    {
        Gen.Select(Config, Entry.Array[0, 40], Mode).Sample((config, entries, mode) =>
        {
            var catalog = Build(config, entries, mode);
            var expected = entries.Select(e => e.Tag).Distinct().Count(t => config.Cycle is null || LabImageTagParser.Parse(t).Cycle == config.Cycle);
            Assert.Equal(expected, catalog.Images.Count);
            if (config.Cycle is { } cycle)
            {
                Assert.All(catalog.Images.AllImages(hideArchitectureSpecific: false), i => Assert.Equal(cycle, i.Cycle));
            }
        }, iter: 300);
    }

    [Fact]
    public void EveryPossibleAliasWithATypedTwinIsResolvedToATypedImage()
    {
        Gen.Select(Config, Entry.Array[0, 40]).Sample((config, entries) =>
        {
            var catalog = Build(config, entries, LabImageDigestMode.All);
            var images = catalog.Images.AllImages(hideArchitectureSpecific: false).ToList();
            var typedDigests = images.Where(i => !i.IsPossibleAlias).Select(i => i.Digest).ToHashSet();
            foreach (var image in images.Where(i => i.IsPossibleAlias && typedDigests.Contains(i.Digest)))
            {
                Assert.Equal(LabImageType.Alias, image.Kind);
                var target = catalog.Images.ImageForTag(image.AliasTarget!)!;
                Assert.False(target.IsPossibleAlias);
                Assert.Equal(image.Digest, target.Digest);
                Assert.Same(target, catalog.Images.ImageForDigest(image.Digest!));
            }
        }, iter: 300);
    }

    private static LabImageCatalog Build(LabImageConfig config, (string Tag, string Digest)[] entries, LabImageDigestMode mode)
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tag, digest) in entries)
        {
            digests.TryAdd(tag, digest);
        }

        return new LabImageCatalogBuilder(config).BuildAsync(
            entries.Select(e => e.Tag),
            (tag, _) => Task.FromResult<string>(digests[tag]),
            new LabImageCatalogOptions { ResolveDigest = mode, MaxConcurrency = 4 }).GetAwaiter().GetResult();
    }

    private static void AssertSorted(IReadOnlyList<LabImage> images, Func<LabImage, LabImageTag> tagOf)
    {
        for (var i = 1; i < images.Count; i++)
        {
            Assert.True(
                LabImageTagComparer.MenuOrder.Compare(tagOf(images[i - 1]), tagOf(images[i])) <= 0,
                $"{images[i - 1].Tag} before {images[i].Tag}");
        }
    }
}
