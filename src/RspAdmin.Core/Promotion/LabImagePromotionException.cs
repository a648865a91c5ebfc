namespace RspAdmin.Core.Promotion;

/// <summary>
/// A refused or failed retag or promotion. <see cref="ErrorId"/> is the stable identifier
/// <c>Promotion.{Reason}</c>; the message says what was asked, what the registry holds and what changed
/// (nothing, unless <see cref="Reason"/> is <see cref="LabImagePromotionErrorReason.VerificationFailed"/>).
/// </summary>
public sealed class LabImagePromotionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabImagePromotionException(LabImagePromotionErrorReason reason, string message, string? target = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        Target = target;
    }

    /// <summary>Why the operation was refused or failed.</summary>
    public LabImagePromotionErrorReason Reason { get; }

    /// <summary>The stable error identifier, <c>Promotion.{Reason}</c>.</summary>
    public string ErrorId => "Promotion." + Reason;

    /// <summary>The image reference concerned (<c>registry/repository:tag</c>), when there is one.</summary>
    public string? Target { get; }

    /// <summary>
    /// For <see cref="LabImagePromotionErrorReason.VerificationFailed"/>: the digest the registry reports for
    /// the new tag now (null when it reports none, or for other reasons).
    /// </summary>
    public string? RegistryDigest { get; init; }
}
