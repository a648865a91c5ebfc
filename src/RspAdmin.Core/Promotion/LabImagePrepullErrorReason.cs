namespace RspAdmin.Core.Promotion;

/// <summary>
/// Why the prepull settings of an environment could not be updated. Each maps to a stable error identifier
/// <c>Prepull.{Reason}</c>.
/// </summary>
public enum LabImagePrepullErrorReason
{
    /// <summary>The Phalanx checkout has neither nublado nor cachemachine values for the environment.</summary>
    EnvironmentNotFound,

    /// <summary>The tag does not follow the tag grammar.</summary>
    InvalidTag,

    /// <summary>The tag names one architecture of a multi-architecture image, which the prepuller never pulls.</summary>
    ArchitectureSpecific,

    /// <summary>The tag is of another SAL cycle than the environment's, so the prepuller would ignore it.</summary>
    WrongCycle,

    /// <summary>The registry has no such tag.</summary>
    TagNotFound,

    /// <summary>The cachemachine values hold no autostart document with a RubinRepoMan or RubinRepoGar to take the image's repository from.</summary>
    NoRepositoryManager,
}
