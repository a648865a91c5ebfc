namespace RspAdmin.Core.Cluster;

/// <summary>A cluster operation failed; <see cref="RspException.ErrorId"/> is stable (<c>Cluster.Reason</c>).</summary>
public sealed class ClusterException : RspException
{
    /// <summary>Creates the exception.</summary>
    public ClusterException(ClusterErrorReason reason, string message, Exception? innerException = null, int? statusCode = null, object? target = null)
        : base("Cluster." + reason, KindOf(reason), message, target, null, innerException)
    {
        Reason = reason;
        StatusCode = statusCode;
    }

    /// <summary>Why it failed.</summary>
    public ClusterErrorReason Reason { get; }

    /// <summary>The kind of failure each cluster reason is.</summary>
    public static ErrorKind KindOf(ClusterErrorReason reason) => reason switch
    {
        ClusterErrorReason.KubeconfigNotFound or ClusterErrorReason.ContextNotFound or ClusterErrorReason.NamespaceNotFound or ClusterErrorReason.SandboxNotFound => ErrorKind.NotFound,
        ClusterErrorReason.KubeconfigInvalid => ErrorKind.InvalidData,
        ClusterErrorReason.NoConfiguration => ErrorKind.InvalidArgument,
        ClusterErrorReason.Unauthorized => ErrorKind.Unauthorized,
        ClusterErrorReason.Forbidden => ErrorKind.Forbidden,
        ClusterErrorReason.Unreachable => ErrorKind.Unreachable,
        ClusterErrorReason.Timeout => ErrorKind.Timeout,
        ClusterErrorReason.SandboxStartFailed => ErrorKind.NotSpecified,
        ClusterErrorReason.NamespaceReplaced => ErrorKind.Conflict,
        ClusterErrorReason.NamespaceStuck => ErrorKind.Timeout,
        ClusterErrorReason.TooManyNamespaces => ErrorKind.LimitExceeded,
        ClusterErrorReason.NotLabNamespace => ErrorKind.SecurityRefused,
        ClusterErrorReason.DeploymentNotFound => ErrorKind.NotFound,
        _ => ErrorKind.Unavailable,
    };

    /// <summary>The HTTP status of the API answer, when there was one.</summary>
    public int? StatusCode { get; }
}
