using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Core;
using RspAdmin.Core.Migration;

namespace RspAdmin.Cmdlets.Commands.Migration;

/// <summary>
/// <para type="synopsis">Lists the steps of a Nublado migration stage for an environment, each probed now, with its preview.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "NubladoMigrationPlan")]
[OutputType(typeof(MigrationPlanStep))]
public sealed class GetNubladoMigrationPlanCommand : MigrationStageCmdlet
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

    /// <summary>Plan a stage that does not follow from the detected state.</summary>
    [Parameter]
    public SwitchParameter AllowStageSkip { get; set; }

    /// <summary>Only the steps of this phase. Preparation or Window.</summary>
    [Parameter]
    [ValidateSet("Preparation", "Window")]
    public string? Phase { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var checkout = Open(Environment);
        var evidence = Evidence(checkout);
        using var services = Services(checkout);
        var context = new MigrationContext(checkout, Options, services);
        MigrationPlan plan;
        try
        {
            // On a worker thread: the live steps' read-only probes log their requests to this command's verbose stream.
            plan = RunAsync((_, _) => Task.Run(() => MigrationPlanner.Plan(context, Enum.Parse<MigrationStage>(Stage, ignoreCase: true), AllowStageSkip.IsPresent, evidence)));
        }
        catch (RspException e)
        {
            WriteRspError(e, Environment);
            return;
        }

        WriteVerbose($"{Environment}: state {plan.State.State} ({plan.State.Reason})");
        foreach (var step in plan.Steps.Where(s => Phase is null || s.GetPhase() == Enum.Parse<MigrationPhase>(Phase, ignoreCase: true)))
        {
            WriteObject(step);
        }
    }
}
