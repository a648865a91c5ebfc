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
        LabCluster cluster,
        LabImageConfig config,
        NetworkCredential? credential,
        bool allowInsecure,
        CancellationToken cancellationToken = default,
        Action<RspAdmin.Core.Http.HttpRequestLogEntry>? registryLog = null,
        TimeSpan? registryTimeout = null,
        Action<string>? retryNotice = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(config);
        var access = new RegistryAccess { Credential = credential, AllowInsecure = allowInsecure, RequestLog = registryLog, Timeout = registryTimeout, RetryNotice = retryNotice };
        using var catalogStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var catalog = LabImageCatalogService.LoadAsync(config, access, new LabImageCatalogOptions(), catalogStop.Token);
        var nodes = cluster.ListNodesAsync(config.NodeSelector, cancellationToken);
        try
        {
            await nodes.ConfigureAwait(false);
        }
        catch
        {
            // The cluster is what the command is about: its failure is the one to report, without waiting
            // for the registry's retries.
            await catalogStop.CancelAsync().ConfigureAwait(false);
            await catalog.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        await catalog.ConfigureAwait(false);

        var (list, resourceVersion) = await nodes.ConfigureAwait(false);
        return new LabClusterView(await catalog.ConfigureAwait(false), list) { NodeListResourceVersion = resourceVersion };
    }

    /// <summary>
    /// The menu of <paramref name="view"/>. When the recommended image has no versioned name and no node reports
    /// a versioned tag for its digest, the registry is asked which release, weekly or daily tag names that
    /// digest (candidates newest first, a bounded number of lookups), so the warning can name the tag to pin.
    /// A registry failure during that search leaves the menu as it was.
    /// </summary>
    public static async Task<LabMenu> GetMenuAsync(LabClusterView view, RegistryAccess access, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(access);
        var menu = view.GetMenu();
        if (menu.RecommendedState != RecommendedImageState.Unversioned || menu.SuggestedPins.Count > 0
            || menu.Recommended?.Digest is not { } digest || view.Catalog.Config.Source.Kind != LabImageSourceType.Docker)
        {
            return menu;
        }

        try
        {
            using var client = access.CreateClient(view.Catalog.Config.Registry);
            var pins = await Promotion.RecommendedTagService.FindTagsOfDigestAsync(client, view.Catalog, digest, cancellationToken).ConfigureAwait(false);
            return pins.Count > 0 ? menu.WithSuggestedPins(pins) : menu;
        }
        catch (RspException)
        {
            return menu; // best effort: the warning then says to find the tag
        }
    }
}
