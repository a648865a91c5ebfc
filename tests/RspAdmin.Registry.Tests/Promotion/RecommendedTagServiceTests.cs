using RspAdmin.Core.Config;
using RspAdmin.Core.Http;
using RspAdmin.Core.Images;
using RspAdmin.Core.Promotion;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests.Promotion;

/// <summary>
/// Moving the recommended tag against a real docker-registry: what the plan reports, what the move writes, and
/// that every refusal and failure before the PUT leaves the registry as it was. Menu names follow the spec's
/// rules (Docker source: the recommended alias resolves only when an image of the prepull set shares its digest).
/// </summary>
[Collection(PromotionRegistryCollection.Name)]
public sealed class RecommendedTagServiceTests(PromotionRegistryFixture fixture)
{
    private const string FakeDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    // The plain weeklies of the seeded repository, newest first.
    private static List<string> Weeklies(SeededRepository seeded) => seeded.Plan.TagNames
        .Select(LabImageTagParser.Parse)
        .Where(t => t.GetKind() == LabImageType.Weekly && !t.IsArchitectureSpecific && t.Cycle is null)
        .OrderBy(t => t, LabImageTagComparer.MenuOrder)
        .Select(t => t.Tag)
        .ToList();

    private LabImageConfig Config(SeededRepository seeded, int? cycle = null, string recommended = "recommended") => new LabImageConfig
    {
        Source = LabImageSource.Docker(seeded.Repository, fixture.Registry!.Address),
        RecommendedTag = recommended,
        Cycle = cycle,
        Environment = "test",
    }.Validate();

    [SkippableFact]
    public async Task Plan_reports_the_current_target_and_the_menu_before_and_after_and_writes_nothing()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var weeklies = Weeklies(seeded);
        var before = await fixture.SnapshotAsync(seeded.Repository, ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);

        var plan = await RecommendedTagService.PlanAsync(client, Config(seeded), weeklies[1], null, ct);

        // The seeded recommended names the third weekly, which the default two-weekly prepull set does not hold.
        Assert.Equal(weeklies[2], seeded.RecommendedTarget);
        Assert.Equal(seeded.Digests["recommended"], plan.PreviousDigest);
        Assert.Equal([seeded.RecommendedTarget], plan.PreviousTags);
        Assert.Equal("Recommended", plan.CurrentDisplayName);
        Assert.True(plan.IsTagPrepulled);
        Assert.Equal($"Recommended (Weekly {weeklies[1][2..]})", plan.DisplayNameAfter);
        Assert.Equal(plan.DisplayNameAfter, plan.DisplayNameAfterPin);
        Assert.Equal(seeded.Digests[weeklies[1]], plan.Digest);
        Assert.Equal(ManifestMediaTypes.OciIndex, plan.MediaType);
        Assert.False(plan.IsUnchanged);
        Assert.Contains(seeded.Digests["recommended"], plan.Describe(), StringComparison.Ordinal);
        Assert.Contains(plan.Digest, plan.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain(log, e => e.Method is "PUT" or "POST" or "DELETE");
        Assert.Equal(before, await fixture.SnapshotAsync(seeded.Repository, ct));
    }

    [SkippableFact]
    public async Task Apply_moves_the_recommended_tag_and_returns_the_resolved_image()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var weeklies = Weeklies(seeded);
        var before = await fixture.SnapshotAsync(seeded.Repository, ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);
        var plan = await RecommendedTagService.PlanAsync(client, Config(seeded), weeklies[0], seeded.Digests[weeklies[0]], ct);
        log.Clear();

        var image = await RecommendedTagService.ApplyAsync(client, plan, ct);

        Assert.Equal(["PUT", "HEAD"], log.Select(e => e.Method));
        Assert.Equal("recommended", image.Tag);
        Assert.Equal(LabImageType.Alias, image.Kind);
        Assert.Equal(weeklies[0], image.AliasTarget);
        Assert.Equal($"Recommended (Weekly {weeklies[0][2..]})", image.DisplayName);
        Assert.Equal(seeded.Digests[weeklies[0]], image.Digest);

        var expected = before.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        expected["recommended"] = seeded.Digests[weeklies[0]];
        Assert.Equal(expected, await fixture.SnapshotAsync(seeded.Repository, ct));
    }

    [SkippableFact]
    public async Task An_image_outside_the_prepull_set_resolves_in_the_menu_only_once_pinned()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var oldest = Weeklies(seeded)[^1];
        using var client = fixture.CreateClient([]);

        var plan = await RecommendedTagService.PlanAsync(client, Config(seeded), oldest, null, ct);

        Assert.False(plan.IsTagPrepulled);
        Assert.Equal("Recommended", plan.DisplayNameAfter);
        Assert.Equal($"Recommended (Weekly {oldest[2..]})", plan.DisplayNameAfterPin);
    }

    [SkippableFact]
    public async Task Promoting_the_current_target_writes_nothing()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);

        var plan = await RecommendedTagService.PlanAsync(client, Config(seeded), seeded.RecommendedTarget, null, ct);
        log.Clear();
        var image = await RecommendedTagService.ApplyAsync(client, plan, ct);

        Assert.True(plan.IsUnchanged);
        Assert.Empty(log);
        Assert.Equal(seeded.Digests["recommended"], image.Digest);
    }

    [SkippableFact]
    public async Task A_cycle_environment_moves_its_own_recommended_tag_only()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var before = await fixture.SnapshotAsync(seeded.Repository, ct);
        using var client = fixture.CreateClient([]);
        var config = Config(seeded, cycle: 44, recommended: "recommended_c0044");

        var plan = await RecommendedTagService.PlanAsync(client, config, "r28_0_0_c0044.002", null, ct);
        await RecommendedTagService.ApplyAsync(client, plan, ct);

        Assert.Equal(["w_2025_10_c0044.001"], plan.PreviousTags);
        var expected = before.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        expected["recommended_c0044"] = seeded.Digests["r28_0_0_c0044.002"];
        Assert.Equal(expected, await fixture.SnapshotAsync(seeded.Repository, ct));
    }

    [SkippableTheory]
    [InlineData("w_2025_20-amd64", null, "Promotion.ArchitectureSpecific")]
    [InlineData("w_2025_20", 44, "Promotion.WrongCycle")]
    [InlineData("recommended", null, "Promotion.SameTag")]
    [InlineData("latest weekly", null, "Promotion.InvalidTag")]
    public async Task Refused_tags_cost_no_request_and_change_nothing(string tag, int? cycle, string errorId)
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var before = await fixture.SnapshotAsync(seeded.Repository, ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);

        var error = await Assert.ThrowsAsync<LabImagePromotionException>(
            () => RecommendedTagService.PlanAsync(client, Config(seeded, cycle, cycle is null ? "recommended" : "recommended_c0044"), tag, null, ct));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Empty(log);
        Assert.Equal(before, await fixture.SnapshotAsync(seeded.Repository, ct));
    }

    [SkippableFact]
    public async Task An_alias_tag_is_refused()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        using var client = fixture.CreateClient([]);
        var config = new LabImageConfig
        {
            Source = LabImageSource.Docker(seeded.Repository, fixture.Registry!.Address),
            AliasTags = ["latest_weekly"],
        };

        var error = await Assert.ThrowsAsync<LabImagePromotionException>(() => RecommendedTagService.PlanAsync(client, config, "latest_weekly", null, ct));

        Assert.Equal(LabImagePromotionErrorReason.AliasTag, error.Reason);
    }

    [SkippableFact]
    public async Task A_missing_tag_or_a_moved_digest_changes_nothing()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var before = await fixture.SnapshotAsync(seeded.Repository, ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);

        var missing = await Assert.ThrowsAsync<LabImagePromotionException>(() => RecommendedTagService.PlanAsync(client, Config(seeded), "w_1999_01", null, ct));
        var moved = await Assert.ThrowsAsync<LabImagePromotionException>(
            () => RecommendedTagService.PlanAsync(client, Config(seeded), seeded.Plan.LatestWeekly, FakeDigest, ct));

        Assert.Equal("Promotion.TagNotFound", missing.ErrorId);
        Assert.Equal("Promotion.DigestChanged", moved.ErrorId);
        Assert.DoesNotContain(log, e => e.Method == "PUT");
        Assert.Equal(before, await fixture.SnapshotAsync(seeded.Repository, ct));
    }

    [SkippableFact]
    public async Task A_failed_verification_says_what_the_registry_now_holds()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        using var client = fixture.CreateClient([], new DigestTamperingHandler("recommended", FakeDigest));
        var plan = await RecommendedTagService.PlanAsync(client, Config(seeded), seeded.Plan.LatestWeekly, null, ct);

        var error = await Assert.ThrowsAsync<LabImagePromotionException>(() => RecommendedTagService.ApplyAsync(client, plan, ct));

        Assert.Equal(LabImagePromotionErrorReason.VerificationFailed, error.Reason);
        Assert.Contains($"now holds {FakeDigest}", error.Message, StringComparison.Ordinal);
        Assert.Contains(":recommended", (string?)error.Target, StringComparison.Ordinal);
    }
}
