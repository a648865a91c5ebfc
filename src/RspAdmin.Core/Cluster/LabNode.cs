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
        CachedImages = cached;
        MissingImages = missing;
    }

    /// <summary>The node name.</summary>
    public string Name => Node.Name;

    /// <summary>True when every taint other than PreferNoSchedule is tolerated by the lab tolerations.</summary>
    public bool Eligible { get; }

    /// <summary>Why the node is not eligible (the first untolerated taint), or null.</summary>
    public string? Comment { get; }

    /// <summary>The prepull-set images on the node, in menu order (an alias is hidden when its target is in the set).</summary>
    public IReadOnlyList<LabImage> CachedImages { get; }

    /// <summary>The references (tag form) of <see cref="CachedImages"/>.</summary>
    public IReadOnlyList<string> Cached => CachedImages.Select(i => i.Reference).ToArray();

    /// <summary>The prepull-set images the node lacks, one per digest, in menu order.</summary>
    public IReadOnlyList<LabImage> MissingImages { get; }

    /// <summary>The tags of <see cref="MissingImages"/>.</summary>
    public IReadOnlyList<string> Missing => MissingImages.Select(i => i.Tag).ToArray();

    /// <summary>The node labels.</summary>
    public IReadOnlyDictionary<string, string> Labels => Node.Labels;

    /// <summary>The node taints.</summary>
    public IReadOnlyList<NodeTaint> Taints => Node.Taints;

    /// <summary>How many images kubelet reports for the node.</summary>
    public int ReportedImageCount => Node.Images.Count;

    /// <summary>
    /// True when the node reports exactly kubelet's default cap of 50 images: smaller images beyond
    /// the cap are invisible, so they look missing (raise <c>nodeStatusMaxImages</c> or prune the node).
    /// </summary>
    public bool ImageListMayBeTruncated => Node.Images.Count == ClusterNodeDefaults.NodeStatusMaxImages;

    /// <summary>The node as read from the cluster.</summary>
    public ClusterNode Node { get; }

    public override string ToString() => Name;
}
