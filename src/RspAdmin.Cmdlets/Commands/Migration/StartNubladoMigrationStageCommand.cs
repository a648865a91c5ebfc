using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Migration;

namespace RspAdmin.Cmdlets.Commands.Migration;

/// <summary>
/// <para type="synopsis">Runs a stage of the Nublado v2 to v3 migration for an environment: repo edits committed on a branch, gates, probes and, with a connection, the live steps, resumably.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "NubladoMigrationStage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MigrationStepResult))]
public sealed class StartNubladoMigrationStageCommand : MigrationStageCmdlet
{



    /// <summary>The gates to pass, by step id (a gate passes only when named here).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] AcknowledgeGate { get; set; } = [];

    /// <summary>Go on after an interrupted run.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }


    /// <summary>The journal file; by default one per environment and stage in the user's state directory.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JournalPath { get; set; }

    /// <summary>The branch repo steps commit on.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Branch { get; set; }

    /// <summary>Push the branch after the last commit.</summary>
    [Parameter]
    public SwitchParameter Push { get; set; }

    /// <summary>The remote to push to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Remote { get; set; } = "origin";

    /// <summary>
    /// How long one wait of a live step may take (a sync to finish, namespaces to go, flocks to come back):
    /// seconds, a TimeSpan or a duration ('10m'); at least 5 seconds.
    /// </summary>
    [Parameter]
    [DurationArgument(5)]
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most lab namespaces of one prefix the session removal may delete; more stops it before anything is deleted.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int MaxNamespaces { get; set; } = 5000;

    /// <summary>Run destructive steps without the extra question.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var checkout = Open(Environment);
        // -WhatIf given, or inherited as $WhatIfPreference from a script that was given it.
        var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
            ? value is SwitchParameter { IsPresent: true }
            : SessionState.PSVariable.GetValue("WhatIfPreference") is SwitchParameter { IsPresent: true } or true;
        var activity = $"Nublado migration {Stage} on {Environment}";
        using var services = Services(checkout, WaitTimeout, MaxNamespaces);
        try
        {
            // The run goes on a worker thread; questions, objects and progress come back to the pipeline thread.
            RunAsync((messages, token) => Task.Run(() =>
            {
                var settings = new MigrationRunSettings
                {
                    Stage = Enum.Parse<MigrationStage>(Stage, ignoreCase: true),
                    Phase = Phase is null ? null : Enum.Parse<MigrationPhase>(Phase, ignoreCase: true),
                    AcknowledgedGates = AcknowledgeGate,
                    Resume = Resume.IsPresent,
                    AllowStageSkip = AllowStageSkip.IsPresent,
                    JournalPath = JournalPath is null ? null : GetUnresolvedProviderPathFromPSPath(JournalPath),
                    Branch = Branch,
                    Push = Push.IsPresent,
                    Remote = Remote,
                    PreviewOnly = whatIf,
                    Approve = (step, preview) => OnPipeline(messages, () => Approve(step, preview, whatIf)),
                    Progress = p => messages.Progress(new ProgressRecord(1, activity, $"{p.Id} {p.Title}") { PercentComplete = p.Count == 0 ? 0 : 100 * p.Index / p.Count }),
                    Result = (result, error) => messages.Add(c =>
                    {
                        c.WriteObject(result);
                        if (error is not null)
                        {
                            WriteRspError(error, result.Id);
                        }
                    }),
                };
                return MigrationRunner.Run(new MigrationContext(checkout, Options, services), settings, token);
            }, token));
        }
        catch (RspException e)
        {
            WriteRspError(e, Environment);
        }
        finally
        {
            WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    // Runs a question on the pipeline thread and waits for the answer.
    private static T OnPipeline<T>(PipelineMessages messages, Func<T> ask)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        messages.Add(_ =>
        {
            try
            {
                answer.SetResult(ask());
            }
            catch (Exception e)
            {
                answer.SetException(e);
                throw;
            }
        });
        return answer.Task.GetAwaiter().GetResult();
    }

    private MigrationApproval Approve(MigrationStep step, string preview, bool whatIf)
    {
        var description = $"{step.Id} {step.Title} on {Environment}: {step.Changes}{System.Environment.NewLine}{preview.TrimEnd('\n')}";
        if (!ShouldProcess(description, $"Run step {step.Id} ({step.Title}) of {Stage} on {Environment}?", "Start-NubladoMigrationStage"))
        {
            return whatIf ? MigrationApproval.Preview : MigrationApproval.Declined;
        }

        // Destructive steps ask as a ConfirmImpact High command would: unless -Force, an explicit -Confirm (already asked
        // above, or -Confirm:$false) or $ConfirmPreference None says not to.
        var confirmGiven = MyInvocation.BoundParameters.ContainsKey("Confirm");
        var confirmNone = SessionState.PSVariable.GetValue("ConfirmPreference") is ConfirmImpact.None;
        if (step.Destructive && !Force.IsPresent && !confirmGiven && !confirmNone
            && !ShouldContinue($"{step.Id} {step.Title} cannot be undone: {step.Changes}", $"Destructive step {step.Id} on {Environment}"))
        {
            return MigrationApproval.Declined;
        }

        return MigrationApproval.Proceed;
    }
}
