namespace RspAdmin.Core.Registry;

/// <summary>
/// Why a registry operation failed. Cmdlets map each kind to a stable error identifier
/// <c>Registry.&lt;Kind&gt;</c>, so the names are part of the public contract.
/// </summary>
public enum RegistryErrorKind
{
    /// <summary>No attempt reached the registry (connection refused, name not resolved, TLS failure, time-outs only).</summary>
    Unreachable,

    /// <summary>The registry (or its token service) wants credentials and none were configured.</summary>
    AuthenticationRequired,

    /// <summary>Credentials were sent and refused, or a token was refused after one re-authentication.</summary>
    CredentialsRejected,

    /// <summary>The registry understood who we are and refused the operation (HTTP 403, <c>DENIED</c>).</summary>
    AccessDenied,

    /// <summary>The repository does not exist (<c>NAME_UNKNOWN</c>).</summary>
    RepositoryNotFound,

    /// <summary>The repository exists but the tag or digest does not (<c>MANIFEST_UNKNOWN</c>).</summary>
    ManifestNotFound,

    /// <summary>A blob referenced by a request does not exist (<c>BLOB_UNKNOWN</c>).</summary>
    BlobNotFound,

    /// <summary>Plain HTTP, or HTTPS without certificate validation, was needed and not allowed.</summary>
    InsecureRegistryRefused,

    /// <summary>The registry answered with a body or header that does not follow the protocol.</summary>
    MalformedResponse,

    /// <summary>Content did not hash to the digest the registry (or the caller) named.</summary>
    DigestMismatch,

    /// <summary>The registry kept answering 429 or 5xx (or kept dropping connections) after every retry.</summary>
    RetriesExhausted,

    /// <summary>A tag list page pointed at another host or scheme, or at a page already fetched.</summary>
    PaginationRefused,

    /// <summary>The registry refused the request as invalid (e.g. <c>MANIFEST_INVALID</c>, <c>TAG_INVALID</c>).</summary>
    RequestRejected,

    /// <summary>The registry answered with a status this client does not expect for the request.</summary>
    UnexpectedResponse,

    /// <summary>The registry or its configuration asks for something this client does not implement.</summary>
    Unsupported,

    /// <summary>
    /// The Docker configuration could not be read, or its credential helper was missing, failed, timed out
    /// or printed something unreadable.
    /// </summary>
    CredentialStoreFailed,

    /// <summary>The call's total time budget ran out.</summary>
    Timeout,
}
