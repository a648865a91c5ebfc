using System.Management.Automation;
using RspAdmin.Core.Postgres;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Gets a hub database: whether it and its role exist, its owner and how many sessions are connected.</summary>
[Cmdlet(VerbsCommon.Get, "HubDatabase")]
[OutputType(typeof(HubDatabase))]
public sealed class GetHubDatabaseCommand : HubDatabaseCmdlet
{
    /// <summary>The database (<c>jupyterhub</c> for Nublado v2, <c>nublado3</c> for v3).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = null!;

    /// <summary>The hub's role (<c>jovyan</c> for v2, <c>nublado3</c> for v3).</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Role { get; set; }

    protected override void ProcessRecord()
    {
        var client = Connect();
        WriteObject(Call(t => client.GetAsync(Name, Role, t), Name));
    }
}
