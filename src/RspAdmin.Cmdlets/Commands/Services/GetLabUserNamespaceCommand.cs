using System.Management.Automation;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>
/// Lists users' lab namespaces: the exact prefix (<c>nublado2-</c> or <c>nublado-</c>) AND the labels the hub
/// puts on them; never a system namespace nor a namespace that merely contains the text.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LabUserNamespace")]
[OutputType(typeof(LabNamespace))]
public sealed class GetLabUserNamespaceCommand : KubeconfigCmdlet
{
    /// <summary><c>nublado2-</c> (Nublado v2 labs) or <c>nublado-</c> (v3 labs).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet(LabNamespaceRules.V2Prefix, LabNamespaceRules.V3Prefix)]
    public string Prefix { get; set; } = null!;

    /// <summary>Only these namespace names (wildcards allowed).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        using var cluster = Connect();
        IReadOnlyList<LabNamespace> list;
        try
        {
            list = RunAsync(token => new LabNamespaceClient(cluster).ListAsync(Prefix, token));
        }
        catch (ClusterException e)
        {
            ThrowRspError(e, Kubeconfig ?? Context);
            throw;
        }

        var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        foreach (var ns in list)
        {
            if (patterns is null || patterns.Any(p => p.IsMatch(ns.Name)))
            {
                WriteObject(ns);
            }
        }
    }
}
