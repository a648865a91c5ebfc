using System.Net;
using System.Net.Http.Headers;
using k8s;
using k8s.Autorest;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Core.Prepull;

/// <summary>
/// Requests to the API server sent through the cluster connection's own HTTP client and credentials
/// (the same TLS settings, token or client certificate as KubernetesClient), for the calls of a pull
/// whose bodies the executor reads with <see cref="WatchJsonContext"/> or not at all. A refusal is an
/// <see cref="HttpOperationException"/>, as KubernetesClient reports it, so callers tell 404, 409,
/// 410 Gone, 403 and transient failures apart in the same way.
/// </summary>
internal sealed class KubernetesHttp
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    /// <summary>
    /// The Accept header of a metadata-only list: the objects as a meta.k8s.io/v1 PartialObjectMetadataList,
    /// plain JSON from a server that cannot.
    /// </summary>
    public static readonly IReadOnlyList<MediaTypeWithQualityHeaderValue> MetadataOnlyList =
        [MediaTypeWithQualityHeaderValue.Parse("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"), Json];

    /// <summary>The Accept header of a metadata-only watch: each event's object as a PartialObjectMetadata.</summary>
    public static readonly IReadOnlyList<MediaTypeWithQualityHeaderValue> MetadataOnlyWatch =
        [MediaTypeWithQualityHeaderValue.Parse("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"), Json];

    private readonly Kubernetes _client;
    private readonly string? _tlsServerName;

    public KubernetesHttp(LabCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _client = cluster.Client as Kubernetes
            ?? throw new ArgumentException("The cluster connection is not a KubernetesClient connection.", nameof(cluster));
        _tlsServerName = cluster.TlsServerName;
    }

    /// <summary>The path of a namespace's pods below the API root.</summary>
    public static string PodsPath(string podNamespace) => $"api/v1/namespaces/{Uri.EscapeDataString(podNamespace)}/pods";

    /// <summary>
    /// Sends a request and returns the response once its headers have arrived (the caller reads and
    /// disposes it); a status outside 2xx is thrown as <see cref="HttpOperationException"/> with the body.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, HttpContent? content, CancellationToken cancellationToken, IReadOnlyList<MediaTypeWithQualityHeaderValue>? accept = null)
    {
        var request = new HttpRequestMessage(method, new Uri(_client.BaseUri, relative)) { Version = HttpVersion.Version20, Content = content };
        if (accept is null)
        {
            request.Headers.Accept.Add(Json);
        }
        else
        {
            foreach (var type in accept)
            {
                request.Headers.Accept.Add(type);
            }
        }

        HttpResponseMessage response;
        try
        {
            if (_client.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
            }

            if (!string.IsNullOrWhiteSpace(_tlsServerName))
            {
                request.Headers.Host = _tlsServerName;
            }

            response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            request.Dispose();
            throw;
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            body = string.Empty;
        }

        var error = new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {body}")
        {
            Request = new HttpRequestMessageWrapper(request, string.Empty),
            Response = new HttpResponseMessageWrapper(response, body),
        };
        request.Dispose();
        response.Dispose();
        throw error;
    }

    /// <summary>Creates a pod from its manifest and returns the new pod's uid.</summary>
    public async Task<string?> CreatePodAsync(string podNamespace, byte[] manifest, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await SendAsync(HttpMethod.Post, PodsPath(podNamespace), content, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var created = await System.Text.Json.JsonSerializer.DeserializeAsync(stream, WatchJsonContext.Default.WatchedObject, cancellationToken).ConfigureAwait(false);
            return created?.Metadata?.Uid;
        }
    }

    /// <summary>
    /// Deletes, in one deletecollection request, the pods of a namespace that match a label selector,
    /// are bound to a node and have succeeded; returns the names the answer lists as deleted.
    /// </summary>
    public async Task<IReadOnlySet<string>> DeleteSucceededPodsAsync(string podNamespace, string labelSelector, string nodeName, CancellationToken cancellationToken)
    {
        var path = $"{PodsPath(podNamespace)}?labelSelector={Uri.EscapeDataString(labelSelector)}&fieldSelector={Uri.EscapeDataString($"spec.nodeName={nodeName},status.phase=Succeeded")}";
        using var response = await SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var list = await System.Text.Json.JsonSerializer.DeserializeAsync(stream, WatchJsonContext.Default.WatchedList, cancellationToken).ConfigureAwait(false);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list?.Items ?? [])
            {
                if (item.Name is { } name)
                {
                    names.Add(name);
                }
            }

            return names;
        }
    }

    /// <summary>Deletes a pod; its answer (the pod being deleted) is read past, not parsed.</summary>
    public async Task DeletePodAsync(string podNamespace, string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"{PodsPath(podNamespace)}/{Uri.EscapeDataString(name)}", null, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
    }
}
