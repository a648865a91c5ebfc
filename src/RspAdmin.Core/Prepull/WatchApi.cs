using System.Text;
using System.Text.Json;

namespace RspAdmin.Core.Prepull;

/// <summary>
/// Lists and watches of one collection (pods of a namespace, or nodes) through <see cref="KubernetesHttp"/>,
/// with the responses read by the source-generated <see cref="WatchJsonContext"/> instead of
/// KubernetesClient's full models.
/// </summary>
internal sealed class WatchApi
{
    private readonly KubernetesHttp _http;
    private readonly string _collection;
    private readonly string? _labelSelector;
    private readonly bool _metadataOnly;

    /// <param name="http">The connection's HTTP client.</param>
    /// <param name="collection">The collection's path below the API root, e.g. <c>api/v1/nodes</c>.</param>
    /// <param name="labelSelector">The label selector, or null for every object.</param>
    /// <param name="metadataOnly">Ask for the objects' metadata alone (PartialObjectMetadata).</param>
    public WatchApi(KubernetesHttp http, string collection, string? labelSelector, bool metadataOnly = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _collection = collection;
        _labelSelector = labelSelector;
        _metadataOnly = metadataOnly;
    }

    /// <summary>The pods of <paramref name="podNamespace"/> that carry <paramref name="labelSelector"/>.</summary>
    public static WatchApi Pods(KubernetesHttp http, string podNamespace, string? labelSelector) =>
        new(http, KubernetesHttp.PodsPath(podNamespace), labelSelector);

    /// <summary>
    /// The nodes that carry <paramref name="labelSelector"/>, metadata only: a run needs their names alone,
    /// and a node's status (its image list above all) changes with every pull and can run to tens of kilobytes.
    /// </summary>
    public static WatchApi Nodes(KubernetesHttp http, string? labelSelector) => new(http, "api/v1/nodes", labelSelector, metadataOnly: true);

    /// <summary>Lists the collection.</summary>
    public async Task<WatchedList> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(HttpMethod.Get, Query(watch: false, resourceVersion: null), null, cancellationToken, _metadataOnly ? KubernetesHttp.MetadataOnlyList : null).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, WatchJsonContext.Default.WatchedList, cancellationToken).ConfigureAwait(false)
                ?? new WatchedList();
        }
    }

    /// <summary>Opens a watch from <paramref name="resourceVersion"/> (bookmarks allowed); the caller reads and disposes the response.</summary>
    public Task<HttpResponseMessage> WatchAsync(string? resourceVersion, CancellationToken cancellationToken) =>
        _http.SendAsync(HttpMethod.Get, Query(watch: true, resourceVersion), null, cancellationToken, _metadataOnly ? KubernetesHttp.MetadataOnlyWatch : null);

    private string Query(bool watch, string? resourceVersion) => Query(_collection, _labelSelector, watch, resourceVersion);

    /// <summary>The collection's path with the query of a list (<paramref name="watch"/> false) or a watch.</summary>
    internal static string Query(string collection, string? labelSelector, bool watch, string? resourceVersion)
    {
        var query = new StringBuilder(collection);
        var separator = '?';
        void Add(string name, string value)
        {
            query.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        if (watch)
        {
            Add("allowWatchBookmarks", "true");
        }

        if (!string.IsNullOrEmpty(labelSelector))
        {
            Add("labelSelector", labelSelector);
        }

        if (!string.IsNullOrEmpty(resourceVersion))
        {
            Add("resourceVersion", resourceVersion);
        }

        if (watch)
        {
            Add("watch", "true");
        }

        return query.ToString();
    }
}
