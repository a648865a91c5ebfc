namespace RspAdmin.Core.Promotion;

/// <summary>
/// A refused or failed retag or promotion. <see cref="RspException.ErrorId"/> is the stable identifier
/// <c>Promotion.{Reason}</c>; the message says what was asked, what the registry holds and what changed
/// (nothing, unless <see cref="Reason"/> is <see cref="LabImagePromotionErrorReason.VerificationFailed"/>).
/// </summary>
public sealed class LabImagePromotionException : RspException
{
    /// <summary>Creates the exception.</summary>
    public LabImagePromotionException(LabImagePromotionErrorReason reason, string message, string? target = null, Exception? innerException = null)
        : base("Promotion." + reason, KindOf(reason), message, target, null, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the operation was refused or failed.</summary>
    public LabImagePromotionErrorReason Reason { get; }

    /// <summary>The kind of failure each promotion reason is.</summary>
    public static ErrorKind KindOf(LabImagePromotionErrorReason reason) => reason switch
    {
        LabImagePromotionErrorReason.TagNotFound => ErrorKind.NotFound,
        LabImagePromotionErrorReason.DigestChanged => ErrorKind.Conflict,
        LabImagePromotionErrorReason.VerificationFailed => ErrorKind.InvalidResult,
        _ => ErrorKind.InvalidArgument,
    };

    /// <summary>
    /// For <see cref="LabImagePromotionErrorReason.VerificationFailed"/>: the digest the registry reports for
    /// the new tag now (null when it reports none, or for other reasons).
    /// </summary>
    public string? RegistryDigest { get; init; }
}
