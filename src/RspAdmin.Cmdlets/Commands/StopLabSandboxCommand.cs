using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Cmdlets.Sandbox;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Stops a rehearsal cluster started by Start-LabSandbox and waits until it has exited.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "LabSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
public sealed class StopLabSandboxCommand : RspCmdlet
{
    /// <summary>The sandbox to stop; every sandbox this session started when omitted.</summary>
    [Parameter(ValueFromPipeline = true, Position = 0)]
    public LabSandbox[]? Sandbox { get; set; }

    /// <summary>How long the sandbox may take to stop before it is killed: seconds (10), a TimeSpan or a duration ('10s'); at least 0.1 second.</summary>
    [Parameter]
    [DurationArgument(0.1)]
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var sandbox in Sandbox ?? LabSandboxRegistry.All())
        {
            if (!ShouldProcess($"the rehearsal cluster at {sandbox.ApiAddress} (process {sandbox.ProcessId})", "Stop"))
            {
                continue;
            }

            WriteVerbose($"Stopping the sandbox at {sandbox.ApiAddress} (process {sandbox.ProcessId}).");
            RunAsync(async token =>
            {
                await sandbox.StopAsync(Grace).ConfigureAwait(false);
                return true;
            });
            LabSandboxRegistry.Remove(sandbox);
            sandbox.Dispose();
        }
    }
}
