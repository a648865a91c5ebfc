using System.Net.Http.Headers;
using System.Text.Json;

namespace RspAdmin.Sandbox.Harbor;

/// <summary>Reads what the Harbor API reports from the sandbox registry: repositories by prefix, and manifests by digest with their tags.</summary>
internal sealed class HarborRegistryReader(HttpClient http, string registryAddress)
{
    /// <summary>The time reported for everything (the registry keeps no push times).</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    /// <summary>A stable positive id for a name.</summary>
    public static int Id(string name)
    {
        var hash = 17;
        foreach (var c in name)
        {
            hash = unchecked((hash * 31) + c);
        }

        return ((hash & 0x7fffffff) % 100000) + 1;
    }

    /// <summary>The registry's repositories whose name starts with <c>project/</c>.</summary>
    public async Task<IReadOnlyList<string>> RepositoriesAsync(string project, CancellationToken cancellationToken)
    {
        var prefix = project + "/";
        var result = new List<string>();
        var last = string.Empty;
        while (true)
        {
            // The registry serves its catalog in pages of at most 1000, continuing after the last name.
            var uri = $"http://{registryAddress}/v2/_catalog?n=1000" + (last.Length == 0 ? string.Empty : "&last=" + Uri.EscapeDataString(last));
            using var response = await http.GetAsync(new Uri(uri), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                break;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var names = document.RootElement.TryGetProperty("repositories", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(r => r.GetString() ?? string.Empty).ToArray()
                : [];
            result.AddRange(names.Where(r => r.StartsWith(prefix, StringComparison.Ordinal)));
            if (names.Length < 1000 || !response.Headers.Contains("Link"))
            {
                break;
            }

            last = names[^1];
        }

        return result.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The manifests of a repository, one per digest, with the tags naming each, in tag order.</summary>
    public async Task<IReadOnlyList<HarborArtifact>> ArtifactsAsync(string repository, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"http://{registryAddress}/v2/{repository}/tags/list"), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        if (!document.RootElement.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var byDigest = new Dictionary<string, HarborArtifact>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var tag in tags.EnumerateArray().Select(t => t.GetString()).OfType<string>().Order(StringComparer.Ordinal))
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"http://{registryAddress}/v2/{repository}/manifests/{tag}"));
            foreach (var type in ManifestTypes)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }

            using var head = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!head.IsSuccessStatusCode || !head.Headers.TryGetValues("Docker-Content-Digest", out var digests))
            {
                continue;
            }

            var digest = digests.First();
            if (!byDigest.TryGetValue(digest, out var artifact))
            {
                artifact = new HarborArtifact(digest, head.Content.Headers.ContentType?.MediaType ?? ManifestTypes[1], head.Content.Headers.ContentLength ?? 0, Epoch, []);
                byDigest[digest] = artifact;
                order.Add(digest);
            }

            artifact.Tags.Add(tag);
        }

        return order.Select(d => byDigest[d]).ToArray();
    }
}

/// <summary>One manifest of a repository.</summary>
internal sealed record HarborArtifact(string Digest, string MediaType, long Size, DateTimeOffset Pushed, List<string> Tags);
