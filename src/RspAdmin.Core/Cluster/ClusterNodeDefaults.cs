namespace RspAdmin.Core.Cluster;

/// <summary>Kubelet defaults that shape what a node reports.</summary>
public static class ClusterNodeDefaults
{
    /// <summary>Kubelet's default <c>nodeStatusMaxImages</c>: the largest 50 images are reported.</summary>
    public const int NodeStatusMaxImages = 50;

    /// <summary>Kubelet reports at most this many names per image, digests first.</summary>
    public const int MaxNamesPerImage = 5;
}
