namespace RspAdmin.Core.Cluster;

/// <summary>A cluster operation failed; <see cref="ErrorId"/> is stable (<c>Cluster.Reason</c>).</summary>
public sealed class ClusterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterException(ClusterErrorReason reason, string message, Exception? innerException = null, int? statusCode = null)
        : base(message, innerException)
    {
        Reason = reason;
        StatusCode = statusCode;
    }

    /// <summary>Why it failed.</summary>
    public ClusterErrorReason Reason { get; }

    /// <summary><c>Cluster.{Reason}</c>.</summary>
    public string ErrorId => "Cluster." + Reason;

    /// <summary>The HTTP status of the API answer, when there was one.</summary>
    public int? StatusCode { get; }
}
