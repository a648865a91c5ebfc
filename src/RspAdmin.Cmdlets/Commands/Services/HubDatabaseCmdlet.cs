using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Postgres;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Base of the hub database cmdlets: <c>-Server</c>, <c>-Port</c>, <c>-Credential</c> (a PostgreSQL superuser).</summary>
public abstract class HubDatabaseCmdlet : RspCmdlet
{
    /// <summary>The PostgreSQL host (a port-forward to the in-cluster server, for example).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = null!;

    /// <summary>The PostgreSQL port.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 5432;

    /// <summary>A superuser's name and password.</summary>
    [Parameter(Mandatory = true)]
    [Credential]
    public PSCredential Credential { get; set; } = null!;

    /// <summary>Seconds allowed for connecting and for each statement.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int Timeout { get; set; } = 30;

    protected HubDatabaseClient Connect() => new(Server, Port, Credential.UserName, Credential.GetNetworkCredential().Password, TimeSpan.FromSeconds(Timeout));

    protected T Call<T>(Func<CancellationToken, Task<T>> call, object? target)
    {
        try
        {
            return RunAsync(call);
        }
        catch (RspException e)
        {
            ThrowRspError(e, target);
            throw;
        }
    }
}
