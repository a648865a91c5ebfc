using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Cluster;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Cmdlets.Commands.Toolforge;

/// <summary>
/// Shared plumbing of the Toolforge cmdlets: reaching the cluster named by a kubeconfig and context
/// (as the other cluster cmdlets do), reading the catalog from a file, a ConfigMap or an object
/// already read, and the Harbor the build service's images are listed in.
/// </summary>
public abstract class ToolforgeCmdlet : RspCmdlet
{
    /// <summary>The parameter set of a file source.</summary>
    protected const string PathSet = "Path";

    /// <summary>The parameter set of a catalog object.</summary>
    protected const string ConfigSet = "Config";

    /// <summary>The parameter set of the cluster's ConfigMap.</summary>
    protected const string ClusterSet = "Cluster";

    /// <summary>Connects to the cluster of <paramref name="kubeconfig"/> and <paramref name="context"/>.</summary>
    protected LabCluster Connect(string? kubeconfig, string? context) => LabCluster.Connect(new ClusterConnectionOptions
    {
        KubeconfigPath = kubeconfig is null ? null : GetUnresolvedProviderPathFromPSPath(kubeconfig),
        Context = context,
    });

    /// <summary>
    /// The catalog: <paramref name="given"/>, else the file <paramref name="path"/>, else the ConfigMap
    /// of the cluster. Failures stop the command.
    /// </summary>
    protected ToolforgeImageConfig LoadCatalog(ToolforgeImageConfig? given, string? path, string? kubeconfig, string? context)
    {
        if (given is not null)
        {
            return given;
        }

        try
        {
            if (path is not null)
            {
                return ToolforgeImageConfigParser.Load(GetUnresolvedProviderPathFromPSPath(path));
            }

            using var cluster = Connect(kubeconfig, context);
            return RunAsync(token => ToolforgeConfigMapStore.ReadAsync(cluster, null, token));
        }
        catch (RspException e)
        {
            ThrowRspError(e, path ?? kubeconfig);
            return null!;
        }
    }

    /// <summary>The Harbor at <paramref name="harbor"/> (cached for five seconds per project), or null.</summary>
    protected IToolforgeHarborSource? CreateHarbor(Uri? harbor)
    {
        if (harbor is null)
        {
            return null;
        }

        if (!harbor.IsAbsoluteUri || (harbor.Scheme != Uri.UriSchemeHttps && harbor.Scheme != Uri.UriSchemeHttp))
        {
            ThrowRspError(ToolforgeErrors.InvalidArgument($"-Harbor must be an http or https URL such as https://tools-harbor.wmcloud.org, not '{harbor}'.", harbor));
        }

        return new ToolforgeHarborCache(new ToolforgeHarborClient(harbor));
    }

    /// <summary>Writes the warning a consumer shows for an image that is not stable.</summary>
    protected void WarnIfNotStable(ToolforgeImage image)
    {
        if (image.Exists && image.State != ToolforgeNames.StateStable)
        {
            var spelled = string.Equals(image.Input, image.ShortName, StringComparison.Ordinal) ? string.Empty : $" (resolved from '{image.Input}')";
            WriteWarning($"The image '{image.ShortName}'{spelled} is {image.State}; it still runs, but pick a stable image (Get-ToolforgeImage lists them).");
        }
    }
}
