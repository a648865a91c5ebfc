using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Migration;

namespace RspAdmin.Cmdlets.Commands.Migration;

/// <summary>The parameters every migration cmdlet shares: the checkout, the environment and the site's choices.</summary>
public abstract class MigrationCmdlet : RspCmdlet
{
    /// <summary>The root of the Phalanx checkout; the current location when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? PhalanxPath { get; set; }

    /// <summary>The resolved checkout root.</summary>
    protected string Root => GetUnresolvedProviderPathFromPSPath(PhalanxPath ?? ".");

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
