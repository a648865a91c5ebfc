using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Http;
using RspAdmin.Core.Migration;

namespace RspAdmin.Cmdlets.Commands.Migration;

/// <summary>The parameters every migration cmdlet shares: the checkout, the environment and the site's choices.</summary>
public abstract class MigrationCmdlet : RspCmdlet
{
    /// <summary>The root of the Phalanx checkout; the current location when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? PhalanxPath { get; set; }

    /// <summary>The environment's services (from New-NubladoMigrationConnection); without it live steps are only previewed.</summary>
    [Parameter]
    public MigrationConnection? Connection { get; set; }

    /// <summary>
    /// How long each call to a service may take, retries included: seconds (60), a TimeSpan ('00:01:00') or a
    /// duration ('1m'); at least 1 second.
    /// </summary>
    [Parameter]
    [DurationArgument(1)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The resolved checkout root.</summary>
    protected string Root => GetUnresolvedProviderPathFromPSPath(PhalanxPath ?? ".");

    /// <summary>Live services over <see cref="Connection"/> whose request log and retry notices reach the streams of the engine call running now; null without a connection.</summary>
    protected LiveMigrationServices? Services(MigrationCheckout checkout, TimeSpan? wait = null, int maxNamespaces = 5000) => Connection is null ? null : new LiveMigrationServices(Connection, checkout, new LiveMigrationSettings
    {
        Http = new HttpServiceOptions
        {
            TotalTimeout = Timeout,
            RequestTimeout = Timeout < TimeSpan.FromSeconds(30) ? Timeout : TimeSpan.FromSeconds(30),
            RequestLog = entry => CurrentMessages?.Verbose(entry.ToString() ?? string.Empty),
            RetryNotice = notice => CurrentMessages?.Warning(notice),
        },
        ClusterLog = entry => CurrentMessages?.Verbose(entry.ToString() ?? string.Empty),
        Wait = wait ?? TimeSpan.FromMinutes(10),
        Note = note => CurrentMessages?.Progress(new ProgressRecord(2, "Live step", note) { ParentActivityId = 1 }),
        MaxNamespaces = maxNamespaces,
    });

    /// <summary>The running services' evidence for state detection; null without a connection. A failure stops the command.</summary>
    protected MigrationClusterEvidence? Evidence(MigrationCheckout checkout)
    {
        using var services = Services(checkout);
        if (services is null)
        {
            return null;
        }

        try
        {
            return RunAsync((_, token) => services.GetEvidenceAsync(checkout.Environment, token));
        }
        catch (RspException e)
        {
            ThrowRspError(e, checkout.Environment);
            throw; // not reached
        }
    }

    /// <summary>Opens one environment, or stops the command with the error.</summary>
    protected MigrationCheckout Open(string environment)
    {
        try
        {
            return MigrationCheckout.Open(Root, environment);
        }
        catch (RspException e)
        {
            ThrowRspError(e);
            throw; // not reached
        }
    }
}

/// <summary>The parameters of the cmdlets that plan or run a stage: the site's choices the procedure leaves open.</summary>
public abstract class MigrationStageCmdlet : MigrationCmdlet
{
    /// <summary>The stage: EnableV3, MakeDefault, DisableV2 or Cleanup. (A string, not the engine's enum: a
    /// value-type field of an engine type would load the engine before the module's load context is in place.)</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("EnableV3", "MakeDefault", "DisableV2", "Cleanup")]
    public string Stage { get; set; } = string.Empty;

    /// <summary>The environment.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MigrationEnvironmentCompleter))]
    public string Environment { get; set; } = string.Empty;

    /// <summary>Only the steps of this phase; both, preparation first, when omitted. Preparation or Window.</summary>
    [Parameter]
    [ValidateSet("Preparation", "Window")]
    public string? Phase { get; set; }

    /// <summary>Take a stage that does not follow from the detected state.</summary>
    [Parameter]
    public SwitchParameter AllowStageSkip { get; set; }

    /// <summary>mobu flocks that test v3 on /n3 during stage 1.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] V3Flock { get; set; } = [];

    /// <summary>mobu flocks that keep testing v2 on /n2 in stage 2.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] V2Flock { get; set; } = [];

    /// <summary>Point noteburst at v3 on /n3 in stage 1.</summary>
    [Parameter]
    public SwitchParameter NoteburstOnV3 { get; set; }

    /// <summary>The mobu version whose option names are allowed; by default the mobu chart's appVersion.</summary>
    [Parameter]
    public Version? MobuVersion { get; set; }

    /// <summary>The site's choices.</summary>
    protected MigrationOptions Options => new()
    {
        V3Flocks = V3Flock,
        V2Flocks = V2Flock,
        NoteburstOnV3 = NoteburstOnV3.IsPresent,
        MobuVersion = MobuVersion,
    };
}
