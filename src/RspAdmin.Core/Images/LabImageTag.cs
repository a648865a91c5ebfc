namespace RspAdmin.Core.Images;

/// <summary>
/// A parsed lab image tag: its type, the display name the spawner menu shows, its version and
/// date, and the optional SAL cycle, RSP build, extra text and architecture suffixes.
/// Instances come from <see cref="LabImageTagParser"/>; they are immutable.
/// </summary>
public sealed class LabImageTag
{
    internal LabImageTag(
        string tag,
        LabImageType type,
        string displayName,
        LabImageVersion? version = null,
        DateTime? date = null,
        string? @base = null,
        int? cycle = null,
        int? cycleBuild = null,
        int? rspBuild = null,
        string? extra = null,
        string? architecture = null,
        bool isSemantic = false)
    {
        Tag = tag;
        Kind = type;
        DisplayName = displayName;
        Version = version;
        Date = date;
        Base = @base;
        Cycle = cycle;
        CycleBuild = cycleBuild;
        RspBuild = rspBuild;
        Extra = extra;
        Architecture = architecture;
        IsSemantic = isSemantic;
    }

    /// <summary>The tag as given (an empty tag is <c>latest</c>, as Docker reads it).</summary>
    public string Tag { get; }

    /// <summary>
    /// What kind of image the tag names, by name (Alias, Release, Weekly, Daily, ReleaseCandidate, Experimental,
    /// Unknown), so that ConvertTo-Json and Export-Csv write it as the operator reads it; <see cref="GetKind"/> gives
    /// the enumeration value.
    /// </summary>
    public string Type => Kind.ToString();

    /// <summary>What kind of image the tag names, as an enumeration value (for code; <see cref="Type"/> is its name).</summary>
    public LabImageType GetKind() => Kind;

    /// <summary>The kind as an enumeration value.</summary>
    internal LabImageType Kind { get; }

    /// <summary>The name the spawner menu shows, e.g. <c>Weekly 2022_40</c>.</summary>
    public string DisplayName { get; }

    /// <summary>Release (major.minor.patch[-rcN]), weekly (year.week.0) or daily (year.month.day) version.</summary>
    public LabImageVersion? Version { get; }

    /// <summary>Weeklies: the Thursday of the ISO week; dailies: the day; 00:00 UTC. Null otherwise.</summary>
    public DateTime? Date { get; }

    /// <summary>For aliases and unknown tags, the tag without its cycle and architecture suffixes.</summary>
    public string? Base { get; }

    /// <summary>The SAL cycle (<c>_c0044</c> or <c>_c0044.003</c>).</summary>
    public int? Cycle { get; }

    /// <summary>The build within the SAL cycle (the <c>003</c> of <c>_c0044.003</c>).</summary>
    public int? CycleBuild { get; }

    /// <summary>The RSP build number (<c>_rsp2742</c>).</summary>
    public int? RspBuild { get; }

    /// <summary>Free text after the known suffixes (<c>_extra</c>).</summary>
    public string? Extra { get; }

    /// <summary>The architecture suffix (<c>-amd64</c>); architecture-specific images are hidden from menus.</summary>
    public string? Architecture { get; }

    /// <summary>True for releases and release candidates (and experimentals built on them).</summary>
    public bool IsSemantic { get; }

    /// <summary>True when the tag names one architecture of a multi-architecture image.</summary>
    public bool IsArchitectureSpecific => Architecture is not null;

    /// <summary>The raw digits of the cycle as written in the tag, used in display names.</summary>
    internal string? CycleText { get; init; }

    /// <summary>The raw digits of the cycle build as written in the tag.</summary>
    internal string? CycleBuildText { get; init; }

    /// <summary>Parses a tag; never throws. Same as <see cref="LabImageTagParser.Parse"/>.</summary>
    public static LabImageTag Parse(string? tag) => LabImageTagParser.Parse(tag);

    /// <summary>Parses a tag configured as an alias (the recommended tag or an alias tag).</summary>
    public static LabImageTag ParseAlias(string? tag) => LabImageTagParser.ParseAlias(tag);

    /// <summary>
    /// Compares two tags of the same type, oldest first: by version when both have one, else by
    /// base; then cycle, cycle build, RSP build, extra and architecture (no architecture last).
    /// </summary>
    /// <exception cref="InvalidOperationException">The tags are of different types.</exception>
    public int CompareWithinType(LabImageTag other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Kind != Kind)
        {
            throw new InvalidOperationException($"Tags of type {Kind} and {other.Kind} are not comparable.");
        }

        return LabImageTagComparer.CompareSameType(this, other);
    }

    public override string ToString() => Tag;

    /// <summary>Returns a copy with another type and display name (used when an alias is resolved).</summary>
    internal LabImageTag With(
        LabImageType type,
        string displayName,
        int? cycle,
        string? cycleText,
        string? architecture,
        DateTime? date) =>
        new(Tag, type, displayName, Version, date, Base, cycle, CycleBuild, RspBuild, Extra, architecture, IsSemantic)
        {
            CycleText = cycleText,
            CycleBuildText = CycleBuildText,
        };
}
