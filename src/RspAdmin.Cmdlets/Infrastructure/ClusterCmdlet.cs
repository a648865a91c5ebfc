using System.Management.Automation;
using System.Net;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Core.Cluster;
using RspAdmin.Core.Config;

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

    /// <summary>Allow plain HTTP or unverified TLS for a registry that is not on this machine (loopback registries need no switch).</summary>
    [Parameter]
    public SwitchParameter AllowInsecureRegistry { get; set; }

    /// <summary>
    /// How long one Kubernetes API request, or one registry call with its retries, may take before the command
    /// gives up on it: seconds (30), a TimeSpan ('00:00:30') or a duration ('30s', '2m'); at least 1 second.
    /// </summary>
    [Parameter]
    [DurationArgument(1)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connects to the cluster named by -Kubeconfig and -Context; -Verbose shows each API request.</summary>
    protected LabCluster Connect() => LabCluster.Connect(new ClusterConnectionOptions
    {
        KubeconfigPath = Kubeconfig is null ? null : GetUnresolvedProviderPathFromPSPath(Kubeconfig),
        Context = Context,
        RequestTimeout = Timeout,
        RequestLog = VerboseEnabled ? entry => CurrentMessages?.Verbose(entry.ToString()) : null,
    });

    /// <summary>Reads the catalog and the nodes together.</summary>
    protected Task<LabClusterView> LoadViewAsync(LabCluster cluster, CancellationToken cancellationToken) =>
        LabCatalogLoader.LoadViewAsync(
            cluster, Config, RegistryCredential, AllowInsecureRegistry.IsPresent, cancellationToken, entry => CurrentMessages?.Verbose(entry.ToString()), Timeout, notice => CurrentMessages?.Warning(notice));

    /// <summary>Registry access as the parameters give it, logging to -Verbose and warning on retries.</summary>
    protected RspAdmin.Core.Images.RegistryAccess CreateRegistryAccess() => new()
    {
        Credential = RegistryCredential,
        AllowInsecure = AllowInsecureRegistry.IsPresent,
        Timeout = Timeout,
        RequestLog = entry => CurrentMessages?.Verbose(entry.ToString()),
        RetryNotice = notice => CurrentMessages?.Warning(notice),
    };

    /// <summary>Runs the body, turning engine failures into terminating errors with stable identifiers.</summary>
    protected void WithErrors(Action body)
    {
        try
        {
            body();
        }
        catch (ClusterException e)
        {
            ReportRspError(e, ClusterTarget);
        }
        catch (RspAdmin.Core.RspException e)
        {
            ReportRspError(e, Config?.Source.ToString());
        }
    }

    /// <summary>What a cluster failure is about: the kubeconfig and context given, or the defaults' names.</summary>
    protected string ClusterTarget =>
        $"{(Kubeconfig is null ? "the default kubeconfig" : GetUnresolvedProviderPathFromPSPath(Kubeconfig))}, context {Context ?? "(current)"}";

    private NetworkCredential? RegistryCredential => Credential?.GetNetworkCredential();
}
