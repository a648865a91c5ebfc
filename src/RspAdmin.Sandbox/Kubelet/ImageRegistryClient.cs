using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace RspAdmin.Sandbox.Kubelet;

/// <summary>
/// The simulated container runtime's view of a registry: a HEAD on the manifest (with every OCI and Docker
/// manifest media type accepted) decides whether an image exists; the manifest's layer sizes give its size when the
/// scenario does not. Plain HTTP, loopback registries only: any other registry is reported unreachable.
/// A digest names immutable content, so a digest reference found in the registry is remembered for
/// <see cref="DigestCacheLifetime"/> and concurrent pulls of it share one HEAD: a thousand nodes pulling
/// the same image do not cost the registry a thousand requests. Tags and failures are always asked afresh.
/// </summary>
public sealed class ImageRegistryClient(HttpClient http, ImageCatalog catalog)
{
    /// <summary>The Accept header a container runtime sends for manifests.</summary>
    public const string ManifestAccept =
        "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json, application/json;q=0.5";

    private readonly ConcurrentDictionary<string, (Lazy<Task<RegistryResolution>> Resolution, long StartedAt)> _digests = new(StringComparer.Ordinal);

    /// <summary>How long a found digest reference is trusted without asking the registry again.</summary>
    public TimeSpan DigestCacheLifetime { get; init; } = TimeSpan.FromSeconds(2);

    public Task<RegistryResolution> ResolveAsync(ImageReference image, CancellationToken cancellationToken)
    {
        if (image.Digest is null || !image.IsLoopbackRegistry || DigestCacheLifetime <= TimeSpan.Zero)
        {
            return ResolveUncachedAsync(image, cancellationToken);
        }

        var key = image.ToString();
        var now = Environment.TickCount64;
        while (true)
        {
            if (_digests.TryGetValue(key, out var existing))
            {
                var shared = existing.Resolution.Value;
                var usable = !shared.IsCompleted
                    || (shared.IsCompletedSuccessfully && shared.Result.Found && now - existing.StartedAt <= (long)DigestCacheLifetime.TotalMilliseconds);
                if (usable)
                {
                    return shared.WaitAsync(cancellationToken);
                }

                // Expired, or a failure: a failure is reported to the pulls that shared it, never reused later.
                _digests.TryRemove(new KeyValuePair<string, (Lazy<Task<RegistryResolution>>, long)>(key, existing));
            }

            var lookup = new Lazy<Task<RegistryResolution>>(() => ResolveUncachedAsync(image, CancellationToken.None));
            if (_digests.TryAdd(key, (lookup, now)))
            {
                return lookup.Value.WaitAsync(cancellationToken);
            }
        }
    }

    private async Task<RegistryResolution> ResolveUncachedAsync(ImageReference image, CancellationToken cancellationToken)
    {
        if (!image.IsLoopbackRegistry)
        {
            return RegistryResolution.Failed($"failed to resolve reference \"{image}\": registry {image.Registry} is not reachable from the sandbox (only loopback registries are contacted)");
        }

        var reference = image.Digest ?? image.Tag ?? "latest";
        var url = new Uri($"http://{image.Registry}/v2/{image.Repository}/manifests/{reference}");
        try
        {
            using var head = new HttpRequestMessage(HttpMethod.Head, url);
            head.Headers.TryAddWithoutValidation("Accept", ManifestAccept);
            using var response = await http.SendAsync(head, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return RegistryResolution.Failed($"failed to resolve reference \"{image}\": {image}: not found");
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return RegistryResolution.Failed($"failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized for {image}");
            }

            if (!response.IsSuccessStatusCode)
            {
                return RegistryResolution.Failed($"failed to resolve reference \"{image}\": unexpected status code {(int)response.StatusCode} from {image.Registry}");
            }

            var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : image.Digest;
            var size = catalog.SizeOf(digest, image.Tag is null ? null : $"{image.Name}:{image.Tag}")
                ?? await ManifestSizeAsync(image, digest ?? reference, cancellationToken).ConfigureAwait(false);
            return new RegistryResolution(digest, size, null);
        }
        catch (HttpRequestException e)
        {
            return RegistryResolution.Failed($"failed to resolve reference \"{image}\": {e.Message}");
        }
    }

    private async Task<long> ManifestSizeAsync(ImageReference image, string reference, CancellationToken cancellationToken, int depth = 0)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"http://{image.Registry}/v2/{image.Repository}/manifests/{reference}");
        get.Headers.TryAddWithoutValidation("Accept", ManifestAccept);
        using var response = await http.SendAsync(get, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        if (root.TryGetProperty("manifests", out var manifests) && manifests.ValueKind == JsonValueKind.Array && depth == 0)
        {
            var first = manifests.EnumerateArray().FirstOrDefault();
            return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("digest", out var d)
                ? await ManifestSizeAsync(image, d.GetString()!, cancellationToken, depth + 1).ConfigureAwait(false)
                : 0;
        }

        long size = 0;
        if (root.TryGetProperty("config", out var config) && config.TryGetProperty("size", out var cs))
        {
            size += cs.GetInt64();
        }

        if (root.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array)
        {
            size += layers.EnumerateArray().Where(l => l.TryGetProperty("size", out _)).Sum(l => l.GetProperty("size").GetInt64());
        }

        return size;
    }
}
