using System.Net;

namespace RspAdmin.Core.Http;

/// <summary>
/// One HTTP exchange, as reported to <see cref="HttpServiceOptions.RequestLog"/>. It carries no headers and the
/// URL has no user information and no secret query values, so it never contains credentials or tokens.
/// </summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Url">Request URL, redacted (see <see cref="HttpRedaction.SafeUrl"/>).</param>
/// <param name="StatusCode">Response status; null when no response arrived.</param>
/// <param name="Elapsed">Time from sending to the full response (or the failure).</param>
/// <param name="Attempt">1 for the first try, 2 and up for retries.</param>
/// <param name="Failure">Short description of a transport failure, or null.</param>
/// <param name="Service">The service the request went to (for example <c>Argo CD</c>), or null.</param>
public sealed record HttpRequestLogEntry(
    string Method,
    string Url,
    HttpStatusCode? StatusCode,
    TimeSpan Elapsed,
    int Attempt,
    string? Failure,
    string? Service = null)
{
    /// <summary>The entry as one line: <c>METHOD URL -&gt; 200 OK in 12 ms (attempt 2)</c>.</summary>
    public override string ToString()
    {
        var status = StatusCode is { } code ? $"{(int)code} {code}" : Failure ?? "no response";
        var attempt = Attempt > 1 ? $" (attempt {Attempt})" : string.Empty;
        return $"{Method} {Url} -> {status} in {Elapsed.TotalMilliseconds:F0} ms{attempt}";
    }
}
