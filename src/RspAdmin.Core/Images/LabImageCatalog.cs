using RspAdmin.Core.Config;

namespace RspAdmin.Core.Images;

/// <summary>
/// What a Nublado controller makes of a registry's tags under a configuration: the cycle-filtered
/// images (aliases resolved by digest where digests are known), the prepull set, the image classes
/// (recommended, latest release, weekly and daily), the full list and the filtered dropdown, all
/// in menu order. Built by <see cref="LabImageCatalogBuilder"/>; node presence is not part of it.
/// </summary>
public sealed class LabImageCatalog
{
    private readonly HashSet<string> _prepullTags;

    internal LabImageCatalog(
        LabImageConfig config,
        LabImageCollection images,
        IReadOnlyList<LabImage> prepullSet,
        IReadOnlyList<LabImage> all,
        IReadOnlyList<LabImage> dropdown,
        LabImageDigestMode digestMode,
        DateTimeOffset builtAt,
        int remoteTagCount)
    {
        Config = config;
        Images = images;
        PrepullSet = prepullSet;
        All = all;
        Dropdown = dropdown;
        DigestMode = digestMode;
        BuiltAt = builtAt;
        RemoteTagCount = remoteTagCount;
        _prepullTags = new HashSet<string>(prepullSet.Select(i => i.Tag), StringComparer.Ordinal);
        Recommended = prepullSet.FirstOrDefault(i => string.Equals(i.Tag, config.RecommendedTag, StringComparison.Ordinal));
        LatestRelease = prepullSet.FirstOrDefault(i => i.Kind == LabImageType.Release);
        LatestWeekly = prepullSet.FirstOrDefault(i => i.Kind == LabImageType.Weekly);
        LatestDaily = prepullSet.FirstOrDefault(i => i.Kind == LabImageType.Daily);
    }

    /// <summary>The configuration the catalog was built with.</summary>
    public LabImageConfig Config { get; }

    /// <summary>Every cycle-filtered tag as an image (architecture-specific ones included).</summary>
    public LabImageCollection Images { get; }

    /// <summary>The images to prepull, in menu order: the newest releases, weeklies and dailies, the recommended tag and pins.</summary>
    public IReadOnlyList<LabImage> PrepullSet { get; }

    /// <summary>The recommended image (tag == <see cref="LabImageConfig.RecommendedTag"/> in the prepull set), or null.</summary>
    public LabImage? Recommended { get; }

    /// <summary>The newest release in the prepull set, or null.</summary>
    public LabImage? LatestRelease { get; }

    /// <summary>The newest weekly in the prepull set, or null.</summary>
    public LabImage? LatestWeekly { get; }

    /// <summary>The newest daily in the prepull set, or null.</summary>
    public LabImage? LatestDaily { get; }

    /// <summary>Every cycle-filtered image in menu order (the spawner's <c>all</c> list); architecture-specific ones unless asked for.</summary>
    public IReadOnlyList<LabImage> All { get; }

    /// <summary>The spawner dropdown: <see cref="All"/> through the <c>dropdownMenu</c> filter policy, architecture-specific images removed.</summary>
    public IReadOnlyList<LabImage> Dropdown { get; }

    /// <summary>Which digests were looked up.</summary>
    public LabImageDigestMode DigestMode { get; }

    /// <summary>The clock's time when the catalog was built (the basis of the dropdown's age filters).</summary>
    public DateTimeOffset BuiltAt { get; }

    /// <summary>How many distinct tags the registry listed, before the cycle filter.</summary>
    public int RemoteTagCount { get; }

    /// <summary>True when the image is in the prepull set.</summary>
    public bool IsInPrepullSet(LabImage image) => image is not null && _prepullTags.Contains(image.Tag);

    /// <summary>
    /// The spawner's radio menu: the prepull set in menu order, a typed image hidden when an alias in
    /// the set points at it, the recommended image first whatever its state, every other image only
    /// when <paramref name="isPrepulled"/> says it is on all eligible nodes.
    /// </summary>
    public IReadOnlyList<LabImage> GetMenu(Func<LabImage, bool> isPrepulled)
    {
        ArgumentNullException.ThrowIfNull(isPrepulled);
        var menu = new List<LabImage>();
        LabImage? recommended = null;
        foreach (var image in PrepullSet)
        {
            if (IsAliasedWithinPrepullSet(image))
            {
                continue;
            }

            if (string.Equals(image.Tag, Config.RecommendedTag, StringComparison.Ordinal))
            {
                recommended = image;
            }
            else if (isPrepulled(image))
            {
                menu.Add(image);
            }
        }

        if (recommended is not null)
        {
            menu.Insert(0, recommended);
        }

        return menu;
    }

    /// <summary>
    /// The catalog in the shape of Nublado's <c>GET /spawner/v1/images</c> response.
    /// </summary>
    /// <param name="isPrepulled">Whether an image is on every eligible node (cluster knowledge); null means false for all.</param>
    public LabImageSpawnerImages ToSpawnerImages(Func<LabImage, bool>? isPrepulled = null)
    {
        LabImageSpawnerImage? Project(LabImage? image) =>
            image is null ? null : LabImageSpawnerImage.From(image, isPrepulled?.Invoke(image) ?? false);

        return new LabImageSpawnerImages(
            Project(Recommended),
            Project(LatestWeekly),
            Project(LatestDaily),
            Project(LatestRelease),
            All.Select(i => Project(i)!).ToArray());
    }

    private bool IsAliasedWithinPrepullSet(LabImage image)
    {
        if (image.Kind == LabImageType.Alias)
        {
            return false;
        }

        foreach (var alias in image.Aliases)
        {
            if (_prepullTags.Contains(alias)
                && Images.ImageForTag(alias) is { Kind: LabImageType.Alias } other
                && string.Equals(other.AliasTarget, image.Tag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
