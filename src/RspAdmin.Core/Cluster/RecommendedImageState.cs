namespace RspAdmin.Core.Cluster;

/// <summary>Whether the menu can name the version of the recommended image.</summary>
public enum RecommendedImageState
{
    /// <summary>The recommended image resolves to a versioned image: "Recommended (Weekly 2077_43)".</summary>
    Resolved,

    /// <summary>
    /// The recommended tag exists but no image of the prepull set shares its digest, so the menu
    /// shows a bare "Recommended" (cachemachine's "Recommended ()"): pin the target tag, or point the
    /// recommended tag at an image of the prepull set.
    /// </summary>
    Unversioned,

    /// <summary>The registry has no recommended tag (in the configured cycle).</summary>
    NotFound,
}
