using System.Text;
using RspAdmin.Core.Http;
using RspAdmin.Core.Promotion;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests.Promotion;

/// <summary>The retag primitive against a real docker-registry: digests kept, requests counted, failures change nothing.</summary>
[Collection(PromotionRegistryCollection.Name)]
public sealed class LabImageRetaggerTests(PromotionRegistryFixture fixture)
{
    private const string FakeDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    [SkippableTheory]
    [InlineData(SeedManifestKind.DockerManifest, ManifestMediaTypes.DockerManifest)]
    [InlineData(SeedManifestKind.OciManifest, ManifestMediaTypes.OciManifest)]
    [InlineData(SeedManifestKind.OciIndex, ManifestMediaTypes.OciIndex)]
    public async Task Copy_keeps_the_digest_and_media_type_with_one_get_one_put_and_one_head(SeedManifestKind kind, string mediaType)
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var source = seeded.Plan.Tags.First(t => t.Kind == kind && t.AliasOf is null).Tag;
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);

        var result = await LabImageRetagger.CopyAsync(client, seeded.Repository, source, "approved", expectedDigest: seeded.Digests[source], ct);

        Assert.Equal(seeded.Digests[source], result.Digest);
        Assert.Equal(mediaType, result.MediaType);
        Assert.Equal(["GET", "PUT", "HEAD"], log.Select(e => e.Method));
        Assert.EndsWith($"/manifests/{source}", log[0].Url, StringComparison.Ordinal);
        Assert.All(log.Skip(1), e => Assert.EndsWith("/manifests/approved", e.Url, StringComparison.Ordinal));

        // Read back independently: same digest and media type, and the bytes of the source.
        using var reader = fixture.Registry!.CreateClient();
        var copied = await reader.GetManifestAsync(seeded.Repository, "approved", ct);
        var original = await reader.GetManifestAsync(seeded.Repository, source, ct);
        Assert.Equal(seeded.Digests[source], copied.Digest);
        Assert.Equal(mediaType, copied.MediaType);
        Assert.True(original.Bytes.Span.SequenceEqual(copied.Bytes.Span));
    }

    [SkippableFact]
    public async Task Moving_an_existing_tag_points_it_at_the_source()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);
        Assert.NotEqual(seeded.Digests["latest"], seeded.Digests[seeded.RecommendedTarget]);

        await LabImageRetagger.CopyAsync(client, seeded.Repository, seeded.RecommendedTarget, "latest", null, ct);

        var expected = seeded.Digests.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        expected["latest"] = seeded.Digests[seeded.RecommendedTarget];
        Assert.Equal(expected, await fixture.SnapshotAsync(seeded.Repository, ct));
    }

    [SkippableFact]
    public async Task A_missing_source_is_TagNotFound_and_nothing_is_written()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var before = await fixture.SnapshotAsync(seeded.Repository, ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);

        var error = await Assert.ThrowsAsync<LabImagePromotionException>(() => LabImageRetagger.CopyAsync(client, seeded.Repository, "w_1999_01", "recommended", null, ct));

        Assert.Equal("Promotion.TagNotFound", error.ErrorId);
        Assert.DoesNotContain(log, e => e.Method == "PUT");
        Assert.Equal(before, await fixture.SnapshotAsync(seeded.Repository, ct));
    }

    [SkippableFact]
    public async Task An_unexpected_digest_is_DigestChanged_and_nothing_is_written()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var before = await fixture.SnapshotAsync(seeded.Repository, ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);
        var approved = seeded.Digests[seeded.Plan.LatestWeekly];

        var error = await Assert.ThrowsAsync<LabImagePromotionException>(
            () => LabImageRetagger.CopyAsync(client, seeded.Repository, seeded.RecommendedTarget, "recommended", approved, ct));

        Assert.Equal(LabImagePromotionErrorReason.DigestChanged, error.Reason);
        Assert.Contains(seeded.Digests[seeded.RecommendedTarget], error.Message, StringComparison.Ordinal);
        Assert.Contains(approved, error.Message, StringComparison.Ordinal);
        Assert.Equal(["GET"], log.Select(e => e.Method));
        Assert.Equal(before, await fixture.SnapshotAsync(seeded.Repository, ct));
    }

    [SkippableTheory]
    [InlineData("w_2025_20", "not a tag", "Promotion.InvalidTag")]
    [InlineData("-w_2025_20", "recommended", "Promotion.InvalidTag")]
    [InlineData("recommended", "recommended", "Promotion.SameTag")]
    public async Task Malformed_or_identical_tags_are_refused_before_any_request(string source, string newTag, string errorId)
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);

        var error = await Assert.ThrowsAsync<LabImagePromotionException>(() => LabImageRetagger.CopyAsync(client, seeded.Repository, source, newTag, null, ct));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Empty(log);
    }

    [SkippableFact]
    public async Task A_put_the_registry_refuses_changes_nothing()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var before = await fixture.SnapshotAsync(seeded.Repository, ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log);

        // A manifest naming blobs the repository does not have.
        var bytes = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestMediaTypes.OciManifest + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + FakeDigest + "\",\"size\":2},\"layers\":[]}");
        var bogus = new ManifestContent(bytes, ManifestMediaTypes.OciManifest, ContentDigest.Sha256(bytes));

        var error = await Assert.ThrowsAsync<RegistryException>(() => LabImageRetagger.WriteAsync(client, seeded.Repository, "bogus", bogus, "recommended", ct));

        Assert.NotEqual(RegistryErrorKind.DigestMismatch, error.Reason);
        Assert.Equal(["PUT"], log.Select(e => e.Method));
        Assert.Equal(before, await fixture.SnapshotAsync(seeded.Repository, ct));
    }

    [SkippableFact]
    public async Task A_verification_that_reports_another_digest_fails_and_says_what_the_registry_holds()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within();
        var seeded = await fixture.SeedAsync(ct);
        var log = new List<HttpRequestLogEntry>();
        using var client = fixture.CreateClient(log, new DigestTamperingHandler("approved", FakeDigest));

        var error = await Assert.ThrowsAsync<LabImagePromotionException>(
            () => LabImageRetagger.CopyAsync(client, seeded.Repository, seeded.Plan.LatestWeekly, "approved", null, ct));

        Assert.Equal("Promotion.VerificationFailed", error.ErrorId);
        Assert.Equal(FakeDigest, error.RegistryDigest);
        Assert.Contains($"now holds {FakeDigest}", error.Message, StringComparison.Ordinal);
        Assert.Contains(seeded.Digests[seeded.Plan.LatestWeekly], error.Message, StringComparison.Ordinal);
        Assert.Equal(["GET", "PUT", "HEAD"], log.Select(e => e.Method));
    }
}
