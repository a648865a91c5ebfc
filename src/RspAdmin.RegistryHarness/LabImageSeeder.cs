using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace RspAdmin.RegistryHarness;

/// <summary>
/// Pushes a lab image repository through an <see cref="IRegistryWriter"/>: one shared layer, Docker manifests
/// with a config blob each and OCI manifests with a shared config and the tag as an annotation (so every image
/// has its own digest), OCI indexes over the per-architecture manifests, and aliases re-PUT with their
/// target's exact bytes. Deterministic: the same repository and tags always give the same digests.
/// </summary>
public static class LabImageSeeder
{
    /// <summary>Docker image manifest, schema 2.</summary>
    public const string DockerManifestType = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>OCI image manifest.</summary>
    public const string OciManifestType = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>OCI image index.</summary>
    public const string OciIndexType = "application/vnd.oci.image.index.v1+json";

    private const string DockerConfigType = "application/vnd.docker.container.image.v1+json";
    private const string DockerLayerType = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    private const string OciConfigType = "application/vnd.oci.image.config.v1+json";
    private const string OciLayerType = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>What was pushed: the digest and the manifest (bytes and media type) of every tag.</summary>
    public sealed record Result(
        IReadOnlyDictionary<string, string> Digests,
        IReadOnlyDictionary<string, (byte[] Bytes, string MediaType)> Manifests);

    /// <summary>Pushes <paramref name="tags"/> to <paramref name="repository"/>, <paramref name="maxConcurrency"/> requests at a time.</summary>
    public static async Task<Result> SeedAsync(
        IRegistryWriter writer, string repository, IReadOnlyList<LabSeedTag> tags, int maxConcurrency = 8, CancellationToken cancellationToken = default)
    {
        var (layer, diffId) = CreateLayer(repository);
        var layerDigest = await writer.UploadBlobAsync(repository, layer, cancellationToken).ConfigureAwait(false);
        var manifests = new ConcurrentDictionary<string, (byte[] Bytes, string MediaType)>(StringComparer.Ordinal);
        var digests = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken };

        async ValueTask Put(string tag, byte[] bytes, string mediaType, CancellationToken token)
        {
            digests[tag] = await writer.PutManifestAsync(repository, tag, bytes, mediaType, token).ConfigureAwait(false);
            manifests[tag] = (bytes, mediaType);
        }

        // 1. Images. Docker manifests get a config blob of their own (they have no annotations), OCI manifests
        //    share one config per architecture and carry the tag as an annotation: either way every image has
        //    its own digest, and OCI images cost one request instead of three.
        var sharedConfigs = new ConcurrentDictionary<string, Task<(string Digest, int Size)>>(StringComparer.Ordinal);
        Task<(string Digest, int Size)> UploadConfig(string architecture, string label, CancellationToken token)
        {
            var config = Encoding.UTF8.GetBytes(
                $"{{\"architecture\":\"{architecture}\",\"os\":\"linux\",\"created\":\"2025-01-01T00:00:00Z\","
                + $"\"config\":{{\"Cmd\":[\"/bin/true\"],\"Labels\":{{\"org.opencontainers.image.version\":\"{label}\"}}}},"
                + $"\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{diffId}\"]}}}}");
            return UploadAsync(config);

            async Task<(string, int)> UploadAsync(byte[] bytes) => (await writer.UploadBlobAsync(repository, bytes, token).ConfigureAwait(false), bytes.Length);
        }

        var images = tags.Where(t => t.AliasOf is null && t.Kind != SeedManifestKind.OciIndex).ToList();
        await Parallel.ForEachAsync(images, parallel, async (tag, token) =>
        {
            var oci = tag.Kind == SeedManifestKind.OciManifest;
            var (configDigest, configSize) = oci
                ? await sharedConfigs.GetOrAdd(tag.Architecture, a => UploadConfig(a, "shared-" + a, token)).ConfigureAwait(false)
                : await UploadConfig(tag.Architecture, tag.Tag, token).ConfigureAwait(false);
            var mediaType = oci ? OciManifestType : DockerManifestType;
            var annotations = oci ? $",\"annotations\":{{\"org.opencontainers.image.version\":\"{tag.Tag}\"}}" : string.Empty;
            var manifest = Encoding.UTF8.GetBytes(
                $"{{\"schemaVersion\":2,\"mediaType\":\"{mediaType}\","
                + $"\"config\":{{\"mediaType\":\"{(oci ? OciConfigType : DockerConfigType)}\",\"digest\":\"{configDigest}\",\"size\":{configSize}}},"
                + $"\"layers\":[{{\"mediaType\":\"{(oci ? OciLayerType : DockerLayerType)}\",\"digest\":\"{layerDigest}\",\"size\":{layer.Length}}}]{annotations}}}");
            await Put(tag.Tag, manifest, mediaType, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        // 2. Indexes over the per-architecture manifests.
        var indexes = tags.Where(t => t.AliasOf is null && t.Kind == SeedManifestKind.OciIndex).ToList();
        var architectures = tags.ToDictionary(t => t.Tag, t => t.Architecture, StringComparer.Ordinal);
        await Parallel.ForEachAsync(indexes, parallel, async (tag, token) =>
        {
            var entries = (tag.Children ?? []).Select(child =>
                $"{{\"mediaType\":\"{OciManifestType}\",\"digest\":\"{digests[child]}\",\"size\":{manifests[child].Bytes.Length},"
                + $"\"platform\":{{\"architecture\":\"{architectures[child]}\",\"os\":\"linux\"}}}}");
            var index = Encoding.UTF8.GetBytes(
                $"{{\"schemaVersion\":2,\"mediaType\":\"{OciIndexType}\",\"manifests\":[{string.Join(',', entries)}]}}");
            await Put(tag.Tag, index, OciIndexType, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        // 3. Aliases: the target's exact bytes, so the digest is the same.
        foreach (var alias in tags.Where(t => t.AliasOf is not null))
        {
            var (bytes, mediaType) = manifests[alias.AliasOf!];
            await Put(alias.Tag, bytes, mediaType, cancellationToken).ConfigureAwait(false);
        }

        return new Result(
            new Dictionary<string, string>(digests, StringComparer.Ordinal),
            new Dictionary<string, (byte[] Bytes, string MediaType)>(manifests, StringComparer.Ordinal));
    }

    /// <summary><c>sha256:&lt;hex&gt;</c> of <paramref name="data"/>.</summary>
    public static string Sha256(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>A small deterministic gzip'd tar layer naming the repository, and its uncompressed digest (diff_id).</summary>
    private static (byte[] Layer, string DiffId) CreateLayer(string repository)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var entry = new UstarTarEntry(TarEntryType.RegularFile, "app/hello.txt")
            {
                ModificationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"hello from {repository}\n")),
            };
            writer.WriteEntry(entry);
        }

        var tarBytes = tar.ToArray();
        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(tarBytes);
        }

        return (gz.ToArray(), Sha256(tarBytes));
    }
}
