using System.Globalization;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Config;

/// <summary>
/// The dropdown filter for one category of images. Every criterion given must hold (they are
/// ANDed); a filter with none shows every image of its category.
/// </summary>
public sealed class LabImageFilter
{
    /// <summary>A filter that keeps everything.</summary>
    public static LabImageFilter None { get; } = new();

    /// <summary>Keep at most this many images (newest first). Null or 0 means no limit.</summary>
    public int? Number { get; init; }

    /// <summary>Drop dated images (weeklies, dailies and images built on them) older than now minus this.</summary>
    public TimeSpan? Age { get; init; }

    /// <summary>Drop dated images older than this. With <see cref="Age"/>, the later of the two cut-offs applies.</summary>
    public DateTimeOffset? CutoffDate { get; init; }

    /// <summary>Drop semantic images (releases, candidates and experimentals built on them) with a lower version.</summary>
    public LabImageVersion? CutoffVersion { get; init; }

    /// <summary>Drop images whose RSP build is lower than this; images without a build are kept.</summary>
    public int? CutoffBuild { get; init; }

    /// <summary>True when the filter has no criterion.</summary>
    public bool IsEmpty => Number is null && Age is null && CutoffDate is null && CutoffVersion is null && CutoffBuild is null;

    /// <summary>The date before which dated images are dropped: the later of <see cref="CutoffDate"/> and <paramref name="now"/> minus <see cref="Age"/>.</summary>
    public DateTimeOffset? DateThreshold(DateTimeOffset now)
    {
        DateTimeOffset? threshold = Age is { } age ? now - age : null;
        if (CutoffDate is { } cutoff && (threshold is null || threshold < cutoff))
        {
            threshold = cutoff;
        }

        return threshold;
    }

    /// <summary>True when a tag passes every criterion except <see cref="Number"/>.</summary>
    public bool Accepts(LabImageTag tag, DateTimeOffset? dateThreshold)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (tag.Date is { } date && dateThreshold is { } threshold
            && new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) < threshold)
        {
            return false;
        }

        if (tag.IsSemantic && tag.Version is not null && CutoffVersion is not null && tag.Version.CompareTo(CutoffVersion) < 0)
        {
            return false;
        }

        if (tag.RspBuild is { } build && CutoffBuild is { } minimum && build < minimum)
        {
            return false;
        }

        return true;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Number is { } n)
        {
            parts.Add(FormattableString.Invariant($"number {n}"));
        }

        if (Age is { } a)
        {
            parts.Add($"age {LabImageDuration.Format(a)}");
        }

        if (CutoffDate is { } d)
        {
            parts.Add($"cutoffDate {d.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)}");
        }

        if (CutoffVersion is { } v)
        {
            parts.Add($"cutoffVersion {v}");
        }

        if (CutoffBuild is { } b)
        {
            parts.Add(FormattableString.Invariant($"cutoffBuild {b}"));
        }

        return parts.Count == 0 ? "(none)" : string.Join(", ", parts);
    }
}
