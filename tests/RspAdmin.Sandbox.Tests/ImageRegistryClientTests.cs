using RspAdmin.Sandbox.Kubelet;
using RspAdmin.Sandbox.Tests.Support;

namespace RspAdmin.Sandbox.Tests;

/// <summary>The kubelets' registry lookups: digest references are shared and remembered, tags and failures are not.</summary>
public sealed class ImageRegistryClientTests
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Missing = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static (ImageRegistryClient Client, CountingRegistryHandler Registry) Build(string known, TimeSpan? cacheLifetime = null)
    {
        var registry = new CountingRegistryHandler(Digest, known);
        var catalog = new ImageCatalog();
        catalog.SetSize(Digest, 42);
        var client = new ImageRegistryClient(new HttpClient(registry), catalog) { DigestCacheLifetime = cacheLifetime ?? TimeSpan.FromSeconds(10) };
        return (client, registry);
    }

    [Fact]
    public async Task Concurrent_pulls_of_one_digest_share_a_single_registry_request()
    {
        var (client, registry) = Build(Digest);
        var image = ImageReference.Parse($"127.0.0.1:5000/lsstsqre/sciplat-lab@{Digest}");
        var pulls = Enumerable.Range(0, 50).Select(_ => client.ResolveAsync(image, CancellationToken.None)).ToList();
        registry.Gate.SetResult();
        var results = await Task.WhenAll(pulls);
        var later = await client.ResolveAsync(image, CancellationToken.None);

        Assert.All(results.Append(later), r =>
        {
            Assert.True(r.Found, r.Error);
            Assert.Equal(Digest, r.Digest);
            Assert.Equal(42, r.SizeBytes);
        });
        Assert.Equal(1, registry.TotalRequests);
    }

    [Fact]
    public async Task Tags_are_asked_afresh_on_every_pull()
    {
        var (client, registry) = Build("w_2024_52");
        registry.Gate.SetResult();
        var image = ImageReference.Parse("127.0.0.1:5000/lsstsqre/sciplat-lab:w_2024_52");
        var first = await client.ResolveAsync(image, CancellationToken.None);
        var second = await client.ResolveAsync(image, CancellationToken.None);

        Assert.True(first.Found && second.Found);
        Assert.Equal(2, registry.Requests("/v2/lsstsqre/sciplat-lab/manifests/w_2024_52"));
    }

    [Fact]
    public async Task A_digest_that_was_not_found_is_asked_again_on_the_next_pull()
    {
        var (client, registry) = Build(Digest);
        registry.Gate.SetResult();
        var image = ImageReference.Parse($"127.0.0.1:5000/lsstsqre/sciplat-lab@{Missing}");
        var first = await client.ResolveAsync(image, CancellationToken.None);
        var second = await client.ResolveAsync(image, CancellationToken.None);

        Assert.False(first.Found);
        Assert.Contains("not found", first.Error, StringComparison.Ordinal);
        Assert.False(second.Found);
        Assert.Equal(2, registry.Requests($"/v2/lsstsqre/sciplat-lab/manifests/{Missing}"));
    }

    [Fact]
    public async Task Without_a_cache_lifetime_every_digest_pull_asks_the_registry()
    {
        var (client, registry) = Build(Digest, TimeSpan.Zero);
        registry.Gate.SetResult();
        var image = ImageReference.Parse($"127.0.0.1:5000/lsstsqre/sciplat-lab@{Digest}");
        await client.ResolveAsync(image, CancellationToken.None);
        await client.ResolveAsync(image, CancellationToken.None);

        Assert.Equal(2, registry.Requests($"/v2/lsstsqre/sciplat-lab/manifests/{Digest}"));
    }
}
