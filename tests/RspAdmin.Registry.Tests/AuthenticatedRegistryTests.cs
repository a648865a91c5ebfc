using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests;

/// <summary>
/// Base of the tests against a registry behind authentication: starts the real registry in the given
/// mode, seeds a small lab repository, and stops it afterwards. Nothing starts when docker-registry is
/// not installed; each test then skips through <see cref="Requires.DockerRegistry"/>.
/// </summary>
public abstract class AuthenticatedRegistryTests : IAsyncLifetime
{
    private readonly LocalRegistryAuthMode _mode;

    protected AuthenticatedRegistryTests(LocalRegistryAuthMode mode, string repository)
    {
        _mode = mode;
        Repository = repository;
    }

    /// <summary>The seeded repository.</summary>
    protected string Repository { get; }

    /// <summary>The running registry (null when docker-registry is not installed).</summary>
    protected LocalRegistry? Registry { get; private set; }

    public async Task InitializeAsync()
    {
        if (LocalRegistry.IsInstalled)
        {
            Registry = await LocalRegistry.StartAsync(new LocalRegistryOptions { AuthMode = _mode }, Requires.Within(60));
            using var client = Registry.CreateClient();
            await LabRepositorySeeder.SeedAsync(client, Repository, LabTagPlan.Create(40), cancellationToken: Requires.Within(60));
        }
    }

    public Task DisposeAsync()
    {
        Registry?.Dispose();
        return Task.CompletedTask;
    }
}
