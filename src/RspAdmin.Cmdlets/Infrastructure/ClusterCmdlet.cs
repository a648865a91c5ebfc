using System.Management.Automation;
using System.Net;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Core.Cluster;
using RspAdmin.Core.Config;
using RspAdmin.Core.Registry;

namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>
/// Base class of the cmdlets that read a cluster: <c>-Kubeconfig</c> and <c>-Context</c> (the
/// operator's kubeconfig is only read; in a pod without one the service account is used), and the
/// image side: <c>-Config</c> from the pipeline plus registry access (<c>-Credential</c>,
/// <c>-AllowInsecureRegistry</c>).
/// </summary>
public abstract class ClusterCmdlet : RspCmdlet
{
    /// <summary>The lab image settings (Get-LabImageConfig), including node selector and tolerations.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    [ValidateNotNull]
    public LabImageConfig Config { get; set; } = null!;

    /// <summary>The kubeconfig file; KUBECONFIG, ~/.kube/config or the pod's service account when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context; its current context when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(KubeContextCompleter))]
    public string? Context { get; set; }

    /// <summary>Credentials for the registry.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Allow plain HTTP to the registry.</summary>
    [Parameter]
    public SwitchParameter AllowInsecureRegistry { get; set; }

    /// <summary>Connects to the cluster named by -Kubeconfig and -Context.</summary>
    protected LabCluster Connect() => LabCluster.Connect(new ClusterConnectionOptions
    {
        KubeconfigPath = Kubeconfig is null ? null : GetUnresolvedProviderPathFromPSPath(Kubeconfig),
        Context = Context,
    });

    /// <summary>Reads the catalog and the nodes together.</summary>
    protected Task<LabClusterView> LoadViewAsync(LabCluster cluster, CancellationToken cancellationToken) =>
        LabCatalogLoader.LoadViewAsync(cluster, Config, RegistryCredential, AllowInsecureRegistry.IsPresent, cancellationToken);

    /// <summary>Runs the body, turning engine failures into terminating errors with stable identifiers.</summary>
    protected void WithErrors(Action body)
    {
        try
        {
            body();
        }
        catch (ClusterException e)
        {
            ThrowRspError(e, Kubeconfig ?? Context);
        }
        catch (RegistryException e)
        {
            ThrowRspError(e, Config?.Source.ToString());
        }
    }

    private NetworkCredential? RegistryCredential => Credential?.GetNetworkCredential();
}
