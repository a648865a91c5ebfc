using k8s.Models;

namespace RspAdmin.Sandbox.Kubelet;

/// <summary>
/// How a kubelet turns its runtime's image list into <c>node.status.images</c>: images sorted by size,
/// largest first; at most <c>nodeStatusMaxImages</c> of them (-1: no cap); each with at most
/// <see cref="MaxNamesPerImage"/> names, repo digests first, then repo tags.
/// </summary>
public static class NodeImageStatus
{
    /// <summary>The kubelet's default for <c>nodeStatusMaxImages</c>.</summary>
    public const int DefaultMaxImages = 50;

    /// <summary>The kubelet's cap on names per image in node status.</summary>
    public const int MaxNamesPerImage = 5;

    public static List<V1ContainerImage> Compute(IEnumerable<CachedImage> images, int maxImages)
    {
        IEnumerable<CachedImage> sorted = images.OrderByDescending(i => i.SizeBytes);
        if (maxImages > -1)
        {
            sorted = sorted.Take(maxImages);
        }

        return sorted.Select(i => new V1ContainerImage
        {
            Names = i.RepoDigests.Concat(i.RepoTags).Take(MaxNamesPerImage).ToList(),
            SizeBytes = i.SizeBytes,
        }).ToList();
    }
}
