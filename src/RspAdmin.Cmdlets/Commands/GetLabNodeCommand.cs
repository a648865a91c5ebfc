using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Gets the nodes lab pods may use, with their eligibility and cached prepull images.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LabNode")]
[OutputType(typeof(LabNode))]
public sealed class GetLabNodeCommand : ClusterCmdlet
{
    /// <summary>Only nodes whose name matches one of these patterns.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.ClusterNodeCompleter))]
    public string[]? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => WithErrors(() =>
    {
        using var cluster = Connect();
        var view = RunAsync(token => LoadViewAsync(cluster, token));
        var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        foreach (var name in Name ?? [])
        {
            // As Get-Process -Name: a name without wildcards that matches no node is an error; a pattern may match none.
            if (!WildcardPattern.ContainsWildcardCharacters(name) && !view.Nodes.Any(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                WriteRspError(new RspAdmin.Core.RspException(
                    "Cluster.NodeNotFound",
                    RspAdmin.Core.ErrorKind.NotFound,
                    $"The cluster {cluster} has no lab node named '{name}'{(Config.NodeSelector.Count == 0 ? string.Empty : $" (among the nodes with labels {LabCluster.LabelSelector(Config.NodeSelector)})")}.",
                    name));
            }
        }

        foreach (var node in view.Nodes)
        {
            if (patterns is null || patterns.Any(p => p.IsMatch(node.Name)))
            {
                if (node.ImageListMayBeTruncated)
                {
                    WriteWarning($"Node {node.Name} reports {node.ReportedImageCount} images, kubelet's default cap (nodeStatusMaxImages): smaller images are not reported and look missing. Raise nodeStatusMaxImages or prune the node's images.");
                }

                WriteObject(node);
            }
        }
    });
}
