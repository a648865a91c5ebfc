using System.Management.Automation;
using RspAdmin.Core;
using RspAdmin.Core.Postgres;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>
/// Drops a hub database and its role, refusing while any nublado or nublado2 values file of the Phalanx checkout
/// still names either in <c>jupyterhub.hub.db.url</c>, and while sessions are connected unless
/// <c>-TerminateSessions</c> (<c>DROP DATABASE ... WITH (FORCE)</c>).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "HubDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HubDatabaseRemoval))]
public sealed class RemoveHubDatabaseCommand : HubDatabaseCmdlet
{
    /// <summary>The database to drop.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = null!;

    /// <summary>The role to drop after it.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Role { get; set; }

    /// <summary>The Phalanx checkout whose values files must no longer name the database or role.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string PhalanxPath { get; set; } = null!;

    /// <summary>Drop even while sessions are connected (<c>WITH (FORCE)</c> ends them).</summary>
    [Parameter]
    public SwitchParameter TerminateSessions { get; set; }

    protected override void ProcessRecord()
    {
        var root = GetUnresolvedProviderPathFromPSPath(PhalanxPath);
        if (!Directory.Exists(Path.Combine(root, "applications")))
        {
            ThrowRspError(new HubDatabaseException("PhalanxNotFound", ErrorKind.NotFound, $"'{root}' is not a Phalanx checkout (no applications directory); nothing was dropped.", PhalanxPath));
        }

        IReadOnlyList<HubDatabaseReference> references;
        try
        {
            references = HubDatabaseReferences.Find(root);
        }
        catch (HubDatabaseException e)
        {
            ThrowRspError(e);
            throw;
        }

        var users = references.Where(r => r.Database == Name || (Role is not null && r.Role == Role)).ToList();
        if (users.Count > 0)
        {
            ThrowRspError(new HubDatabaseException("StillReferenced", ErrorKind.Conflict,
                $"{string.Join(", ", users.Select(u => u.File))} still name{(users.Count == 1 ? "s" : string.Empty)} database '{Name}'{(Role is null ? string.Empty : $" or role '{Role}'")} in jupyterhub.hub.db.url; nothing was dropped. Drop it only when no environment uses it.", Name));
        }

        var client = Connect();
        var state = Call(t => client.GetAsync(Name, Role, t), Name);
        var what = $"Drop database{(state.ActiveConnections > 0 ? $" ({state.ActiveConnections} session(s) connected{(TerminateSessions ? ", ended WITH (FORCE)" : string.Empty)})" : string.Empty)}{(Role is null ? string.Empty : $" and role {Role}")}";
        if (!ShouldProcess($"database {Name} on {Server}:{Port}", what))
        {
            return;
        }

        WriteObject(Call(t => client.RemoveAsync(Name, Role, TerminateSessions.IsPresent, t), Name));
    }
}
