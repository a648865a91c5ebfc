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
public sealed class GetNubladoMigrationPlanCommand : MigrationCmdlet
{
    /// <summary>The stage.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public MigrationStage Stage { get; set; }

    /// <summary>The environment.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MigrationEnvironmentCompleter))]
    public string Environment { get; set; } = string.Empty;

    /// <summary>Plan a stage that does not follow from the detected state.</summary>
    [Parameter]
    public SwitchParameter AllowStageSkip { get; set; }

    /// <summary>Only the steps of this phase.</summary>
    [Parameter]
    public MigrationPhase? Phase { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var context = new MigrationContext(Open(Environment), Options);
        MigrationPlan plan;
        try
        {
            plan = MigrationPlanner.Plan(context, Stage, AllowStageSkip.IsPresent);
        }
        catch (RspException e)
        {
            WriteRspError(e, Environment);
            return;
        }

        WriteVerbose($"{Environment}: state {plan.State.State} ({plan.State.Reason})");
        foreach (var step in plan.Steps.Where(s => Phase is null || s.Phase == Phase))
        {
            WriteObject(step);
        }
    }
}
