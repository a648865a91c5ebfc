namespace RspAdmin.Core.Prepull;

/// <summary>The pods one node runs, one after another, in menu order.</summary>
public sealed class PrepullNodePlan
{
    internal PrepullNodePlan(string nodeName, bool eligible, IReadOnlyList<PrepullPodPlan> pods)
    {
        NodeName = nodeName;
        Eligible = eligible;
        Pods = pods;
    }

    /// <summary>The node.</summary>
    public string NodeName { get; }

    /// <summary>Whether the lab tolerations tolerate the node.</summary>
    public bool Eligible { get; }

    /// <summary>The pods, in the order they run.</summary>
    public IReadOnlyList<PrepullPodPlan> Pods { get; }

    public override string ToString() => $"{NodeName}: {string.Join(", ", Pods.Select(p => p.Tag))}";
}
