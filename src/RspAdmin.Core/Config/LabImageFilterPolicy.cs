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
