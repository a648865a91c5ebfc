namespace RspAdmin.Core.Cluster;

/// <summary>One Kubernetes API request as the verbose stream shows it: never a header, token or body.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query of the request (no host).</param>
/// <param name="StatusCode">The HTTP status of the answer, or null when there was none.</param>
/// <param name="Elapsed">The time until the answer's headers arrived (or the request failed).</param>
/// <param name="Failure">Why no answer came, when none did.</param>
public sealed record ClusterRequestLogEntry(string Method, string Path, int? StatusCode, TimeSpan Elapsed, string? Failure)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var status = StatusCode is { } code ? $"{code} {(System.Net.HttpStatusCode)code}" : Failure ?? "no answer";
        return $"{Method} {Path} -> {status} in {Elapsed.TotalMilliseconds:F0} ms";
    }
}
