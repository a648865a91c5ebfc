using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core.Config;
using RspAdmin.Core.Images;
using RspAdmin.Core.Registry;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Reads the lab image catalog of a registry as Nublado computes it.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LabImage", DefaultParameterSetName = RegistrySet)]
[OutputType(typeof(LabImage))]
public sealed class GetLabImageCommand : RspCmdlet
{
    private const string RegistrySet = "Registry";
    private const string ReferenceSet = "Reference";
    private const string ConfigSet = "Config";
    private const string PhalanxSet = "Phalanx";
    private const int ProgressActivityId = 0x4C49; // stable per cmdlet

    /// <summary>The registry host, with its port if it has one.</summary>
    [Parameter(ParameterSetName = RegistrySet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Registry { get; set; } = string.Empty;

    /// <summary>The repository in the registry.</summary>
    [Parameter(ParameterSetName = RegistrySet, Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Repository { get; set; } = string.Empty;

    /// <summary>The recommended tag of the repository.</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [Parameter(ParameterSetName = ReferenceSet)]
    [ValidateNotNullOrEmpty]
    public string RecommendedTag { get; set; } = LabImageConfig.DefaultRecommendedTag;

    /// <summary>Other alias tags of the repository.</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [Parameter(ParameterSetName = ReferenceSet)]
    [ValidateNotNull]
    public string[] AliasTag { get; set; } = Array.Empty<string>();

    /// <summary>One image, as registry/repository:tag[@digest].</summary>
    [Parameter(ParameterSetName = ReferenceSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Reference { get; set; } = string.Empty;

    /// <summary>A site's image settings, from Get-LabImageConfig.</summary>
    [Parameter(ParameterSetName = ConfigSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public LabImageConfig? Config { get; set; }

    /// <summary>The root of a Phalanx checkout; the current location when omitted.</summary>
    [Parameter(ParameterSetName = PhalanxSet)]
    [ValidateNotNullOrEmpty]
    public string? PhalanxPath { get; set; }

    /// <summary>The Phalanx environment whose settings to use.</summary>
    [Parameter(ParameterSetName = PhalanxSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhalanxEnvironmentCompleter))]
    public string Environment { get; set; } = string.Empty;

    /// <summary>Only images whose tag matches one of these wildcard patterns.</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [Parameter(ParameterSetName = ConfigSet)]
    [Parameter(ParameterSetName = PhalanxSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabImageTagCompleter))]
    public string[]? Tag { get; set; }

    /// <summary>Only images of these types.</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [Parameter(ParameterSetName = ConfigSet)]
    [Parameter(ParameterSetName = PhalanxSet)]
    [ValidateSet("Alias", "Release", "Weekly", "Daily", "ReleaseCandidate", "Experimental", "Unknown", IgnoreCase = true)]
    public string[]? Type { get; set; }

    /// <summary>Only the images of these classes: recommended, latest-release, latest-weekly, latest-daily.</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [Parameter(ParameterSetName = ConfigSet)]
    [Parameter(ParameterSetName = PhalanxSet)]
    [ValidateSet("recommended", "latest-release", "latest-weekly", "latest-daily", IgnoreCase = true)]
    public string[]? Class { get; set; }

    /// <summary>Only the images the prepuller keeps on every node.</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [Parameter(ParameterSetName = ConfigSet)]
    [Parameter(ParameterSetName = PhalanxSet)]
    public SwitchParameter PrepullSet { get; set; }

    /// <summary>Only the images the spawner's dropdown offers (after its filter policy).</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [Parameter(ParameterSetName = ConfigSet)]
    [Parameter(ParameterSetName = PhalanxSet)]
    public SwitchParameter Dropdown { get; set; }

    /// <summary>Include tags of one architecture (-amd64, -arm64), which menus hide.</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [Parameter(ParameterSetName = ConfigSet)]
    [Parameter(ParameterSetName = PhalanxSet)]
    public SwitchParameter IncludeArchitectureSpecific { get; set; }

    /// <summary>Which digests to read from the registry: None, PrepullSet (as Nublado) or All.</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [Parameter(ParameterSetName = ConfigSet)]
    [Parameter(ParameterSetName = PhalanxSet)]
    [ValidateSet("None", "PrepullSet", "All", IgnoreCase = true)]
    public string ResolveDigest { get; set; } = nameof(LabImageDigestMode.PrepullSet);

    /// <summary>How many digest requests may be in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>Credentials for the registry; by default those of the Docker configuration.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Allow plain HTTP or unverified TLS for a registry that is not on this machine.</summary>
    [Parameter]
    public SwitchParameter AllowInsecureRegistry { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var access = new RegistryAccess
        {
            Credential = Credential?.GetNetworkCredential(),
            AllowInsecure = AllowInsecureRegistry.IsPresent,
        };

        if (ParameterSetName == ReferenceSet)
        {
            WriteReference(access);
            return;
        }

        LabImageConfig config;
        config = ResolveLabImageConfig(
            ParameterSetName == ConfigSet ? Config : null,
            PhalanxPath,
            ParameterSetName == PhalanxSet ? Environment : null,
            () => new LabImageConfig
            {
                Source = LabImageSource.Docker(Repository, Registry),
                RecommendedTag = RecommendedTag,
                AliasTags = AliasTag,
            });

        LabImageCatalog catalog;
        DigestProgress? progress = null;
        try
        {
            catalog = RunAsync((messages, token) =>
            {
                progress = new DigestProgress(messages, config);
                var options = new LabImageCatalogOptions
                {
                    ResolveDigest = Enum.Parse<LabImageDigestMode>(ResolveDigest, ignoreCase: true),
                    MaxConcurrency = ThrottleLimit,
                    IncludeArchitectureSpecific = IncludeArchitectureSpecific.IsPresent,
                    Progress = progress,
                };
                var logged = access.WithRequestLog(entry => messages.Verbose(entry.ToString()));
                return LabImageCatalogService.LoadAsync(config, logged, options, token);
            });
        }
        catch (RegistryException e)
        {
            WriteCatalogError(ErrorCategories.Record(e, config.Source.ToString()));
            return;
        }
        finally
        {
            if (progress?.Started == true)
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, "Resolving image digests", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        WriteVerbose($"{config.Source}: {catalog.RemoteTagCount} tags, {catalog.PrepullSet.Count} in the prepull set, recommended {catalog.Recommended?.DisplayName ?? "(none)"}.");
        foreach (var image in Select(catalog))
        {
            WriteObject(image);
        }
    }

    private IEnumerable<LabImage> Select(LabImageCatalog catalog)
    {
        IEnumerable<LabImage> images = Dropdown.IsPresent ? catalog.Dropdown : catalog.All;
        if (PrepullSet.IsPresent)
        {
            images = Dropdown.IsPresent ? images.Where(catalog.IsInPrepullSet) : catalog.PrepullSet;
        }

        if (Class is { Length: > 0 })
        {
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in Class)
            {
                var image = name.ToLowerInvariant() switch
                {
                    "recommended" => catalog.Recommended,
                    "latest-release" => catalog.LatestRelease,
                    "latest-weekly" => catalog.LatestWeekly,
                    _ => catalog.LatestDaily,
                };
                if (image is null)
                {
                    WriteWarning($"No {name} image: the prepull set of {catalog.Config.Source} has none.");
                }
                else
                {
                    wanted.Add(image.Tag);
                }
            }

            images = catalog.PrepullSet.Where(i => wanted.Contains(i.Tag));
        }

        if (Tag is { Length: > 0 })
        {
            var patterns = Tag.Select(t => new WildcardPattern(t, WildcardOptions.IgnoreCase)).ToArray();
            images = images.Where(i => patterns.Any(p => p.IsMatch(i.Tag)));
        }

        if (Type is { Length: > 0 })
        {
            var types = new HashSet<LabImageType>(Type.Select(t => Enum.Parse<LabImageType>(t, ignoreCase: true)));
            images = images.Where(i => types.Contains(i.Type));
        }

        return images;
    }

    private void WriteReference(RegistryAccess access)
    {
        if (!ImageReference.TryParse(Reference, out var reference))
        {
            WriteError(ErrorCategories.InvalidArgument(
                "Reference.Malformed", $"'{Reference}' is not an image reference: expected registry/repository:tag[@sha256:digest], for example ghcr.io/lsst-sqre/sciplat-lab:w_2022_40.", Reference));
            return;
        }

        try
        {
            var aliases = AliasTag.Append(RecommendedTag).ToHashSet(StringComparer.Ordinal);
            var image = RunAsync((messages, token) =>
            {
                var logged = access.WithRequestLog(entry => messages.Verbose(entry.ToString()));
                return LabImageCatalogService.GetImageAsync(reference, logged, aliases, token);
            });
            WriteObject(image);
        }
        catch (RegistryException e)
        {
            WriteRspError(e, Reference);
        }
        catch (ArgumentException e)
        {
            WriteError(ErrorCategories.InvalidArgument("Reference.NoTag", e.Message, Reference));
        }
    }

    private void WriteCatalogError(ErrorRecord record)
    {
        // One catalog per configuration: from the pipeline a failure is that item's; otherwise the command's.
        if (ParameterSetName == ConfigSet && MyInvocation.ExpectingInput)
        {
            WriteError(record);
        }
        else
        {
            ThrowTerminatingError(record);
        }
    }

    /// <summary>
    /// Turns digest lookups into a progress bar, written on the pipeline thread: at most every 100 ms
    /// (thousands of lookups would otherwise queue thousands of records), and only once a run lasts
    /// long enough to be worth showing.
    /// </summary>
    private sealed class DigestProgress : IProgress<LabImageDigestProgress>
    {
        private const long IntervalMs = 100;
        private readonly PipelineMessages _messages;
        private readonly string _source;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private long _nextAt = IntervalMs;
        private int _started;

        public DigestProgress(PipelineMessages messages, LabImageConfig config)
        {
            _messages = messages;
            _source = config.Source.ToString();
        }

        /// <summary>True once a progress record was written.</summary>
        public bool Started => Volatile.Read(ref _started) == 1;

        public void Report(LabImageDigestProgress value)
        {
            var now = _clock.ElapsedMilliseconds;
            var due = Interlocked.Read(ref _nextAt);
            if (now < due || Interlocked.CompareExchange(ref _nextAt, now + IntervalMs, due) != due)
            {
                return;
            }

            Volatile.Write(ref _started, 1);
            var percent = value.Total == 0 ? 100 : (int)(100L * value.Completed / value.Total);
            _messages.Progress(new ProgressRecord(ProgressActivityId, $"Resolving image digests of {_source}", $"{value.Completed} of {value.Total}: {value.Tag}")
            {
                PercentComplete = percent,
            });
        }
    }
}
