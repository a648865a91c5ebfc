namespace RspAdmin.Core.Prepull;

/// <summary>A step of a running prepull: a node started an image or finished one.</summary>
public sealed class PrepullProgress
{
    internal PrepullProgress(string nodeName, int nodeIndex, int nodeCompleted, int nodeTotal, string? currentTag, int overallCompleted, int overallTotal)
    {
        NodeName = nodeName;
        NodeIndex = nodeIndex;
        NodeCompleted = nodeCompleted;
        NodeTotal = nodeTotal;
        CurrentTag = currentTag;
        OverallCompleted = overallCompleted;
        OverallTotal = overallTotal;
    }

    /// <summary>The node.</summary>
    public string NodeName { get; }

    /// <summary>The node's position in the plan, from 0.</summary>
    public int NodeIndex { get; }

    /// <summary>Pulls the node has finished.</summary>
    public int NodeCompleted { get; }

    /// <summary>Pulls planned for the node.</summary>
    public int NodeTotal { get; }

    /// <summary>The tag the node is pulling now; null when it is done.</summary>
    public string? CurrentTag { get; }

    /// <summary>Pulls finished on all nodes.</summary>
    public int OverallCompleted { get; }

    /// <summary>Pulls planned on all nodes.</summary>
    public int OverallTotal { get; }

    /// <summary>True when the node has nothing left.</summary>
    public bool NodeDone => CurrentTag is null;
}
