using RspAdmin.Core.Images;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests;

/// <summary>The seeded tag set is what the catalog tests rely on: deterministic, valid and covering every tag type.</summary>
public sealed class LabTagPlanTests
{
    [Theory]
    [InlineData(40)]
    [InlineData(300)]
    [InlineData(2000)]
    public void A_plan_has_exactly_the_requested_number_of_distinct_valid_tags(int count)
    {
        var plan = LabTagPlan.Create(count);

        Assert.Equal(count, plan.Tags.Count);
        Assert.Equal(count, plan.TagNames.Distinct(StringComparer.Ordinal).Count());
        Assert.All(plan.TagNames, tag => Assert.True(ImageReference.IsValidTag(tag), tag));
    }

    [Fact]
    public void The_same_count_gives_the_same_plan()
    {
        Assert.Equal(LabTagPlan.Create(300).TagNames, LabTagPlan.Create(300).TagNames);
        Assert.Equal(LabTagPlan.Create(300).RecommendedTarget, LabTagPlan.Create(300).RecommendedTarget);
    }

    [Fact]
    public void A_plan_covers_every_tag_type_and_manifest_form()
    {
        var plan = LabTagPlan.Create(300);
        var parsed = plan.TagNames.Select(LabImageTag.Parse).ToList();

        foreach (var type in new[] { LabImageType.Release, LabImageType.ReleaseCandidate, LabImageType.Weekly, LabImageType.Daily, LabImageType.Experimental, LabImageType.Unknown })
        {
            Assert.Contains(parsed, t => t.GetKind() == type);
        }

        Assert.Contains(parsed, t => t.GetKind() == LabImageType.Release && t.RspBuild is not null);
        Assert.Contains(parsed, t => t.GetKind() == LabImageType.Release && t.RspBuild is null);
        Assert.Contains(parsed, t => t.Cycle is not null);
        Assert.Contains(parsed, t => t.Architecture == "amd64");
        Assert.Contains(parsed, t => t.Architecture == "arm64");
        Assert.True(parsed.Where(t => t.GetKind() == LabImageType.Weekly).Select(t => t.Date!.Value.Year).Distinct().Count() >= 3);
        foreach (var unknown in new[] { "latest", "latest_weekly", "recommended", "recommended_c0044" })
        {
            Assert.Contains(unknown, plan.TagNames);
        }

        Assert.Equal(Enum.GetValues<SeedManifestKind>().Order(), plan.Tags.Select(t => t.Kind).Distinct().Order());
    }

    [Fact]
    public void Recommended_is_an_alias_of_a_multi_arch_weekly()
    {
        var plan = LabTagPlan.Create(300);
        var recommended = plan.Tags.Single(t => t.Tag == "recommended");
        var target = plan.Tags.Single(t => t.Tag == plan.RecommendedTarget);

        Assert.Equal(plan.RecommendedTarget, recommended.AliasOf);
        Assert.Equal(LabImageType.Weekly, LabImageTag.Parse(plan.RecommendedTarget).GetKind());
        Assert.Equal(SeedManifestKind.OciIndex, target.Kind);
        Assert.Equal([plan.RecommendedTarget + "-amd64", plan.RecommendedTarget + "-arm64"], target.Children!);
    }

    [Fact]
    public void Too_small_a_plan_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LabTagPlan.Create(LabTagPlan.MinimumCount - 1));
}
