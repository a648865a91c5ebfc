using System.Management.Automation;
using RspAdmin.Core.Registry;

namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>Maps registry failures to PowerShell error records: <c>Registry.&lt;Kind&gt;</c>.</summary>
internal static class RegistryErrors
{
    public static ErrorRecord ToErrorRecord(RegistryException exception, object? target)
    {
        var record = new ErrorRecord(exception, "Registry." + exception.Kind, CategoryOf(exception.Kind), target);
        var advice = AdviceFor(exception.Kind);
        if (advice is not null)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = advice };
        }

        return record;
    }

    private static ErrorCategory CategoryOf(RegistryErrorKind kind) => kind switch
    {
        RegistryErrorKind.Unreachable => ErrorCategory.ConnectionError,
        RegistryErrorKind.AuthenticationRequired => ErrorCategory.AuthenticationError,
        RegistryErrorKind.CredentialsRejected => ErrorCategory.AuthenticationError,
        RegistryErrorKind.AccessDenied => ErrorCategory.PermissionDenied,
        RegistryErrorKind.RepositoryNotFound => ErrorCategory.ObjectNotFound,
        RegistryErrorKind.ManifestNotFound => ErrorCategory.ObjectNotFound,
        RegistryErrorKind.BlobNotFound => ErrorCategory.ObjectNotFound,
        RegistryErrorKind.InsecureRegistryRefused => ErrorCategory.SecurityError,
        RegistryErrorKind.PaginationRefused => ErrorCategory.SecurityError,
        RegistryErrorKind.MalformedResponse => ErrorCategory.InvalidData,
        RegistryErrorKind.DigestMismatch => ErrorCategory.InvalidResult,
        RegistryErrorKind.RetriesExhausted => ErrorCategory.LimitsExceeded,
        RegistryErrorKind.Unsupported => ErrorCategory.NotImplemented,
        RegistryErrorKind.CredentialStoreFailed => ErrorCategory.AuthenticationError,
        _ => ErrorCategory.InvalidResult,
    };

    private static string? AdviceFor(RegistryErrorKind kind) => kind switch
    {
        RegistryErrorKind.Unreachable => "Check the registry host and port, and that it is reachable from here.",
        RegistryErrorKind.AuthenticationRequired => "Pass -Credential, or log in with 'docker login <registry>' so the Docker configuration holds credentials.",
        RegistryErrorKind.CredentialsRejected => "The registry refused the credentials: check the user name and token in -Credential or the Docker configuration.",
        RegistryErrorKind.AccessDenied => "The credentials are valid but lack access to this repository.",
        RegistryErrorKind.RepositoryNotFound => "Check the repository name (for example lsst-sqre/sciplat-lab).",
        RegistryErrorKind.ManifestNotFound => "Check the tag: Get-LabImage -Registry <host> -Repository <repo> lists the tags that exist.",
        RegistryErrorKind.InsecureRegistryRefused => "Use HTTPS, or pass -AllowInsecureRegistry if this registry is known to be plain HTTP or self-signed.",
        RegistryErrorKind.RetriesExhausted => "The registry kept failing or rate-limiting; try again later or lower -ThrottleLimit.",
        _ => null,
    };
}
