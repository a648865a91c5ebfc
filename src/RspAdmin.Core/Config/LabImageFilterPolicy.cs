namespace RspAdmin.Core.Config;

/// <summary>
/// Nublado's <c>dropdownMenu</c> configuration: which images of each category the spawner's
/// dropdown lists. Aliases and unknown tags are never filtered.
/// </summary>
public sealed class LabImageFilterPolicy
{
    /// <summary>A policy that filters nothing.</summary>
    public static LabImageFilterPolicy None { get; } = new();

    /// <summary>Filter for releases.</summary>
    public LabImageFilter Release { get; init; } = LabImageFilter.None;

    /// <summary>Filter for weeklies.</summary>
    public LabImageFilter Weekly { get; init; } = LabImageFilter.None;

    /// <summary>Filter for dailies.</summary>
    public LabImageFilter Daily { get; init; } = LabImageFilter.None;

    /// <summary>Filter for release candidates.</summary>
    public LabImageFilter ReleaseCandidate { get; init; } = LabImageFilter.None;

    /// <summary>Filter for experimental images.</summary>
    public LabImageFilter Experimental { get; init; } = LabImageFilter.None;

    /// <summary>The filter for an image type, or null for the types that are never filtered (Alias, Unknown).</summary>
    public LabImageFilter? For(Images.LabImageType type) => type switch
    {
        Images.LabImageType.Release => Release,
        Images.LabImageType.Weekly => Weekly,
        Images.LabImageType.Daily => Daily,
        Images.LabImageType.ReleaseCandidate => ReleaseCandidate,
        Images.LabImageType.Experimental => Experimental,
        _ => null,
    };

    /// <summary>
    /// Applies the policy to items in menu order (grouped by type, newest first): each category's
    /// criteria, then its <see cref="LabImageFilter.Number"/> limit over the survivors. Aliases and
    /// unknown tags always pass.
    /// </summary>
    /// <param name="items">The items in menu order.</param>
    /// <param name="tagOf">The parsed tag that decides an item's category and criteria.</param>
    /// <param name="now">The basis of <see cref="LabImageFilter.Age"/>.</param>
    /// <param name="removeArchitectureSpecific">Drop architecture-specific items first (they do not count towards a limit).</param>
    public IEnumerable<T> Apply<T>(IEnumerable<T> items, Func<T, Images.LabImageTag> tagOf, DateTimeOffset now, bool removeArchitectureSpecific = true)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(tagOf);
        var kept = new Dictionary<Images.LabImageType, int>();
        foreach (var item in items)
        {
            var tag = tagOf(item);
            if (removeArchitectureSpecific && tag.IsArchitectureSpecific)
            {
                continue;
            }

            var filter = For(tag.Kind);
            if (filter is null || filter.IsEmpty)
            {
                yield return item;
                continue;
            }

            kept.TryGetValue(tag.Kind, out var count);
            if (filter.Number is > 0 && count >= filter.Number)
            {
                continue;
            }

            if (!filter.Accepts(tag, filter.DateThreshold(now)))
            {
                continue;
            }

            kept[tag.Kind] = count + 1;
            yield return item;
        }
    }

    public override string ToString()
    {
        var parts = new List<string>();
        Add(parts, "release", Release);
        Add(parts, "weekly", Weekly);
        Add(parts, "daily", Daily);
        Add(parts, "releaseCandidate", ReleaseCandidate);
        Add(parts, "experimental", Experimental);
        return parts.Count == 0 ? "(no filtering)" : string.Join("; ", parts);
    }

    private static void Add(List<string> parts, string name, LabImageFilter filter)
    {
        if (!filter.IsEmpty)
        {
            parts.Add($"{name}: {filter}");
        }
    }
}
