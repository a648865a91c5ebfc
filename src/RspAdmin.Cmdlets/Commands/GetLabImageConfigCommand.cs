using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core.Config;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Reads the lab image settings of a Nublado controller.</para>
/// <para type="description">From a Phalanx checkout (values.yaml merged with values-ENV.yaml as Helm
/// merges them), from a controller config.yaml, or built from parameters.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LabImageConfig", DefaultParameterSetName = PhalanxSet)]
[OutputType(typeof(LabImageConfig))]
public sealed class GetLabImageConfigCommand : RspCmdlet
{
    private const string PhalanxSet = "Phalanx";
    private const string FileSet = "File";
    private const string ParametersSet = "Parameters";

    /// <summary>The root of a Phalanx checkout; the current location when omitted.</summary>
    [Parameter(ParameterSetName = PhalanxSet)]
    [ValidateNotNullOrEmpty]
    public string? PhalanxPath { get; set; }

    /// <summary>The Phalanx environment, e.g. idfprod.</summary>
    [Parameter(ParameterSetName = PhalanxSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhalanxEnvironmentCompleter))]
    public string Environment { get; set; } = string.Empty;

    /// <summary>A Nublado controller configuration file (config.yaml).</summary>
    [Parameter(ParameterSetName = FileSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Docker registry host (and port).</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string Registry { get; set; } = "docker.io";

    /// <summary>Repository path in the registry, e.g. lsst-sqre/sciplat-lab.</summary>
    [Parameter(ParameterSetName = ParametersSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Repository { get; set; } = string.Empty;

    /// <summary>The recommended tag.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string RecommendedTag { get; set; } = LabImageConfig.DefaultRecommendedTag;

    /// <summary>How many releases to prepull.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0, int.MaxValue)]
    public int NumReleases { get; set; } = 1;

    /// <summary>How many weeklies to prepull.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0, int.MaxValue)]
    public int NumWeeklies { get; set; } = 2;

    /// <summary>How many dailies to prepull.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0, int.MaxValue)]
    public int NumDailies { get; set; } = 3;

    /// <summary>Restrict images to this SAL cycle.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0, int.MaxValue)]
    public int? Cycle { get; set; }

    /// <summary>Extra tags to prepull.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNull]
    public string[] Pin { get; set; } = Array.Empty<string>();

    /// <summary>Tags besides the recommended tag to treat as aliases.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNull]
    public string[] AliasTag { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            var config = ParameterSetName switch
            {
                FileSet => LabImageConfigReader.ReadControllerConfig(ResolvePath(Path)),
                ParametersSet => FromParameters(),
                _ => LabImageConfigReader.ReadPhalanx(ResolvePath(PhalanxPath ?? "."), Environment),
            };
            WriteObject(config);
        }
        catch (LabImageConfigException e)
        {
            ThrowRspError(e);
        }
    }

    private LabImageConfig FromParameters()
    {
        if (Pin.Any(string.IsNullOrEmpty) || AliasTag.Any(string.IsNullOrEmpty))
        {
            throw new LabImageConfigException(LabImageConfigErrorReason.InvalidValue, "-Pin and -AliasTag must not hold empty tags.");
        }

        return new LabImageConfig
        {
            Source = LabImageSource.Docker(Repository, Registry),
            RecommendedTag = RecommendedTag,
            NumReleases = NumReleases,
            NumWeeklies = NumWeeklies,
            NumDailies = NumDailies,
            Cycle = Cycle,
            Pin = Pin,
            AliasTags = AliasTag,
        }.Validate();
    }

    private string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);
}
