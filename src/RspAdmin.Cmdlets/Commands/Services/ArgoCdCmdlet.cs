using System.Management.Automation;
using System.Security;
using RspAdmin.Core.ArgoCd;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Base of the Argo CD cmdlets: <c>-Url</c> (with the base path), and <c>-Credential</c> (session login) or <c>-Token</c>.</summary>
public abstract class ArgoCdCmdlet : ServiceCmdlet
{
    /// <summary>Argo CD's URL with its base path (<c>https://host/argo-cd</c>); ARGOCD_URL when omitted.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Url { get; set; }

    /// <summary>User name and password for a session login.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>A bearer token (from <c>argocd account generate-token</c>); ARGOCD_AUTH_TOKEN when neither this nor -Credential is given.</summary>
    [Parameter]
    public SecureString? Token { get; set; }

    /// <summary>A connected client (a session login when -Credential is given).</summary>
    protected ArgoCdClient Connect()
    {
        var url = RequireUrl(Url, "ARGOCD_URL", nameof(Url), "ArgoCd");
        if (Credential is not null)
        {
            var user = Credential.UserName;
            var password = Credential.GetNetworkCredential().Password;
            return Call((options, token) => ArgoCdClient.LoginAsync(url, user, password, options, cancellationToken: token), url);
        }

        var bearer = RequireToken(Token, null, "ARGOCD_AUTH_TOKEN", "ArgoCd");
        return Call((options, _) => Task.FromResult(ArgoCdClient.WithToken(url, bearer, options)), url);
    }
}
