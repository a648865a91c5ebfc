using System.Management.Automation;
using System.Security;
using RspAdmin.Core.Vault;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Base of the Vault cmdlets: <c>-Url</c> (VAULT_ADDR), <c>-Token</c> or <c>-Credential</c> (VAULT_TOKEN), <c>-Mount</c>.</summary>
public abstract class VaultCmdlet : ServiceCmdlet
{
    /// <summary>Vault's address; VAULT_ADDR when omitted.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Url { get; set; }

    /// <summary>The Vault token; -Credential's password or VAULT_TOKEN when omitted.</summary>
    [Parameter]
    public SecureString? Token { get; set; }

    /// <summary>A credential whose password is the Vault token.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The KV version 2 mount.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Mount { get; set; } = "secret";

    protected VaultClient Connect()
    {
        var url = RequireUrl(Url, "VAULT_ADDR", nameof(Url), "Vault");
        var token = RequireToken(Token, Credential, "VAULT_TOKEN", "Vault");
        return Call((options, _) => Task.FromResult(new VaultClient(url, token, Mount, options)), url);
    }
}
