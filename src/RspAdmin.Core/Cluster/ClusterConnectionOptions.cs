namespace RspAdmin.Core.Cluster;

/// <summary>How to reach a cluster: a kubeconfig file and context, or the pod's own service account.</summary>
public sealed class ClusterConnectionOptions
{
    /// <summary>
    /// The kubeconfig file. When null: the first existing file of <c>KUBECONFIG</c>, then
    /// <c>~/.kube/config</c>, then the in-cluster configuration when running in a pod.
    /// </summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>The kubeconfig context; its current context when null.</summary>
    public string? Context { get; init; }

    /// <summary>How long one API request may take (watches excepted: they end on their own schedule).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives one entry per API request: method, path, status and time taken (never a header or body).</summary>
    public Action<ClusterRequestLogEntry>? RequestLog { get; init; }
}
