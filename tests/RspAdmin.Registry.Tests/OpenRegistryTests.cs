using System.Collections.Concurrent;
using System.Net;
using RspAdmin.Core.Http;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests;

[Collection(SeededRegistryCollection.Name)]
public sealed class OpenRegistryTests(SeededRegistryFixture fixture)
{
    private const string Lab = LabRepositorySeeder.DefaultRepository;

    [SkippableFact]
    public async Task Tag_list_has_exactly_the_seeded_tags()
    {
        Requires.DockerRegistry();
        using var client = fixture.Registry!.CreateClient();

        var tags = await client.ListTagsAsync(Lab, cancellationToken: Requires.Within());

        Assert.Equal(200, tags.Count);
        Assert.Equal(fixture.Lab!.Plan.TagNames.Order(StringComparer.Ordinal), tags.Order(StringComparer.Ordinal));
        Assert.Contains("recommended_c0044", tags);
        var weeklyYears = tags.Where(t => t.StartsWith("w_", StringComparison.Ordinal)).Select(t => t[2..6]).Distinct().Count();
        Assert.True(weeklyYears >= 3, $"weeklies span {weeklyYears} years");
    }

    [SkippableFact]
    public async Task Recommended_has_the_digest_of_its_weekly_and_both_are_multi_arch_indexes()
    {
        Requires.DockerRegistry();
        using var client = fixture.Registry!.CreateClient();
        var ct = Requires.Within();

        var recommended = await client.HeadManifestAsync(Lab, "recommended", ct);
        var weekly = await client.HeadManifestAsync(Lab, fixture.Lab!.RecommendedTarget, ct);
        var amd64 = await client.HeadManifestAsync(Lab, fixture.Lab.RecommendedTarget + "-amd64", ct);

        Assert.Equal(weekly.Digest, recommended.Digest);
        Assert.Equal(fixture.Lab.Digests["recommended"], recommended.Digest);
        Assert.Equal(ManifestMediaTypes.OciIndex, recommended.MediaType);
        Assert.Equal(ManifestMediaTypes.OciManifest, amd64.MediaType);
        Assert.NotEqual(weekly.Digest, amd64.Digest);
        Assert.True(recommended.Size > 0);
    }

    [SkippableTheory]
    [InlineData(SeedManifestKind.DockerManifest, ManifestMediaTypes.DockerManifest)]
    [InlineData(SeedManifestKind.OciManifest, ManifestMediaTypes.OciManifest)]
    [InlineData(SeedManifestKind.OciIndex, ManifestMediaTypes.OciIndex)]
    public async Task Retag_by_get_and_put_keeps_the_digest(SeedManifestKind kind, string mediaType)
    {
        Requires.DockerRegistry();
        using var client = fixture.Registry!.CreateClient();
        var ct = Requires.Within();
        var source = fixture.Scratch!.Plan.Tags.First(t => t.Kind == kind && t.AliasOf is null).Tag;
        var newTag = "retag_" + kind.ToString().ToLowerInvariant();

        var manifest = await client.GetManifestAsync(SeededRegistryFixture.ScratchRepository, source, ct);
        var putDigest = await client.PutManifestAsync(SeededRegistryFixture.ScratchRepository, newTag, manifest.Bytes, manifest.MediaType, ct);
        var head = await client.HeadManifestAsync(SeededRegistryFixture.ScratchRepository, newTag, ct);

        Assert.Equal(mediaType, manifest.MediaType);
        Assert.Equal(fixture.Scratch.Digests[source], manifest.Digest);
        Assert.Equal(manifest.Digest, putDigest);
        Assert.Equal(manifest.Digest, head.Digest);
        Assert.Equal(mediaType, head.MediaType);
        Assert.Equal(manifest.Bytes.Length, head.Size);
    }

    [SkippableFact]
    public async Task Get_by_digest_checks_the_body_against_the_digest()
    {
        Requires.DockerRegistry();
        using var client = fixture.Registry!.CreateClient();
        var digest = fixture.Lab!.Digests[fixture.Lab.Plan.LatestWeekly];

        var manifest = await client.GetManifestAsync(Lab, digest, Requires.Within());

        Assert.Equal(digest, manifest.Digest);
        Assert.Equal(digest, ContentDigest.Sha256(manifest.Bytes.Span));
    }

    [SkippableFact]
    public async Task A_missing_repository_and_a_missing_manifest_are_told_apart()
    {
        Requires.DockerRegistry();
        using var client = fixture.Registry!.CreateClient();
        var ct = Requires.Within();

        var noRepoHead = await Assert.ThrowsAsync<RegistryException>(() => client.HeadManifestAsync("no/such-repo", "latest", ct));
        var noRepoGet = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("no/such-repo", "latest", ct));
        var noRepoList = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync("no/such-repo", cancellationToken: ct));
        var noTagHead = await Assert.ThrowsAsync<RegistryException>(() => client.HeadManifestAsync(Lab, "no_such_tag", ct));
        var noTagGet = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Lab, "no_such_tag", ct));

        Assert.Equal(RegistryErrorKind.RepositoryNotFound, noRepoHead.Reason);
        Assert.Equal(RegistryErrorKind.RepositoryNotFound, noRepoGet.Reason);
        Assert.Equal(RegistryErrorKind.RepositoryNotFound, noRepoList.Reason);
        Assert.Equal("NAME_UNKNOWN", noRepoList.ErrorCode);
        Assert.Equal(RegistryErrorKind.ManifestNotFound, noTagHead.Reason);
        Assert.Equal(RegistryErrorKind.ManifestNotFound, noTagGet.Reason);
        Assert.Equal("MANIFEST_UNKNOWN", noTagGet.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, noTagGet.StatusCode);
        Assert.Equal("Registry.ManifestNotFound", noTagGet.ErrorId);
        Assert.Contains(fixture.Registry.Address, noTagGet.Message);
        Assert.Contains("GET http://" + fixture.Registry.Address + "/v2/" + Lab + "/manifests/no_such_tag", noTagGet.Message);
    }

    [SkippableFact]
    public async Task Head_manifests_reads_every_digest_with_bounded_concurrency_and_reports_progress()
    {
        Requires.DockerRegistry();
        var progress = new ConcurrentBag<int>();
        using var client = fixture.Registry!.CreateClient();
        var references = fixture.Lab!.Plan.TagNames.Append("no_such_tag").ToList();

        var digests = await client.HeadManifestsAsync(
            Lab,
            references,
            maxConcurrency: 4,
            new SynchronousProgress(p => progress.Add(p)),
            Requires.Within());

        Assert.Equal(200, digests.Count);
        Assert.DoesNotContain("no_such_tag", digests.Keys);
        foreach (var (tag, digest) in fixture.Lab.Digests)
        {
            Assert.Equal(digest, digests[tag].Digest);
        }

        Assert.Equal(Enumerable.Range(1, references.Count), progress.Order());
    }

    [SkippableFact]
    public async Task Head_manifests_never_exceeds_the_concurrency_bound()
    {
        Requires.DockerRegistry();
        var gate = new ConcurrencyProbe();
        using var client = new RegistryClient(
            new RegistryClientOptions { Registry = fixture.Registry!.Address, UseDockerConfig = false },
            gate,
            disposeHandler: true);

        await client.HeadManifestsAsync(Lab, fixture.Lab!.Plan.TagNames.Take(60), maxConcurrency: 3, cancellationToken: Requires.Within());

        Assert.InRange(gate.MaxInFlight, 1, 3);
        Assert.Equal(60, gate.Total);
    }

    [SkippableFact]
    public async Task Blob_upload_and_head()
    {
        Requires.DockerRegistry();
        using var client = fixture.Registry!.CreateClient();
        var ct = Requires.Within();
        var content = System.Text.Encoding.UTF8.GetBytes("blob for " + nameof(Blob_upload_and_head));

        var digest = await client.UploadBlobAsync(SeededRegistryFixture.ScratchRepository, content, ct);

        Assert.Equal(ContentDigest.Sha256(content), digest);
        Assert.True(await client.BlobExistsAsync(SeededRegistryFixture.ScratchRepository, digest, ct));
        Assert.False(await client.BlobExistsAsync(SeededRegistryFixture.ScratchRepository, ContentDigest.Sha256("absent"u8), ct));
    }

    [SkippableFact]
    public async Task Request_log_reports_method_url_status_and_attempt()
    {
        Requires.DockerRegistry();
        var log = new ConcurrentQueue<HttpRequestLogEntry>();
        using var client = fixture.Registry!.CreateClient(requestLog: log.Enqueue);

        await client.HeadManifestAsync(Lab, "recommended", Requires.Within());

        var entry = Assert.Single(log);
        Assert.Equal("HEAD", entry.Method);
        Assert.Equal($"http://{fixture.Registry.Address}/v2/{Lab}/manifests/recommended", entry.Url);
        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);
        Assert.Equal(1, entry.Attempt);
        Assert.Null(entry.Failure);
    }

    /// <summary>Reports synchronously, so every value is seen before the call returns.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary>Counts requests in flight through a real socket handler.</summary>
    private sealed class ConcurrencyProbe() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _inFlight;
        private int _max;
        private int _total;

        public int MaxInFlight => Volatile.Read(ref _max);

        public int Total => Volatile.Read(ref _total);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            Interlocked.Increment(ref _total);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
