using System.Net;

namespace RspAdmin.Core.Registry;

/// <summary>
/// The one exception the registry client throws (besides <see cref="OperationCanceledException"/> when the
/// caller cancels and <see cref="ArgumentException"/> for bad arguments). Its message names the registry and
/// the request (method and URL) and never contains credentials or tokens.
/// </summary>
public sealed class RegistryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RegistryException(
        RegistryErrorKind kind,
        string registry,
        string message,
        string? request = null,
        HttpStatusCode? statusCode = null,
        string? errorCode = null,
        Exception? innerException = null)
        : base(Compose(registry, message, request), innerException)
    {
        Kind = kind;
        Registry = registry;
        Request = request;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>Why the operation failed.</summary>
    public RegistryErrorKind Kind { get; }

    /// <summary>The registry, as <c>host[:port]</c>.</summary>
    public string Registry { get; }

    /// <summary>The failing request as <c>METHOD URL</c> (no credentials), or null when no request was made.</summary>
    public string? Request { get; }

    /// <summary>The HTTP status of the last response, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The first registry error code from the response body (e.g. <c>NAME_UNKNOWN</c>), when there was one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The stable identifier cmdlets use for this error: <c>Registry.&lt;Kind&gt;</c>.</summary>
    public string ErrorId => "Registry." + Kind;

    private static string Compose(string registry, string message, string? request) =>
        request is null ? $"Registry {registry}: {message}" : $"Registry {registry}: {message} ({request})";
}
