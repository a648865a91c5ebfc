using RspAdmin.Core.Registry;
using RspAdmin.RegistryHarness;

namespace RspAdmin.Testing;

/// <summary>
/// Pushes a <see cref="LabTagPlan"/> into a registry with <see cref="RegistryClient"/> (so the registries
/// behind Basic or token authentication are seeded too) through <see cref="LabImageSeeder"/>, the one
/// seeder the sandbox uses as well.
/// </summary>
public static class LabRepositorySeeder
{
    /// <summary>The default repository, as on the Rubin Science Platform.</summary>
    public const string DefaultRepository = "lsst-sqre/sciplat-lab";

    /// <summary>Pushes <paramref name="plan"/> to <paramref name="repository"/>, <paramref name="maxConcurrency"/> requests at a time.</summary>
    public static async Task<SeededRepository> SeedAsync(
        RegistryClient client, string repository, LabTagPlan plan, int maxConcurrency = 8, CancellationToken cancellationToken = default)
    {
        var result = await LabImageSeeder.SeedAsync(new ClientWriter(client), repository, plan.Tags, maxConcurrency, cancellationToken).ConfigureAwait(false);
        return new SeededRepository(
            repository,
            plan,
            result.Digests,
            result.Manifests.ToDictionary(m => m.Key, m => m.Value.MediaType, StringComparer.Ordinal));
    }

    private sealed class ClientWriter(RegistryClient client) : IRegistryWriter
    {
        public Task<string> UploadBlobAsync(string repository, byte[] blob, CancellationToken cancellationToken) =>
            client.UploadBlobAsync(repository, blob, cancellationToken);

        public Task<string> PutManifestAsync(string repository, string tag, byte[] manifest, string mediaType, CancellationToken cancellationToken) =>
            client.PutManifestAsync(repository, tag, manifest, mediaType, cancellationToken);
    }
}
