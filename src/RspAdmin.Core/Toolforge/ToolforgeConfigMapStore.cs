using k8s;
using k8s.Models;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Core.Toolforge;

/// <summary>
/// Reads and writes the catalog in its ConfigMap (<c>tf-public/image-config</c>, key <c>images-v1.yaml</c>).
/// Writes are conditional on the resourceVersion that was read: a concurrent change is refused
/// with <c>Toolforge.ConfigChanged</c> and nothing is written.
/// </summary>
public static class ToolforgeConfigMapStore
{
    /// <summary>A description of the ConfigMap on a cluster, for messages and targets.</summary>
    public static string Describe(LabCluster cluster) => $"configmap {ToolforgeNames.ConfigMapNamespace}/{ToolforgeNames.ConfigMapName} on {cluster}";

    /// <summary>Reads and parses the catalog; its resourceVersion travels with it.</summary>
    /// <exception cref="RspException"><c>Toolforge.ConfigMapNotFound</c>, <c>Toolforge.KeyMissing</c>, the parse errors, and <c>Cluster.*</c> for API failures.</exception>
    public static async Task<ToolforgeImageConfig> ReadAsync(LabCluster cluster, List<ToolforgeConfigFinding>? findings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var source = Describe(cluster);
        var map = await GetAsync(cluster, cancellationToken).ConfigureAwait(false) ?? throw ToolforgeErrors.ConfigMapNotFound(cluster.ToString());
        if (map.Data is null || !map.Data.TryGetValue(ToolforgeNames.DataKey, out var text) || text is null)
        {
            throw ToolforgeErrors.KeyMissing(source, $"its data has no key '{ToolforgeNames.DataKey}'");
        }

        var parsed = ToolforgeImageConfigParser.Parse(text, source, findings);
        return new ToolforgeImageConfig
        {
            Entries = parsed.Entries,
            Text = text,
            Source = source,
            DataKey = ToolforgeNames.DataKey,
            ResourceVersion = map.Metadata?.ResourceVersion,
            Server = cluster.Server,
            Context = cluster.Context,
            ReadFindings = parsed.ReadFindings,
        };
    }

    /// <summary>The catalog text and resourceVersion of the ConfigMap, or null when it does not exist (a missing key reads as empty text).</summary>
    public static async Task<(string Text, string? ResourceVersion)?> TryReadTextAsync(LabCluster cluster, CancellationToken cancellationToken)
    {
        var map = await GetAsync(cluster, cancellationToken).ConfigureAwait(false);
        if (map is null)
        {
            return null;
        }

        return (map.Data is not null && map.Data.TryGetValue(ToolforgeNames.DataKey, out var text) && text is not null ? text : string.Empty, map.Metadata?.ResourceVersion);
    }

    /// <summary>
    /// Writes <paramref name="text"/> as the catalog, only if the ConfigMap is still at
    /// <paramref name="expectedResourceVersion"/>; when that is null the ConfigMap must not exist
    /// yet and is created. Anything else is <c>Toolforge.ConfigChanged</c> and nothing is written.
    /// </summary>
    /// <returns>The ConfigMap's new resourceVersion.</returns>
    /// <exception cref="RspException"><c>Toolforge.ConfigChanged</c>, <c>Toolforge.NamespaceNotFound</c>, and <c>Cluster.*</c> for API failures.</exception>
    public static async Task<string?> WriteAsync(LabCluster cluster, string text, string? expectedResourceVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(text);
        var source = Describe(cluster);
        if (expectedResourceVersion is null)
        {
            var created = new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = ToolforgeNames.ConfigMapName, NamespaceProperty = ToolforgeNames.ConfigMapNamespace },
                Data = new Dictionary<string, string> { [ToolforgeNames.DataKey] = text },
            };
            try
            {
                var result = await cluster.CallAsync(
                    token => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(created, ToolforgeNames.ConfigMapNamespace, cancellationToken: token),
                    "create " + source, cancellationToken).ConfigureAwait(false);
                return result.Metadata?.ResourceVersion;
            }
            catch (ClusterException e) when (e.StatusCode == 409)
            {
                throw ToolforgeErrors.ConfigChanged(source, "none (new)", "created by someone else");
            }
            catch (ClusterException e) when (e.StatusCode == 404)
            {
                throw new RspException("Toolforge.NamespaceNotFound", ErrorKind.NotFound,
                    $"The namespace {ToolforgeNames.ConfigMapNamespace} does not exist on {cluster}.", cluster.ToString(),
                    $"Create the namespace {ToolforgeNames.ConfigMapNamespace} first (the image-config chart does).", e);
            }
        }

        var current = await GetAsync(cluster, cancellationToken).ConfigureAwait(false)
            ?? throw ToolforgeErrors.ConfigChanged(source, expectedResourceVersion, "deleted");
        var actual = current.Metadata?.ResourceVersion;
        if (!string.Equals(expectedResourceVersion, actual, StringComparison.Ordinal))
        {
            throw ToolforgeErrors.ConfigChanged(source, expectedResourceVersion, actual);
        }

        current.Data ??= new Dictionary<string, string>();
        current.Data[ToolforgeNames.DataKey] = text;
        current.Metadata!.ResourceVersion = expectedResourceVersion;
        try
        {
            var replaced = await cluster.CallAsync(
                token => cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(current, ToolforgeNames.ConfigMapName, ToolforgeNames.ConfigMapNamespace, cancellationToken: token),
                "replace " + source, cancellationToken).ConfigureAwait(false);
            return replaced.Metadata?.ResourceVersion;
        }
        catch (ClusterException e) when (e.StatusCode == 409)
        {
            throw ToolforgeErrors.ConfigChanged(source, expectedResourceVersion, null);
        }
    }

    private static async Task<V1ConfigMap?> GetAsync(LabCluster cluster, CancellationToken cancellationToken)
    {
        try
        {
            return await cluster.CallAsync(
                token => cluster.Client.CoreV1.ReadNamespacedConfigMapAsync(ToolforgeNames.ConfigMapName, ToolforgeNames.ConfigMapNamespace, cancellationToken: token),
                "read " + Describe(cluster), cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }
}
