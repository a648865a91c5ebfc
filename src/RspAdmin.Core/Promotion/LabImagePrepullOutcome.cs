namespace RspAdmin.Core.Promotion;

/// <summary>What keeping an image prepulled needed in one values file.</summary>
public enum LabImagePrepullOutcome
{
    /// <summary>The tag was added to <c>controller.config.images.pin</c>.</summary>
    Pinned,

    /// <summary>The tag was already pinned.</summary>
    AlreadyPinned,

    /// <summary>The tag is among the newest releases, weeklies or dailies every node prepulls; no pin is needed now.</summary>
    CoveredByPrepullSet,

    /// <summary>A Google Artifact Registry source lists every tag's digest, so no pin is needed; the file is left alone.</summary>
    NotNeededForGoogle,

    /// <summary>A SimpleRepoMan image entry was added.</summary>
    ImageListed,

    /// <summary>The SimpleRepoMan entry of an earlier recommended image was pointed at this one (the documented procedure).</summary>
    ImageReplaced,

    /// <summary>The SimpleRepoMan already lists the image with its display name.</summary>
    AlreadyListed,
}
