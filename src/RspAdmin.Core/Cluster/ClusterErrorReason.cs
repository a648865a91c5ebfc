namespace RspAdmin.Core.Cluster;

/// <summary>Why a cluster operation failed; the error identifier is <c>Cluster.{Reason}</c>.</summary>
public enum ClusterErrorReason
{
    /// <summary>The kubeconfig file named does not exist.</summary>
    KubeconfigNotFound,

    /// <summary>The kubeconfig file cannot be read or is not a valid kubeconfig.</summary>
    KubeconfigInvalid,

    /// <summary>The context named is not in the kubeconfig.</summary>
    ContextNotFound,

    /// <summary>No kubeconfig was found and the process is not running in a pod.</summary>
    NoConfiguration,

    /// <summary>The API server could not be reached.</summary>
    Unreachable,

    /// <summary>The API server did not answer within the request time-out, or a wait ended before the expected state.</summary>
    Timeout,

    /// <summary>The API server refused the credentials (401).</summary>
    Unauthorized,

    /// <summary>The credentials may not do this (403).</summary>
    Forbidden,

    /// <summary>The namespace does not exist.</summary>
    NamespaceNotFound,

    /// <summary>Any other error answer of the API server.</summary>
    ApiError,

    /// <summary>The RspAdmin.Sandbox executable or the scenario was not found.</summary>
    SandboxNotFound,

    /// <summary>The sandbox did not start.</summary>
    SandboxStartFailed,

    /// <summary>A namespace of the selection was replaced (a new namespace of that name, another uid) since it was listed.</summary>
    NamespaceReplaced,

    /// <summary>A deleted namespace is still Terminating when the wait ends (a finalizer does not clear).</summary>
    NamespaceStuck,

    /// <summary>The selection holds more namespaces than the cap allows.</summary>
    TooManyNamespaces,

    /// <summary>A name given is not a lab namespace of the selection (wrong prefix, missing labels or a system namespace).</summary>
    NotLabNamespace,

    /// <summary>The Deployment does not exist.</summary>
    DeploymentNotFound,
}
