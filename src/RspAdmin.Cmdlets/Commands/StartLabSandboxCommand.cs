using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Cmdlets.Sandbox;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Starts a local rehearsal cluster (RspAdmin.Sandbox) from a scenario.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "LabSandbox", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(LabSandbox))]
public sealed class StartLabSandboxCommand : RspCmdlet
{
    /// <summary>A scenario file, or the name of a scenario that comes with the sandbox (three-nodes).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.SandboxScenarioCompleter))]
    public string Scenario { get; set; } = string.Empty;

    /// <summary>Where to write the sandbox's kubeconfig; a temporary file when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubeconfigPath { get; set; }

    /// <summary>RspAdmin.Sandbox.dll or its folder; the sandbox shipped in the module's Sandbox folder when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SandboxPath { get; set; }

    /// <summary>Overwrite the file at -KubeconfigPath when it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>How long to wait for the sandbox to be ready: seconds (60), a TimeSpan or a duration ('1m'); at least 1 second.</summary>
    [Parameter]
    [DurationArgument(1)]
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var moduleDirectory = Path.GetDirectoryName(typeof(StartLabSandboxCommand).Assembly.Location);
        var dll = LabSandbox.Locate(SandboxPath is null ? null : GetUnresolvedProviderPathFromPSPath(SandboxPath), moduleDirectory);
        if (dll is null)
        {
            var e = new ClusterException(ClusterErrorReason.SandboxNotFound,
                $"RspAdmin.Sandbox.dll was not found in the module's {LabSandbox.ShippedFolder} folder ({moduleDirectory}): reinstall the module, give -SandboxPath, or set RSPADMIN_SANDBOX.");
            ThrowRspError(e, SandboxPath);
        }

        var scenarioPath = LabSandbox.ResolveScenario(
            File.Exists(GetUnresolvedProviderPathFromPSPath(Scenario)) ? GetUnresolvedProviderPathFromPSPath(Scenario) : Scenario, dll!);
        if (scenarioPath is null)
        {
            var e = new ClusterException(ClusterErrorReason.SandboxNotFound, $"The scenario '{Scenario}' is neither a file nor a scenario that comes with the sandbox.");
            ThrowRspError(e, Scenario);
        }

        var kubeconfig = KubeconfigPath is null ? null : GetUnresolvedProviderPathFromPSPath(KubeconfigPath);
        if (kubeconfig is not null && File.Exists(kubeconfig) && !Force.IsPresent)
        {
            ThrowRspError(new RspAdmin.Core.RspException(
                "Sandbox.KubeconfigExists",
                RspAdmin.Core.ErrorKind.Conflict,
                $"{kubeconfig} exists; the sandbox would overwrite it. Pass another path, or -Force to overwrite it.",
                kubeconfig));
        }

        var what = $"a rehearsal cluster from scenario {scenarioPath}, its kubeconfig written to {kubeconfig ?? "a temporary file"}";
        if (!ShouldProcess(what, $"Start {what}?", "Start-LabSandbox"))
        {
            return;
        }

        try
        {
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
