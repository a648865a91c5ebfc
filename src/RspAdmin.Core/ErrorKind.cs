namespace RspAdmin.Core;

/// <summary>
/// What kind of failure an <see cref="RspException"/> is, independent of any shell: the cmdlets map each
/// kind to one PowerShell error category in one table.
/// </summary>
public enum ErrorKind
{
    /// <summary>Something went wrong that fits no other kind.</summary>
    NotSpecified,

    /// <summary>A value the caller passed is malformed or out of range.</summary>
    InvalidArgument,

    /// <summary>Data that was read (a file, a server reply) is well-formed but wrong.</summary>
    InvalidData,

    /// <summary>Data that was read cannot be parsed at all (YAML, JSON, a reference).</summary>
    Malformed,

    /// <summary>The thing named does not exist.</summary>
    NotFound,

    /// <summary>Someone else changed the thing, or holds it (an operation in progress, a stale version).</summary>
    Conflict,

    /// <summary>No credentials, or credentials the service rejected.</summary>
    Unauthorized,

    /// <summary>The credentials are valid but may not do this.</summary>
    Forbidden,

    /// <summary>The service could not be reached at all.</summary>
    Unreachable,

    /// <summary>The service answered that it cannot serve now (503, overloaded, retries exhausted).</summary>
    Unavailable,

    /// <summary>The time allowed ran out.</summary>
    Timeout,

    /// <summary>A limit was reached (a count, a size, a rate).</summary>
    LimitExceeded,

    /// <summary>The request was refused for safety (plain HTTP, a cross-host link, a plaintext secret).</summary>
    SecurityRefused,

    /// <summary>The service or data uses something this version does not support.</summary>
    Unsupported,

    /// <summary>A file or stream could not be read.</summary>
    ReadFailed,

    /// <summary>A file or stream could not be written.</summary>
    WriteFailed,

    /// <summary>An operation ran but its result is not what it should be (a verification failed).</summary>
    InvalidResult,

    /// <summary>The operation does not make sense in the current state (refused by a safety rule).</summary>
    InvalidOperation,
}
