using RspAdmin.Core.Images;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// A node the lab node selector matches, as the prepuller sees it: whether labs may run there
/// (from its taints and the lab tolerations), and which prepull-set images it holds and lacks,
/// matched by digest.
/// </summary>
public sealed class LabNode
{
    internal LabNode(ClusterNode node, bool eligible, string? comment, IReadOnlyList<LabImage> cached, IReadOnlyList<LabImage> missing)
    {
        Node = node;
        Eligible = eligible;
        Comment = comment;
        CachedImages = Text.List(cached);
        MissingImages = Text.List(missing);
    }

    /// <summary>The node name.</summary>
    public string Name => Node.Name;

    /// <summary>True when every taint other than PreferNoSchedule is tolerated by the lab tolerations.</summary>
    public bool Eligible { get; }

    /// <summary>Why the node is not eligible (the first untolerated taint), or null.</summary>
    public string? Comment { get; }

    /// <summary>The prepull-set images on the node, in menu order (an alias is hidden when its target is in the set).</summary>
    internal IReadOnlyList<LabImage> CachedImages { get; }

    /// <summary>The prepull-set images the node holds, as image objects (Cached gives their references).</summary>
    public IReadOnlyList<LabImage> GetCachedImages() => CachedImages;

    /// <summary>The references (tag form) of <see cref="CachedImages"/>.</summary>
    public IReadOnlyList<string> Cached => Text.List(CachedImages.Select(i => i.Reference));

    /// <summary>The prepull-set images the node lacks, one per digest, in menu order.</summary>
    internal IReadOnlyList<LabImage> MissingImages { get; }

    /// <summary>The prepull-set images the node lacks, as image objects (Missing gives their tags).</summary>
    public IReadOnlyList<LabImage> GetMissingImages() => MissingImages;

    /// <summary>The tags of <see cref="MissingImages"/>.</summary>
    public IReadOnlyList<string> Missing => Text.List(MissingImages.Select(i => i.Tag));

    /// <summary>The node labels.</summary>
    public IReadOnlyDictionary<string, string> Labels => Text.Map(Node.Labels);

    /// <summary>The node taints.</summary>
    public IReadOnlyList<NodeTaint> Taints => Text.List(Node.Taints);

    /// <summary>How many images kubelet reports for the node.</summary>
    public int ReportedImageCount => Node.Images.Count;

    /// <summary>
    /// True when the node reports exactly kubelet's default cap of 50 images: smaller images beyond
    /// the cap are invisible, so they look missing (raise <c>nodeStatusMaxImages</c> or prune the node).
    /// </summary>
    public bool ImageListMayBeTruncated => Node.Images.Count == ClusterNodeDefaults.NodeStatusMaxImages;

    /// <summary>The node as read from the cluster.</summary>
    /// <remarks>Not a public property, so that output objects stay small; <see cref="GetClusterNode"/> gives it.</remarks>
    internal ClusterNode Node { get; }

    /// <summary>The node as the cluster reports it (labels, taints, every cached image with its names and size).</summary>
    public ClusterNode GetClusterNode() => Node;

    public override string ToString() => Name;
}
