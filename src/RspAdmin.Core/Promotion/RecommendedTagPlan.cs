using RspAdmin.Core.Config;
using RspAdmin.Core.Registry;

namespace RspAdmin.Core.Promotion;

/// <summary>
/// What moving the recommended tag would do, worked out without changing anything: the image to promote
/// (its digest and manifest, read once), what the recommended tag names now (digest and the other tags found
/// with that digest), and what the spawner menu says before and after.
/// </summary>
/// <remarks>Made by <see cref="RecommendedTagService.PlanAsync"/>; carried out by <see cref="RecommendedTagService.ApplyAsync"/>,
/// which stores exactly the manifest read here, so what was shown is what is promoted.</remarks>
public sealed class RecommendedTagPlan
{
    internal RecommendedTagPlan(LabImageConfig config, string tag, ManifestContent manifest)
    {
        Config = config;
        Tag = tag;
        Manifest = manifest;
    }

    /// <summary>The settings the plan was made for (registry, repository, recommended tag, prepull counts, pins).</summary>
    public LabImageConfig Config { get; }

    /// <summary>Registry host and optional port.</summary>
    public string Registry => Config.Registry;

    /// <summary>Repository path.</summary>
    public string Repository => Config.Repository;

    /// <summary>The tag that is moved, e.g. <c>recommended</c> or <c>recommended_c0044</c>.</summary>
    public string RecommendedTag => Config.RecommendedTag;

    /// <summary>The tag to promote, e.g. <c>w_2022_40</c>.</summary>
    public string Tag { get; }

    /// <summary>The digest of <see cref="Tag"/>, which the recommended tag will name.</summary>
    public string Digest => Manifest.Digest;

    /// <summary>The manifest media type (kept on the copy).</summary>
    public string MediaType => Manifest.MediaType;

    /// <summary>The digest the recommended tag names now; null when it does not exist yet.</summary>
    public string? PreviousDigest { get; internal init; }

    /// <summary>
    /// The other tags found with <see cref="PreviousDigest"/>, in menu order (newest first): the tags to
    /// promote again to undo the move. Searched in the prepull set, then among releases, weeklies and dailies,
    /// newest first, until one matches or the lookup budget is spent; so an empty list means none was found,
    /// not that none exists.
    /// </summary>
    public IReadOnlyList<string> PreviousTags { get; internal init; } = Array.Empty<string>();

    /// <summary>True when the recommended tag already names <see cref="Digest"/>: applying the plan writes nothing.</summary>
    public bool IsUnchanged => string.Equals(PreviousDigest, Digest, StringComparison.Ordinal);

    /// <summary>What the spawner menu calls the recommended image now (Nublado's rules); null when the tag does not exist.</summary>
    public string? CurrentDisplayName { get; internal init; }

    /// <summary>What the menu will call it after the move, with the prepull settings as they are.</summary>
    public string DisplayNameAfter { get; internal init; } = string.Empty;

    /// <summary>What the menu will call it after the move once <see cref="Tag"/> is prepulled (pinned, for a Docker source).</summary>
    public string DisplayNameAfterPin { get; internal init; } = string.Empty;

    /// <summary>
    /// True when the prepull set already holds <see cref="Tag"/> (among the newest releases, weeklies and dailies,
    /// or pinned). With a Docker source the menu can name the recommended image's version only then.
    /// </summary>
    public bool IsTagPrepulled { get; internal init; }

    /// <summary><c>registry/repository:recommendedTag</c>.</summary>
    public string RecommendedReference => $"{Registry}/{Repository}:{RecommendedTag}";

    /// <summary><c>registry/repository:tag</c>.</summary>
    public string SourceReference => $"{Registry}/{Repository}:{Tag}";

    internal ManifestContent Manifest { get; }

    /// <summary>One sentence saying exactly what applying the plan changes.</summary>
    public string Describe()
    {
        var from = PreviousDigest is null
            ? "create it"
            : $"move it from {PreviousDigest}{(PreviousTags.Count > 0 ? " (" + string.Join(", ", PreviousTags) + ")" : string.Empty)}";
        var menu = IsTagPrepulled || DisplayNameAfter == DisplayNameAfterPin
            ? $"Menu: '{CurrentDisplayName ?? "(none)"}' becomes '{DisplayNameAfter}'."
            : $"Menu: '{CurrentDisplayName ?? "(none)"}' becomes '{DisplayNameAfter}', and '{DisplayNameAfterPin}' once {Tag} is pinned (Update-LabImagePrepull).";
        return IsUnchanged
            ? $"{RecommendedReference} already names {Digest} ({Tag}); nothing to change."
            : $"Point {RecommendedReference} at {Digest} ({Tag}, {MediaType}): {from}. {menu}";
    }

    public override string ToString() => Describe();
}
