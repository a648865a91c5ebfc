using RspAdmin.Core.Config;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Tests.Catalog;

/// <summary>Tag parsing per source, the cycle filter and the prepull set (spec sections 4, 5.4 and 6).</summary>
public sealed class LabImagePrepullSelectionTests
{
    // Spec section 4, the full collection in menu order (no aliases configured).
    private static readonly string[] Collection =
    {
        "r21_0_1", "r20_0_1_c0027.001", "w_2077_46", "w_2077_46-amd64", "w_2077_45", "w_2077_44", "w_2077_43", "w_2077_42",
        "w_2077_40_c0027.001", "w_2077_40_c0026.001", "w_2077_40_c0026.001-amd64", "d_2077_10_21", "d_2077_10_20",
        "r22_0_1_rc1-arm64", "r22_0_0_rc1", "exp_w_2021_22", "recommended_c0027", "recommended", "latest_c0027-arm64", "latest-arm64",
    };

    private static readonly LabImageConfig Google = new() { Source = LabImageSource.Google("us-central1", "p", "r", "i") };

    private static readonly LabImageConfig DockerWithAliases = new()
    {
        Source = LabImageSource.Docker("library/sketchbook", "lighthouse.ceres"),
        AliasTags = new[] { "recommended_c0027" },
    };

    [Fact]
    public void TagsComeOutInMenuOrderWhateverTheListingOrder()
    {
        var reversed = Collection.Reverse().ToArray();
        Assert.Equal(Collection, LabImageCatalogBuilder.ParseTags(reversed, Google).Select(t => t.Tag));
    }

    [Fact]
    public void DockerSourceParsesRecommendedAndAliasTagsAsAliases()
    {
        var tags = LabImageCatalogBuilder.ParseTags(Collection, DockerWithAliases);
        Assert.Equal(new[] { "recommended_c0027", "recommended" }, tags.Take(2).Select(t => t.Tag));
        Assert.All(tags.Take(2), t => Assert.Equal(LabImageType.Alias, t.GetKind()));
        Assert.Equal("Recommended (SAL Cycle 0027)", tags[0].DisplayName);

        // A Google source never parses aliases: they are found by digest.
        Assert.Equal(LabImageType.Unknown, LabImageCatalogBuilder.ParseTags(new[] { "recommended" }, Google)[0].GetKind());
    }

    [Fact]
    public void SubsetVectorOfSpecSectionSix()
    {
        var tags = LabImageCatalogBuilder.ParseTags(Collection, DockerWithAliases);
        var subset = LabImageCatalogBuilder.SelectPrepull(tags, releases: 1, weeklies: 3, dailies: 1, include: new[] { "recommended" });
        Assert.Equal(new[] { "recommended", "r21_0_1", "w_2077_46", "w_2077_45", "w_2077_44", "d_2077_10_21" }, subset.Select(t => t.Tag));
    }

    [Fact]
    public void PinnedTagsAreAddedOnceAndDoNotDisplaceTheNewest()
    {
        var tags = LabImageCatalogBuilder.ParseTags(Collection, DockerWithAliases);
        var subset = LabImageCatalogBuilder.SelectPrepull(tags, 1, 1, 0, new[] { "r21_0_1", "w_2077_42", "w_2077_46-amd64", "r99_0_0" });
        Assert.Equal(new[] { "r21_0_1", "w_2077_46", "w_2077_42" }, subset.Select(t => t.Tag));
    }

    [Fact]
    public void CycleFilterAppliesToEveryTagIncludingRecommended()
    {
        var config = new LabImageConfig { Source = LabImageSource.Docker("x/y"), Cycle = 27 };
        var tags = LabImageCatalogBuilder.ParseTags(Collection, config);
        Assert.Equal(new[] { "r20_0_1_c0027.001", "w_2077_40_c0027.001", "recommended_c0027", "latest_c0027-arm64" }, tags.Select(t => t.Tag));
    }

    [Fact]
    public async Task ImageClassesComeFromThePrepullSet()
    {
        var config = new LabImageConfig { Source = LabImageSource.Docker("x/y"), NumReleases = 0, NumWeeklies = 1, NumDailies = 1 };
        var catalog = await new LabImageCatalogBuilder(config).BuildAsync(
            Collection, null, new LabImageCatalogOptions { ResolveDigest = LabImageDigestMode.None });
        Assert.Null(catalog.LatestRelease); // numReleases: 0 although r21_0_1 exists
        Assert.Equal("w_2077_46", catalog.LatestWeekly!.Tag);
        Assert.Equal("d_2077_10_21", catalog.LatestDaily!.Tag);
        Assert.Equal("recommended", catalog.Recommended!.Tag);
        Assert.Equal(new[] { "recommended", "w_2077_46", "d_2077_10_21" }, catalog.PrepullSet.Select(i => i.Tag));
        Assert.DoesNotContain(catalog.All, i => i.IsArchitectureSpecific);
        Assert.Equal(Collection.Length - 5, catalog.All.Count);

        var withArch = await new LabImageCatalogBuilder(config).BuildAsync(
            Collection, null, new LabImageCatalogOptions { ResolveDigest = LabImageDigestMode.None, IncludeArchitectureSpecific = true });
        Assert.Equal(Collection.Length, withArch.All.Count);
    }

    [Fact]
    public async Task DigestLookupsAreBoundedAndReported()
    {
        var config = new LabImageConfig { Source = LabImageSource.Docker("x/y"), NumReleases = 5, NumWeeklies = 10, NumDailies = 5 };
        var running = 0;
        var peak = 0;
        var reports = new List<LabImageDigestProgress>();
        var progress = new SynchronousProgress<LabImageDigestProgress>(p => { lock (reports) { reports.Add(p); } });
        var catalog = await new LabImageCatalogBuilder(config).BuildAsync(
            Collection,
            async (tag, token) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Yield();
                Interlocked.Decrement(ref running);
                return "sha256:" + tag;
            },
            new LabImageCatalogOptions { ResolveDigest = LabImageDigestMode.All, MaxConcurrency = 2, Progress = progress });

        Assert.InRange(peak, 1, 2);
        Assert.Equal(Collection.Length, reports.Count);
        Assert.Equal(Enumerable.Range(1, Collection.Length), reports.Select(r => r.Completed).Order());
        Assert.All(reports, r => Assert.Equal(Collection.Length, r.Total));
        Assert.All(catalog.Images.AllImages(hideArchitectureSpecific: false), i => Assert.Equal("sha256:" + i.Tag, i.Digest));
    }

    [Fact]
    public async Task LookupFailuresPropagateAndMissingLookupIsRejected()
    {
        var config = new LabImageConfig { Source = LabImageSource.Docker("x/y") };
        var builder = new LabImageCatalogBuilder(config);
        await Assert.ThrowsAsync<ArgumentException>(() => builder.BuildAsync(Collection, null));
        await Assert.ThrowsAsync<InvalidOperationException>(() => builder.BuildAsync(
            Collection, (_, _) => throw new InvalidOperationException("registry down")));
        await Assert.ThrowsAsync<ArgumentException>(() => builder.BuildAsync(
            Collection, (_, _) => Task.FromResult<string>("sha256:1"), new LabImageCatalogOptions { MaxConcurrency = 0 }));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class SynchronousProgress<T> : IProgress<T>
    {
        private readonly Action<T> _report;

        public SynchronousProgress(Action<T> report) => _report = report;

        public void Report(T value) => _report(value);
    }
}
