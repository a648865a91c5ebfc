using RspAdmin.Core.Http;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests.Promotion;

/// <summary>
/// One open docker-registry for the promotion tests. Every test seeds a repository of its own (40 tags), so
/// moving tags in one test never shows in another.
/// </summary>
public sealed class PromotionRegistryFixture : IAsyncLifetime
{
    private int _next;

    public LocalRegistry? Registry { get; private set; }

    public async Task InitializeAsync()
    {
        if (!LocalRegistry.IsInstalled)
        {
            return;
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Registry = await LocalRegistry.StartAsync(cancellationToken: limit.Token);
    }

    public Task DisposeAsync()
    {
        Registry?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Seeds a fresh 40-tag lab repository and returns it.</summary>
    public async Task<SeededRepository> SeedAsync(CancellationToken cancellationToken)
    {
        var repository = $"promote/lab{Interlocked.Increment(ref _next)}";
        using var client = Registry!.CreateClient();
        return await LabRepositorySeeder.SeedAsync(client, repository, LabTagPlan.Create(40), cancellationToken: cancellationToken);
    }

    /// <summary>Every tag of <paramref name="repository"/> with its digest, to show that a failure changed nothing.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(string repository, CancellationToken cancellationToken)
    {
        using var client = Registry!.CreateClient();
        var tags = await client.ListTagsAsync(repository, cancellationToken: cancellationToken);
        var heads = await client.HeadManifestsAsync(repository, tags, cancellationToken: cancellationToken);
        return heads.ToDictionary(h => h.Key, h => h.Value.Digest, StringComparer.Ordinal);
    }

    /// <summary>A client that records every request, optionally through <paramref name="handler"/>.</summary>
    public RegistryClient CreateClient(List<HttpRequestLogEntry> log, HttpMessageHandler? handler = null)
    {
        var options = new RegistryClientOptions
        {
            Registry = Registry!.Address,
            UseDockerConfig = false,
            MaxRetries = 0,
            RequestLog = entry => { lock (log) { log.Add(entry); } },
        };
        return handler is null ? new RegistryClient(options) : new RegistryClient(options, handler, disposeHandler: true);
    }
}

/// <summary>Tests that share the promotion registry.</summary>
[CollectionDefinition(Name)]
public sealed class PromotionRegistryCollection : ICollectionFixture<PromotionRegistryFixture>
{
    public const string Name = "promotion registry";
}
