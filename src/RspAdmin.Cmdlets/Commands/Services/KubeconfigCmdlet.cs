using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Base of the service cmdlets that talk to Kubernetes only: <c>-Kubeconfig</c> and <c>-Context</c>.</summary>
public abstract class KubeconfigCmdlet : RspCmdlet
{
    /// <summary>The kubeconfig file; KUBECONFIG, ~/.kube/config or the pod's service account when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context; its current context when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(KubeContextCompleter))]
    public string? Context { get; set; }

    /// <summary>Connects to the cluster named by -Kubeconfig and -Context; a bad configuration stops the command.</summary>
    protected LabCluster Connect()
    {
        try
        {
            return LabCluster.Connect(new ClusterConnectionOptions
            {
                KubeconfigPath = Kubeconfig is null ? null : GetUnresolvedProviderPathFromPSPath(Kubeconfig),
                Context = Context,
            });
        }
        catch (ClusterException e)
        {
            ThrowRspError(e, Kubeconfig ?? Context);
            throw;
        }
    }
}
