using RspAdmin.Core.Cluster;

namespace RspAdmin.Core.Prepull;

/// <summary>Turns the images nodes lack into prepull pods.</summary>
public static class PrepullPlanner
{
    /// <summary>
    /// Plans a prepull: for every node that lacks prepull-set images (eligible nodes only unless
    /// <see cref="PrepullPlanOptions.IncludeIneligibleNodes"/>), one pod per missing digest.
    /// </summary>
    public static PrepullPlan Plan(LabClusterView view, PrepullPlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        options ??= new PrepullPlanOptions();
        var config = view.Catalog.Config;
        var nodes = new List<PrepullNodePlan>();
        var skipped = new List<string>();
        foreach (var node in view.GetNodesMissingImages(includeIneligible: true))
        {
            if (!node.Eligible && !options.IncludeIneligibleNodes)
            {
                skipped.Add(node.Name);
                continue;
            }

            var pods = node.MissingImages
                .Select(image => new PrepullPodPlan(image, node.Name, node.Eligible, options.Namespace, config, options.Owner))
                .ToArray();
            nodes.Add(new PrepullNodePlan(node.Name, node.Eligible, pods));
        }

        return new PrepullPlan(nodes, skipped, LabCluster.LabelSelector(config.NodeSelector), view.NodeListResourceVersion);
    }
}
