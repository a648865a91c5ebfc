using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests;

/// <summary>
/// One open docker-registry for the collection, seeded with a 200-tag lab repository (never modified by tests)
/// and a 40-tag scratch repository that retag tests may add to.
/// </summary>
public sealed class SeededRegistryFixture : IAsyncLifetime
{
    public const string ScratchRepository = "rsp/scratch";

    public LocalRegistry? Registry { get; private set; }

    public SeededRepository? Lab { get; private set; }

    public SeededRepository? Scratch { get; private set; }

    public async Task InitializeAsync()
    {
        if (!LocalRegistry.IsInstalled)
        {
            return;
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Registry = await LocalRegistry.StartAsync(cancellationToken: limit.Token);
        using var client = Registry.CreateClient();
        Lab = await LabRepositorySeeder.SeedAsync(client, LabRepositorySeeder.DefaultRepository, LabTagPlan.Create(200), cancellationToken: limit.Token);
        Scratch = await LabRepositorySeeder.SeedAsync(client, ScratchRepository, LabTagPlan.Create(40), cancellationToken: limit.Token);
    }

    public Task DisposeAsync()
    {
        Registry?.Dispose();
        return Task.CompletedTask;
    }
}
