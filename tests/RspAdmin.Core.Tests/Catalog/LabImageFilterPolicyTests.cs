using RspAdmin.Core.Config;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Tests.Catalog;

/// <summary>The <c>dropdownMenu</c> filter policy (spec section 10).</summary>
public sealed class LabImageFilterPolicyTests
{
    // Week 8 of 2025, a Wednesday: w_2025_08 does not exist yet.
    private static readonly DateTimeOffset Basis = new(2025, 2, 19, 17, 0, 0, TimeSpan.Zero);

    // Nublado's filter test tags, plus r29_2_1_rsp2742 (kept: build 2742 >= 2600) and r29_1_0_rsp2599
    // (a version above the cut-off that only cutoffBuild removes), which exercise cutoffBuild.
    private static readonly string[] Tags =
    {
        "recommended", "recommended-amd64", "r29_2_1_rsp2742", "r29_1_0_rsp2599", "r28_0_1", "r28_0_1-amd64", "r28_0_0",
        "r27_0_0", "r26_0_0", "w_2025_07", "w_2025_07-arm64", "w_2025_06", "w_2025_05", "w_2025_04", "d_2025_02_19",
        "d_2025_02_18", "d_2025_02_17", "d_2025_02_16", "r28_0_0_rc2-amd64", "r28_0_0_rc1", "r27_0_0_rc1", "exp_w_2025_07",
        "exp_w_2025_06", "exp_w_2025_05", "unknown",
    };

    private static readonly LabImageFilterPolicy SpecPolicy = new()
    {
        Release = new LabImageFilter { CutoffBuild = 2600, CutoffVersion = new LabImageVersion(27, 0, 0) },
        Weekly = new LabImageFilter { Age = TimeSpan.FromDays(14) },
        Daily = new LabImageFilter { Age = TimeSpan.FromDays(2), Number = 4 },
        ReleaseCandidate = new LabImageFilter { CutoffVersion = new LabImageVersion(25, 3, 1), Number = 1 },
        Experimental = new LabImageFilter { CutoffDate = new DateTimeOffset(2025, 2, 7, 0, 0, 0, TimeSpan.Zero) },
    };

    [Fact]
    public async Task SpecVectorHoldsExactly()
    {
        var config = DockerConfig(SpecPolicy);
        var shuffled = Tags.OrderBy(t => t.GetHashCode(StringComparison.Ordinal)).ToArray();
        var catalog = await new LabImageCatalogBuilder(config).BuildAsync(
            shuffled, null, new LabImageCatalogOptions { ResolveDigest = LabImageDigestMode.None, TimeProvider = new FixedTimeProvider(Basis) });

        Assert.Equal(
            new[]
            {
                "recommended", "r29_2_1_rsp2742", "r28_0_1", "r28_0_0", "r27_0_0", "w_2025_07", "w_2025_06", "d_2025_02_19",
                "d_2025_02_18", "r28_0_0_rc1", "exp_w_2025_07", "unknown",
            },
            catalog.Dropdown.Select(i => i.Tag));
        Assert.Equal(Basis, catalog.BuiltAt);
    }

    [Fact]
    public void KeepingArchitectureSpecificTagsLetsThemTakeLimitedSlots()
    {
        var tags = LabImageCatalogBuilder.ParseTags(Tags.Where(t => t != "r29_1_0_rsp2599" && t != "r29_2_1_rsp2742"), DockerConfig(SpecPolicy));
        var kept = SpecPolicy.Apply(tags, t => t, Basis, removeArchitectureSpecific: false).Select(t => t.Tag);
        Assert.Equal(
            new[]
            {
                "recommended", "recommended-amd64", "r28_0_1", "r28_0_1-amd64", "r28_0_0", "r27_0_0", "w_2025_07", "w_2025_07-arm64",
                "w_2025_06", "d_2025_02_19", "d_2025_02_18", "r28_0_0_rc2-amd64", "exp_w_2025_07", "unknown",
            },
            kept);
    }

    [Fact]
    public void CutoffVersionOnlyAppliesToSemanticTags()
    {
        var cutoff = new LabImageVersion(28, 0, 1);
        var policy = new LabImageFilterPolicy
        {
            Release = new LabImageFilter { CutoffVersion = cutoff },
            ReleaseCandidate = new LabImageFilter { CutoffVersion = cutoff },
            Weekly = new LabImageFilter { CutoffVersion = cutoff },
            Experimental = new LabImageFilter { CutoffVersion = cutoff },
        };
        var tags = LabImageCatalogBuilder.ParseTags(
            new[] { "r28_0_1", "r28_0_0", "w_2025_07", "w_2025_06", "r28_0_2_rc1", "r27_0_1_rc1", "exp_w_2025_07", "exp_r28_0_1_exp", "exp_r28_0_0_exp" },
            DockerConfig(LabImageFilterPolicy.None));
        var kept = policy.Apply(tags, t => t, DateTimeOffset.UtcNow).Select(t => t.Tag);
        Assert.Equal(new[] { "r28_0_1", "w_2025_07", "w_2025_06", "r28_0_2_rc1", "exp_w_2025_07", "exp_r28_0_1_exp" }, kept);
    }

    [Theory]
    [InlineData("2025-02-01", "1w", "2025-02-12T17:00:00Z")] // now - age is later
    [InlineData("2025-02-15", "1w", "2025-02-15T00:00:00Z")] // cutoffDate is later
    [InlineData(null, "2d", "2025-02-17T17:00:00Z")]
    [InlineData("2025-02-15", null, "2025-02-15T00:00:00Z")]
    public void DateThresholdIsTheLaterOfCutoffDateAndAge(string? cutoffDate, string? age, string expected)
    {
        var filter = new LabImageFilter
        {
            CutoffDate = cutoffDate is null ? null : DateTimeOffset.Parse(cutoffDate + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Age = age is null ? null : Parse(age),
        };
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), filter.DateThreshold(Basis));
    }

    [Fact]
    public void NumberZeroMeansNoLimitAndAliasesAndUnknownAreNeverFiltered()
    {
        var policy = new LabImageFilterPolicy { Weekly = new LabImageFilter { Number = 0 }, Release = new LabImageFilter { Number = 1 } };
        var tags = LabImageCatalogBuilder.ParseTags(new[] { "w_2025_07", "w_2025_06", "w_2025_05", "r1_0_0", "r2_0_0", "recommended", "zzz" }, DockerConfig(policy));
        var kept = policy.Apply(tags, t => t, Basis).Select(t => t.Tag);
        Assert.Equal(new[] { "recommended", "r2_0_0", "w_2025_07", "w_2025_06", "w_2025_05", "zzz" }, kept);
    }

    [Fact]
    public void CutoffBuildKeepsTagsWithoutABuild()
    {
        var policy = new LabImageFilterPolicy { Weekly = new LabImageFilter { CutoffBuild = 100 } };
        var tags = LabImageCatalogBuilder.ParseTags(new[] { "w_2025_07_rsp99", "w_2025_07_rsp100", "w_2025_06" }, DockerConfig(policy));
        Assert.Equal(new[] { "w_2025_07_rsp100", "w_2025_06" }, policy.Apply(tags, t => t, Basis).Select(t => t.Tag));
    }

    private static TimeSpan Parse(string duration)
    {
        Assert.True(LabImageDuration.TryParse(duration, out var value));
        return value;
    }

    internal static LabImageConfig DockerConfig(LabImageFilterPolicy policy) => new()
    {
        Source = LabImageSource.Docker("library/sketchbook", "lighthouse.ceres"),
        AliasTags = new[] { "recommended-amd64" },
        DropdownMenu = policy,
    };
}
