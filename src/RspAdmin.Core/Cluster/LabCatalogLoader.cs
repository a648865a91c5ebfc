using System.Net;
using RspAdmin.Core.Config;
using RspAdmin.Core.Images;
using RspAdmin.Core.Registry;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// Builds the catalog the cluster views need from a Docker registry: the tag list, then the digests
/// of the prepull set (one manifest HEAD each), as Nublado's Docker source does.
/// </summary>
public static class LabCatalogLoader
{
    /// <summary>Lists the tags and builds the catalog.</summary>
    /// <param name="config">The image settings; the source must be a Docker registry.</param>
    /// <param name="credential">Registry credentials, or null for the Docker configuration's (or none).</param>
    /// <param name="allowInsecure">Allow plain HTTP (a registry on loopback, for instance).</param>
    /// <param name="options">Digest mode and concurrency.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="RegistryException">The registry refused or could not be reached.</exception>
    /// <exception cref="NotSupportedException">The source is Google Artifact Registry.</exception>
    public static async Task<LabImageCatalog> LoadAsync(
        LabImageConfig config, NetworkCredential? credential, bool allowInsecure, LabImageCatalogOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Source.Type != LabImageSourceType.Docker)
        {
            throw new NotSupportedException($"The image source {config.Source} is Google Artifact Registry; only Docker registries can be read here.");
        }

        using var client = new RegistryClient(new RegistryClientOptions { Registry = config.Registry, Credential = credential, AllowInsecure = allowInsecure });
        var tags = await client.ListTagsAsync(config.Repository, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await new LabImageCatalogBuilder(config).BuildAsync(
            tags,
            async (tag, token) => (await client.HeadManifestAsync(config.Repository, tag, token).ConfigureAwait(false)).Digest,
            options,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the catalog and the selector-matched nodes at the same time and puts them together.</summary>
    public static async Task<LabClusterView> LoadViewAsync(
        LabCluster cluster, LabImageConfig config, NetworkCredential? credential, bool allowInsecure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(config);
        var catalog = LoadAsync(config, credential, allowInsecure, null, cancellationToken);
        var nodes = cluster.ListNodesAsync(config.NodeSelector, cancellationToken);
        await Task.WhenAll(catalog, nodes).ConfigureAwait(false);
        var (list, resourceVersion) = await nodes.ConfigureAwait(false);
        return new LabClusterView(await catalog.ConfigureAwait(false), list) { NodeListResourceVersion = resourceVersion };
    }
}
