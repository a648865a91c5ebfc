using RspAdmin.Core.Images;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// The spawner form as Nublado builds it: the radio menu (the recommended image first, then the
/// prepull-set images on every eligible node) and the dropdown, with a diagnosis of the
/// recommended image's name.
/// </summary>
public sealed class LabMenu
{
    internal LabMenu(LabImageCatalog catalog, IReadOnlyList<LabImage> menu, IReadOnlyList<LabImage> dropdown, IReadOnlyList<string> suggestedPins)
    {
        _catalog = catalog;
        _menuImages = menu;
        _dropdownImages = dropdown;
        RecommendedTag = catalog.Config.RecommendedTag;
        Menu = menu.Select((image, i) => new LabMenuEntry(LabMenuList.Menu, i + 1, image, useDigest: true)).ToArray();
        var google = catalog.Config.Source.Kind == Config.LabImageSourceType.Google;
        Dropdown = dropdown
            .Select((image, i) => new LabMenuEntry(LabMenuList.Dropdown, i + 1, image, useDigest: google || catalog.IsInPrepullSet(image)))
            .ToArray();
        Recommended = catalog.Recommended;
        RecommendedState = catalog.Recommended is null
            ? RecommendedImageState.NotFound
            : catalog.Recommended.Kind == LabImageType.Alias && catalog.Recommended.AliasTarget is null
                ? RecommendedImageState.Unversioned
                : RecommendedImageState.Resolved;
        SuggestedPins = suggestedPins;
    }

    private readonly LabImageCatalog _catalog;
    private readonly IReadOnlyList<LabImage> _menuImages;
    private readonly IReadOnlyList<LabImage> _dropdownImages;

    /// <summary>A copy whose <see cref="SuggestedPins"/> are <paramref name="pins"/> (found in the registry).</summary>
    internal LabMenu WithSuggestedPins(IReadOnlyList<string> pins) => new(_catalog, _menuImages, _dropdownImages, pins);

    /// <summary>The radio menu.</summary>
    public IReadOnlyList<LabMenuEntry> Menu { get; }

    /// <summary>The dropdown.</summary>
    public IReadOnlyList<LabMenuEntry> Dropdown { get; }

    /// <summary>Both lists, menu first.</summary>
    public IReadOnlyList<LabMenuEntry> Entries => Menu.Concat(Dropdown).ToArray();

    /// <summary>The configured recommended tag.</summary>
    public string RecommendedTag { get; }

    /// <summary>The recommended image, or null when the registry has no such tag.</summary>
    public LabImage? Recommended { get; }

    /// <summary>Whether the recommended image has a versioned name.</summary>
    public RecommendedImageState RecommendedState { get; }

    /// <summary>
    /// For an unversioned recommended image: the versioned tags nodes or the registry report for
    /// its digest, newest first (when no node reports one, the registry's candidate tags are looked up
    /// newest first). Pinning one of them names the recommended image.
    /// </summary>
    public IReadOnlyList<string> SuggestedPins { get; }

    /// <summary>A sentence naming the cause and the remedy when the recommended image is not resolved; null otherwise.</summary>
    public string? RecommendedProblem => RecommendedState switch
    {
        RecommendedImageState.Unversioned => SuggestedPins.Count > 0
            ? $"The recommended image ('{RecommendedTag}', {Recommended!.Digest}) has no versioned name: no image of the prepull set shares its digest, so the menu shows '{Recommended.DisplayName}'. "
              + $"It is {string.Join(" or ", SuggestedPins.Select(t => "'" + t + "'"))}: pin '{SuggestedPins[0]}' (images.pin), or point '{RecommendedTag}' at an image of the prepull set with Set-RecommendedTag."
            : $"The recommended image ('{RecommendedTag}', {Recommended!.Digest ?? "digest unknown"}) has no versioned name: no image of the prepull set shares its digest, so the menu shows '{Recommended.DisplayName}'. "
              + $"No release, weekly or daily tag among the newest the registry holds has its digest; pin the tag it points at (images.pin), or point '{RecommendedTag}' at an image of the prepull set with Set-RecommendedTag.",
        RecommendedImageState.NotFound => $"The registry has no tag '{RecommendedTag}', so the menu has no recommended image. Create it with Set-RecommendedTag.",
        _ => null,
    };
}
