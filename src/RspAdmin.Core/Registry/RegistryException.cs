using System.Net;

namespace RspAdmin.Core.Registry;

/// <summary>
/// The one exception the registry client throws (besides <see cref="OperationCanceledException"/> when the
/// caller cancels and <see cref="ArgumentException"/> for bad arguments). Its message names the registry and
/// the request (method and URL) and never contains credentials or tokens.
/// </summary>
public sealed class RegistryException : RspException
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
        : base("Registry." + kind, KindOf(kind), Compose(registry, message, request), registry, null, innerException)
    {
        Reason = kind;
        Registry = registry;
        Request = request;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>Why the operation failed.</summary>
    public RegistryErrorKind Reason { get; }

    /// <summary>The registry, as <c>host[:port]</c>.</summary>
    public string Registry { get; }

    /// <summary>The failing request as <c>METHOD URL</c> (no credentials), or null when no request was made.</summary>
    public string? Request { get; }

    /// <summary>The HTTP status of the last response, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The first registry error code from the response body (e.g. <c>NAME_UNKNOWN</c>), when there was one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The kind of failure each registry reason is.</summary>
    public static ErrorKind KindOf(RegistryErrorKind reason) => reason switch
    {
        RegistryErrorKind.Unreachable => ErrorKind.Unreachable,
        RegistryErrorKind.AuthenticationRequired or RegistryErrorKind.CredentialsRejected or RegistryErrorKind.CredentialStoreFailed => ErrorKind.Unauthorized,
        RegistryErrorKind.AccessDenied => ErrorKind.Forbidden,
        RegistryErrorKind.RepositoryNotFound or RegistryErrorKind.ManifestNotFound or RegistryErrorKind.BlobNotFound => ErrorKind.NotFound,
        RegistryErrorKind.InsecureRegistryRefused or RegistryErrorKind.PaginationRefused => ErrorKind.SecurityRefused,
        RegistryErrorKind.MalformedResponse => ErrorKind.Malformed,
        RegistryErrorKind.DigestMismatch => ErrorKind.InvalidResult,
        RegistryErrorKind.RetriesExhausted => ErrorKind.Unavailable,
        RegistryErrorKind.Timeout => ErrorKind.Timeout,
        RegistryErrorKind.Unsupported => ErrorKind.Unsupported,
        RegistryErrorKind.RequestRejected => ErrorKind.InvalidArgument,
        _ => ErrorKind.InvalidResult,
    };

    private static string Compose(string registry, string message, string? request) =>
        request is null ? $"Registry {registry}: {message}" : $"Registry {registry}: {message} ({request})";
}
