namespace RspAdmin.Core.Images;

/// <summary>
/// The kind of a lab image tag. The declaration order is the menu's group order: aliases first,
/// then releases, weeklies, dailies, release candidates, experimentals and unknown tags.
/// </summary>
public enum LabImageType
{
    /// <summary>A configured alias (recommended tag or alias tag), or a tag resolved to another image by digest.</summary>
    Alias = 0,

    /// <summary>A release, <c>rMM_mm_pp</c> or the obsolete <c>rMMm</c>.</summary>
    Release = 1,

    /// <summary>A weekly build, <c>w_YYYY_WW</c>.</summary>
    Weekly = 2,

    /// <summary>A daily build, <c>d_YYYY_MM_DD</c>.</summary>
    Daily = 3,

    /// <summary>A release candidate, <c>rMM_mm_pp_rcN</c>.</summary>
    ReleaseCandidate = 4,

    /// <summary>An experimental build, <c>exp_</c> followed by any other tag.</summary>
    Experimental = 5,

    /// <summary>Anything else. Never an error: unparseable tags are Unknown.</summary>
    Unknown = 6,
}

/// <summary>Helpers for <see cref="LabImageType"/>.</summary>
public static class LabImageTypeExtensions
{
    /// <summary>The name Nublado uses for the type (its JSON and display-name spelling).</summary>
    public static string ToNubladoName(this LabImageType type) => type switch
    {
        LabImageType.Alias => "Alias",
        LabImageType.Release => "Release",
        LabImageType.Weekly => "Weekly",
        LabImageType.Daily => "Daily",
        LabImageType.ReleaseCandidate => "Release Candidate",
        LabImageType.Experimental => "Experimental",
        _ => "Unknown",
    };
}
