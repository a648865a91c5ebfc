namespace RspAdmin.Core.Prepull;

/// <summary>What a prepull does: per node the images it lacks, as pods.</summary>
public sealed class PrepullPlan
{
    internal PrepullPlan(IReadOnlyList<PrepullNodePlan> nodes, IReadOnlyList<string> skippedIneligibleNodes, string? nodeLabelSelector, string? nodeListResourceVersion)
    {
        Nodes = nodes;
        SkippedIneligibleNodes = skippedIneligibleNodes;
        NodeLabelSelector = nodeLabelSelector;
        NodeListResourceVersion = nodeListResourceVersion;
    }

    /// <summary>The nodes that lack something, by name.</summary>
    public IReadOnlyList<PrepullNodePlan> Nodes { get; }

    /// <summary>Every pod, node by node.</summary>
    public IReadOnlyList<PrepullPodPlan> Pods => Nodes.SelectMany(n => n.Pods).ToArray();

    /// <summary>Ineligible nodes that lack images but are left alone.</summary>
    public IReadOnlyList<string> SkippedIneligibleNodes { get; }

    /// <summary>The label selector the nodes were listed with (null: all nodes).</summary>
    public string? NodeLabelSelector { get; }

    /// <summary>The resourceVersion of that node list, where watches start.</summary>
    public string? NodeListResourceVersion { get; }

    /// <summary>The same plan with only the pods <paramref name="keep"/> accepts (nodes left without pods are dropped).</summary>
    public PrepullPlan Filter(Func<PrepullPodPlan, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var nodes = Nodes
            .Select(n => new PrepullNodePlan(n.NodeName, n.Eligible, n.Pods.Where(keep).ToArray()))
            .Where(n => n.Pods.Count > 0)
            .ToArray();
        return new PrepullPlan(nodes, SkippedIneligibleNodes, NodeLabelSelector, NodeListResourceVersion);
    }

    public override string ToString() => $"{Pods.Count} pods on {Nodes.Count} nodes";
}
