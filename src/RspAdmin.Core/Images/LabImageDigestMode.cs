namespace RspAdmin.Core.Images;

/// <summary>Which tags the catalog builder looks up digests for.</summary>
public enum LabImageDigestMode
{
    /// <summary>No lookups: every image is known by tag only and no alias is resolved.</summary>
    None = 0,

    /// <summary>Only the prepull set, as Nublado's Docker source does (one manifest request per tag).</summary>
    PrepullSet = 1,

    /// <summary>Every tag (what a Google Artifact Registry listing gives for free).</summary>
    All = 2,
}
