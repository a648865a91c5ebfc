namespace RspAdmin.Core.Config;

/// <summary>
/// The lab image settings of a Nublado controller: the controller's <c>images</c> section (source,
/// refresh interval, prepull timeout, recommended tag, how many releases, weeklies and dailies to
/// prepull, SAL cycle, pins, alias tags), its <c>dropdownMenu</c> filter policy and the
/// <c>lab</c> settings the prepuller needs (node selector, tolerations, pull secret), with where
/// they were read from.
/// </summary>
public sealed record LabImageConfig
{
    /// <summary>Default <see cref="RefreshInterval"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>Default <see cref="PrepullTimeout"/>: 10 minutes.</summary>
    public static readonly TimeSpan DefaultPrepullTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Default <see cref="RecommendedTag"/>.</summary>
    public const string DefaultRecommendedTag = "recommended";

    /// <summary>Where images come from.</summary>
    public required LabImageSource Source { get; init; }

    /// <summary>Shorthand for <see cref="LabImageSource.Registry"/>.</summary>
    public string Registry => Source.Registry;

    /// <summary>Shorthand for <see cref="LabImageSource.Repository"/>.</summary>
    public string Repository => Source.Repository;

    /// <summary>How often the controller refreshes the registry and node data.</summary>
    public TimeSpan RefreshInterval { get; init; } = DefaultRefreshInterval;

    /// <summary>How long one prepull pod may take.</summary>
    public TimeSpan PrepullTimeout { get; init; } = DefaultPrepullTimeout;

    /// <summary>The tag of the image shown first in the menu and spawned by the <c>recommended</c> class.</summary>
    public string RecommendedTag { get; init; } = DefaultRecommendedTag;

    /// <summary>How many of the newest releases to prepull.</summary>
    public int NumReleases { get; init; } = 1;

    /// <summary>How many of the newest weeklies to prepull.</summary>
    public int NumWeeklies { get; init; } = 2;

    /// <summary>How many of the newest dailies to prepull.</summary>
    public int NumDailies { get; init; } = 3;

    /// <summary>When set, only tags of this SAL cycle are considered at all.</summary>
    public int? Cycle { get; init; }

    /// <summary>Extra tags to prepull.</summary>
    public IReadOnlyList<string> Pin { get => _pin; init => _pin = Text.List(value); }

    private readonly IReadOnlyList<string> _pin = Text.List(Array.Empty<string>());

    /// <summary>Tags besides <see cref="RecommendedTag"/> that a Docker source treats as aliases.</summary>
    public IReadOnlyList<string> AliasTags { get => _aliasTags; init => _aliasTags = Text.List(value); }

    private readonly IReadOnlyList<string> _aliasTags = Text.List(Array.Empty<string>());

    /// <summary>The dropdown filter policy (<c>dropdownMenu</c>).</summary>
    public LabImageFilterPolicy DropdownMenu { get; init; } = LabImageFilterPolicy.None;

    /// <summary>Node labels the lab pods (and so the prepuller) select (<c>lab.nodeSelector</c>).</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get => _nodeSelector; init => _nodeSelector = Text.Map(value); }

    private readonly IReadOnlyDictionary<string, string> _nodeSelector = Text.Map(null);

    /// <summary>Tolerations of the lab pods (<c>lab.tolerations</c>).</summary>
    public IReadOnlyList<LabToleration> Tolerations { get => _tolerations; init => _tolerations = Text.List(value); }

    private readonly IReadOnlyList<LabToleration> _tolerations = Text.List(Array.Empty<LabToleration>());

    /// <summary>The pull secret of the lab pods (<c>lab.pullSecret</c>).</summary>
    public string? PullSecret { get; init; }

    /// <summary>The files the settings were read from (base first), empty when built from parameters.</summary>
    public IReadOnlyList<string> SourceFiles { get => _sourceFiles; init => _sourceFiles = Text.List(value); }

    private readonly IReadOnlyList<string> _sourceFiles = Text.List(Array.Empty<string>());

    /// <summary>The Phalanx environment, when read from a Phalanx checkout.</summary>
    public string? Environment { get; init; }

    /// <summary>The tags a Docker source parses as aliases: the recommended tag and the alias tags. Empty for Google.</summary>
    public IReadOnlySet<string> AliasTagSet =>
        Source.Kind == LabImageSourceType.Docker
            ? new TextSet(AliasTags.Append(RecommendedTag))
            : new TextSet([]);

    /// <summary>
    /// Checks the invariants the readers enforce for configuration built in code.
    /// </summary>
    /// <exception cref="ArgumentException">A count is negative, the recommended tag is empty or a list holds an empty tag.</exception>
    public LabImageConfig Validate()
    {
        if (NumReleases < 0)
        {
            throw new ArgumentException("numReleases must be 0 or more.", nameof(NumReleases));
        }

        if (NumWeeklies < 0)
        {
            throw new ArgumentException("numWeeklies must be 0 or more.", nameof(NumWeeklies));
        }

        if (NumDailies < 0)
        {
            throw new ArgumentException("numDailies must be 0 or more.", nameof(NumDailies));
        }

        if (string.IsNullOrEmpty(RecommendedTag))
        {
            throw new ArgumentException("recommendedTag must not be empty.", nameof(RecommendedTag));
        }

        if (Pin.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("pin must not hold empty tags.", nameof(Pin));
        }

        if (AliasTags.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("aliasTags must not hold empty tags.", nameof(AliasTags));
        }

        if (RefreshInterval < TimeSpan.Zero)
        {
            throw new ArgumentException("refreshInterval must not be negative.", nameof(RefreshInterval));
        }

        if (PrepullTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("prepullTimeout must not be negative.", nameof(PrepullTimeout));
        }

        return this;
    }

    public override string ToString() => Environment is null ? Source.ToString() : $"{Environment}: {Source}";
}
