using System.Management.Automation;
using System.Security;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Base of the cmdlets behind Gafaelfawr (mobu, hubs): <c>-Token</c> (a Gafaelfawr token; GAFAELFAWR_TOKEN when omitted).</summary>
public abstract class GafaelfawrCmdlet : ServiceCmdlet
{
    /// <summary>The Gafaelfawr token (scopes: exec:admin for mobu, exec:notebook for hubs, admin:jupyterlab for the controller).</summary>
    [Parameter]
    public SecureString? Token { get; set; }

    protected string GafaelfawrToken() => RequireToken(Token, null, "GAFAELFAWR_TOKEN", "Gafaelfawr");
}
