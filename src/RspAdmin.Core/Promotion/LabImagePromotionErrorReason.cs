namespace RspAdmin.Core.Promotion;

/// <summary>
/// Why a retag or a promotion of the recommended tag was refused or failed. Each maps to a stable error
/// identifier <c>Promotion.{Reason}</c>, so the names are part of the public contract.
/// </summary>
public enum LabImagePromotionErrorReason
{
    /// <summary>A tag does not follow the registry's tag grammar.</summary>
    InvalidTag,

    /// <summary>The source and the new tag are the same tag.</summary>
    SameTag,

    /// <summary>The tag to promote names one architecture of a multi-architecture image (<c>-amd64</c>, <c>-arm64</c>).</summary>
    ArchitectureSpecific,

    /// <summary>The tag to promote is itself an alias (the recommended tag or a configured alias tag).</summary>
    AliasTag,

    /// <summary>The tag to promote belongs to another SAL cycle than the environment's, which the controller ignores.</summary>
    WrongCycle,

    /// <summary>The expected digest does not follow the digest grammar (<c>sha256:</c> and 64 lower-case hex digits).</summary>
    InvalidDigest,

    /// <summary>The source tag does not exist in the repository.</summary>
    TagNotFound,

    /// <summary>The source tag's digest is not the one the caller expected (it moved since it was approved).</summary>
    DigestChanged,

    /// <summary>After the manifest was stored, the registry did not report the expected digest for the new tag.</summary>
    VerificationFailed,
}
