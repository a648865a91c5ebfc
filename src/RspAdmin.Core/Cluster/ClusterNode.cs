namespace RspAdmin.Core.Cluster;

/// <summary>What the prepuller reads of a Kubernetes node: name, labels, taints and cached images.</summary>
public sealed class ClusterNode
{
    /// <summary>Creates a node.</summary>
    public ClusterNode(string name, IReadOnlyDictionary<string, string>? labels, IReadOnlyList<NodeTaint>? taints, IReadOnlyList<NodeCachedImage>? images)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Labels = labels ?? new Dictionary<string, string>(StringComparer.Ordinal);
        Taints = taints ?? Array.Empty<NodeTaint>();
        Images = images ?? Array.Empty<NodeCachedImage>();
    }

    /// <summary>The node name.</summary>
    public string Name { get; }

    /// <summary>The node labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The node taints (a cordoned node carries <c>node.kubernetes.io/unschedulable</c>).</summary>
    public IReadOnlyList<NodeTaint> Taints { get; }

    /// <summary>The images kubelet reports in <c>status.images</c> (at most <c>nodeStatusMaxImages</c>, largest first).</summary>
    public IReadOnlyList<NodeCachedImage> Images { get; }

    public override string ToString() => Name;
}
