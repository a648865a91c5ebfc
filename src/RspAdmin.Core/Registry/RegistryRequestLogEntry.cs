using System.Net;

namespace RspAdmin.Core.Registry;

/// <summary>
/// One HTTP exchange, as reported to <see cref="RegistryClientOptions.RequestLog"/>. It carries no headers
/// and the URL has no user information, so it never contains credentials or tokens.
/// </summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Url">Request URL without user information.</param>
/// <param name="StatusCode">Response status; null when no response arrived.</param>
/// <param name="Elapsed">Time from sending to the full response (or the failure).</param>
/// <param name="Attempt">1 for the first try, 2 and up for retries.</param>
/// <param name="Failure">Short description of a transport failure (exception type and message), or null.</param>
public sealed record RegistryRequestLogEntry(
    string Method,
    string Url,
    HttpStatusCode? StatusCode,
    TimeSpan Elapsed,
    int Attempt,
    string? Failure);
