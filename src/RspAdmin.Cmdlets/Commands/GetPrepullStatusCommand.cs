using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Gets Nublado's prepull status: which prepull-set images every eligible node holds, and which nodes still lack the others.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PrepullStatus")]
[OutputType(typeof(PrepullStatus))]
[OutputType(typeof(string))]
public sealed class GetPrepullStatusCommand : ClusterCmdlet
{
    /// <summary>Write the status as the controller's JSON (GET /spawner/v1/prepulls).</summary>
    [Parameter]
    public SwitchParameter AsJson { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => WithErrors(() =>
    {
        using var cluster = Connect();
        var status = RunAsync(token => LoadViewAsync(cluster, token)).GetPrepullStatus();
        WriteObject(AsJson ? status.ToJson() : status);
    });
}
