using System.Net.Http.Headers;

namespace RspAdmin.RegistryHarness;

/// <summary>Writes to an open registry over plain HTTP (<c>http://host:port</c>) with the Docker Registry v2 API.</summary>
public sealed class HttpRegistryWriter(HttpClient http, string registryAddress) : IRegistryWriter
{
    /// <inheritdoc />
    public async Task<string> UploadBlobAsync(string repository, byte[] blob, CancellationToken cancellationToken)
    {
        var digest = LabImageSeeder.Sha256(blob);
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
        var location = start.Headers.Location ?? throw new InvalidOperationException($"The registry gave no upload location for {repository}.");
        var upload = location.IsAbsoluteUri ? location : new Uri(new Uri($"http://{registryAddress}"), location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync(upload + separator + "digest=" + Uri.EscapeDataString(digest), content, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(put, $"uploading a blob to {repository}", cancellationToken).ConfigureAwait(false);
        return digest;
    }

    /// <inheritdoc />
    public async Task<string> PutManifestAsync(string repository, string tag, byte[] manifest, string mediaType, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await http.PutAsync($"http://{registryAddress}/v2/{repository}/manifests/{tag}", content, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, $"storing the manifest of {repository}:{tag}", cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : LabImageSeeder.Sha256(manifest);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"The registry refused {what}: {(int)response.StatusCode} {body.Trim()}");
        }
    }
}
