using System.Net;

namespace RspAdmin.Core.Http;

/// <summary>Why a <see cref="ServiceHttpClient"/> call produced no usable answer.</summary>
public enum HttpFailureReason
{
    /// <summary>No attempt reached the service (refused, reset, DNS, TLS, every attempt timed out).</summary>
    Unreachable,

    /// <summary>The service answered, but with 429, 502, 503 or 504 (or a dropped connection) on every attempt.</summary>
    RetriesExhausted,

    /// <summary>The call's total time budget ran out.</summary>
    Timeout,
}

/// <summary>
/// A failed call, before it becomes an exception: a client turns it into its own <see cref="RspException"/>
/// (see <see cref="ServiceHttpClient"/>'s failure factory); by default the error ID is <c>&lt;Area&gt;.&lt;Reason&gt;</c>.
/// </summary>
/// <param name="Reason">Why the call failed.</param>
/// <param name="Service">The service, for messages (for example <c>Argo CD at https://host/argo-cd</c>).</param>
/// <param name="Request">The failing request as <c>METHOD URL</c>, redacted.</param>
/// <param name="Message">What happened, as a predicate of the service (<c>cannot be reached after 5 attempt(s) in 3 s: ...</c>), without secrets.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="Elapsed">Time spent on the call.</param>
/// <param name="StatusCode">The last status, when the service answered.</param>
/// <param name="Exception">The last transport failure, when there was one.</param>
public sealed record HttpFailure(
    HttpFailureReason Reason,
    string Service,
    string Request,
    string Message,
    int Attempts,
    TimeSpan Elapsed,
    HttpStatusCode? StatusCode,
    Exception? Exception);
