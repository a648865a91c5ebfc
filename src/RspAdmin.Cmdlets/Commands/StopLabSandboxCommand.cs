using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Cmdlets.Sandbox;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Stops a rehearsal cluster started by Start-LabSandbox and waits until it has exited.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "LabSandbox")]
public sealed class StopLabSandboxCommand : RspCmdlet
{
    /// <summary>The sandbox to stop; every sandbox this session started when omitted.</summary>
    [Parameter(ValueFromPipeline = true, Position = 0)]
    public LabSandbox[]? Sandbox { get; set; }

    /// <summary>How long the sandbox may take to stop before it is killed.</summary>
    [Parameter]
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var sandbox in Sandbox ?? LabSandboxRegistry.All())
        {
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
