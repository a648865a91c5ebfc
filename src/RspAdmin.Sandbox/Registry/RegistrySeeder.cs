using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RspAdmin.Sandbox.Registry;

/// <summary>
/// Pushes small OCI images to a registry over the Docker Registry v2 API: per tag, one layer (a tar.gz holding a
/// file that names the tag, so every tag has its own digest) and a config blob, then the manifest. Deterministic:
/// the same repository and tag always give the same digest.
/// </summary>
public sealed class RegistrySeeder(HttpClient http, string registryAddress)
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>Pushes an image for the tag; returns the manifest bytes and digest.</summary>
    public async Task<(byte[] Manifest, string Digest)> PushImageAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        var (layer, diffId) = BuildLayer(repository, tag);
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64",
            os = "linux",
            config = new { Labels = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag, ["org.opencontainers.image.title"] = repository } },
            rootfs = new { type = "layers", diff_ids = new[] { diffId } },
        });
        var layerDigest = await PushBlobAsync(repository, layer, cancellationToken).ConfigureAwait(false);
        var configDigest = await PushBlobAsync(repository, config, cancellationToken).ConfigureAwait(false);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = OciManifest,
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = config.Length },
            layers = new[] { new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = layerDigest, size = layer.Length } },
        });
        var digest = await PutManifestAsync(repository, tag, manifest, cancellationToken).ConfigureAwait(false);
        return (manifest, digest);
    }

    /// <summary>Stores the manifest bytes under a tag (a retag: the digest stays the same).</summary>
    public async Task<string> PutManifestAsync(string repository, string tag, byte[] manifest, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(OciManifest);
        using var response = await http.PutAsync($"http://{registryAddress}/v2/{repository}/manifests/{tag}", content, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, $"storing the manifest of {repository}:{tag}", cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : Digest(manifest);
    }

    private async Task<string> PushBlobAsync(string repository, byte[] blob, CancellationToken cancellationToken)
    {
        var digest = Digest(blob);
        using (var head = new HttpRequestMessage(HttpMethod.Head, $"http://{registryAddress}/v2/{repository}/blobs/{digest}"))
        using (var exists = await http.SendAsync(head, cancellationToken).ConfigureAwait(false))
        {
            if (exists.IsSuccessStatusCode)
            {
                return digest;
            }
        }

        using var start = await http.PostAsync($"http://{registryAddress}/v2/{repository}/blobs/uploads/", null, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(start, $"starting a blob upload to {repository}", cancellationToken).ConfigureAwait(false);
        var location = start.Headers.Location ?? throw new SandboxException("Sandbox.RegistrySeedFailed", $"The registry gave no upload location for {repository}.");
        var upload = location.IsAbsoluteUri ? location : new Uri(new Uri($"http://{registryAddress}"), location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync(upload + separator + "digest=" + Uri.EscapeDataString(digest), content, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(put, $"uploading a blob to {repository}", cancellationToken).ConfigureAwait(false);
        return digest;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new SandboxException("Sandbox.RegistrySeedFailed", $"The registry refused {what}: {(int)response.StatusCode} {body.Trim()}");
        }
    }

    private static (byte[] Layer, string DiffId) BuildLayer(string repository, string tag)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var entry = new UstarTarEntry(TarEntryType.RegularFile, "etc/sandbox-image")
            {
                ModificationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                Mode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"{repository}:{tag}\n")),
            };
            writer.WriteEntry(entry);
        }

        var raw = tar.ToArray();
        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return (gz.ToArray(), Digest(raw));
    }

    public static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
}
