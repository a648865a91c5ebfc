using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Starts a local rehearsal cluster (RspAdmin.Sandbox) from a scenario.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "LabSandbox")]
[OutputType(typeof(LabSandbox))]
public sealed class StartLabSandboxCommand : RspCmdlet
{
    /// <summary>A scenario file, or the name of a scenario that comes with the sandbox (three-nodes).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Scenario { get; set; } = string.Empty;

    /// <summary>Where to write the sandbox's kubeconfig; a temporary file when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubeconfigPath { get; set; }

    /// <summary>RspAdmin.Sandbox.dll or its folder; found beside the module or in the source checkout when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SandboxPath { get; set; }

    /// <summary>How long to wait for the sandbox to be ready.</summary>
    [Parameter]
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var moduleDirectory = Path.GetDirectoryName(typeof(StartLabSandboxCommand).Assembly.Location);
        var dll = LabSandbox.Locate(SandboxPath is null ? null : GetUnresolvedProviderPathFromPSPath(SandboxPath), moduleDirectory);
        if (dll is null)
        {
            var e = new ClusterException(ClusterErrorReason.SandboxNotFound,
                "RspAdmin.Sandbox.dll was not found: give -SandboxPath, set RSPADMIN_SANDBOX, or build the source checkout (./build.sh build).");
            ThrowRspError(e, SandboxPath);
        }

        var scenarioPath = LabSandbox.ResolveScenario(
            File.Exists(GetUnresolvedProviderPathFromPSPath(Scenario)) ? GetUnresolvedProviderPathFromPSPath(Scenario) : Scenario, dll!);
        if (scenarioPath is null)
        {
            var e = new ClusterException(ClusterErrorReason.SandboxNotFound, $"The scenario '{Scenario}' is neither a file nor a scenario that comes with the sandbox.");
            ThrowRspError(e, Scenario);
        }

        try
        {
            var kubeconfig = KubeconfigPath is null ? null : GetUnresolvedProviderPathFromPSPath(KubeconfigPath);
            var sandbox = RunAsync(token => LabSandbox.StartAsync(dll!, scenarioPath!, kubeconfig, ReadyTimeout, token));
            LabSandboxRegistry.Add(sandbox);
            WriteObject(sandbox);
        }
        catch (ClusterException e)
        {
            ThrowRspError(e, Scenario);
        }
    }
}
