using System.Management.Automation;
using RspAdmin.Core;

namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>
/// The one table from the engine's <see cref="ErrorKind"/> to PowerShell's <see cref="ErrorCategory"/>, and
/// the one place an engine failure becomes an <see cref="ErrorRecord"/>: the FullyQualifiedErrorId starts
/// with the stable <c>Area.Reason</c> identifier, the target is what failed, and the recommended action
/// (which may name cmdlets) comes from <see cref="ErrorAdvice"/> or the engine.
/// </summary>
internal static class ErrorCategories
{
    /// <summary>The category of <paramref name="kind"/>.</summary>
    public static ErrorCategory Of(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.Malformed => ErrorCategory.ParserError,
        ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.Conflict => ErrorCategory.ResourceBusy,
        ErrorKind.Unauthorized => ErrorCategory.AuthenticationError,
        ErrorKind.Forbidden => ErrorCategory.PermissionDenied,
        ErrorKind.Unreachable => ErrorCategory.ConnectionError,
        ErrorKind.Unavailable => ErrorCategory.ResourceUnavailable,
        ErrorKind.Timeout => ErrorCategory.OperationTimeout,
        ErrorKind.LimitExceeded => ErrorCategory.LimitsExceeded,
        ErrorKind.SecurityRefused => ErrorCategory.SecurityError,
        ErrorKind.Unsupported => ErrorCategory.NotImplemented,
        ErrorKind.ReadFailed => ErrorCategory.ReadError,
        ErrorKind.WriteFailed => ErrorCategory.WriteError,
        ErrorKind.InvalidResult => ErrorCategory.InvalidResult,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>
    /// The error record of <paramref name="exception"/>. Its target is the exception's own target, else
    /// <paramref name="fallbackTarget"/>.
    /// </summary>
    public static ErrorRecord Record(RspException exception, object? fallbackTarget = null)
    {
        var record = new ErrorRecord(exception, exception.ErrorId, Of(exception.Kind), exception.Target ?? fallbackTarget);
        var advice = ErrorAdvice.For(exception.ErrorId) ?? exception.RecommendedAction;
        if (advice is not null)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = advice };
        }

        return record;
    }

    /// <summary>An error record for a parameter value the engine never saw (a malformed argument).</summary>
    public static ErrorRecord InvalidArgument(string errorId, string message, object? target, string? advice = null) =>
        Record(new RspException(errorId, ErrorKind.InvalidArgument, message, target, advice));
}
