using System.Net;
using RspAdmin.Core.Config;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// Builds the catalog the cluster views need from a Docker registry: the tag list, then the digests
/// of the prepull set (one manifest HEAD each), as Nublado's Docker source does.
/// </summary>
public static class LabCatalogLoader
{
    public static async Task<LabClusterView> LoadViewAsync(
        LabCluster cluster, LabImageConfig config, NetworkCredential? credential, bool allowInsecure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(config);
        var access = new RegistryAccess { Credential = credential, AllowInsecure = allowInsecure };
        var catalog = LabImageCatalogService.LoadAsync(config, access, new LabImageCatalogOptions(), cancellationToken);
        var nodes = cluster.ListNodesAsync(config.NodeSelector, cancellationToken);
        await Task.WhenAll(catalog, nodes).ConfigureAwait(false);
        var (list, resourceVersion) = await nodes.ConfigureAwait(false);
        return new LabClusterView(await catalog.ConfigureAwait(false), list) { NodeListResourceVersion = resourceVersion };
    }
}
