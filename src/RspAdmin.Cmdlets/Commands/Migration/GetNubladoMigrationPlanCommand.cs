using System.Management.Automation;
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
