namespace RspAdmin.Core.Cluster;

/// <summary>
/// One entry of a node's <c>status.images</c>: the names kubelet reports (at most five, digests
/// first), the size, and the digest matching uses (see <see cref="NodeImageName.DigestOf"/>).
/// </summary>
public sealed class NodeCachedImage
{
    /// <summary>Creates an entry.</summary>
    public NodeCachedImage(IReadOnlyList<string> names, long? sizeBytes)
    {
        ArgumentNullException.ThrowIfNull(names);
        Names = names;
        SizeBytes = sizeBytes;
        Digest = NodeImageName.DigestOf(names);
    }

    /// <summary>The names kubelet reports for the image.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The size in bytes.</summary>
    public long? SizeBytes { get; }

    /// <summary>The digest of the first name that carries one, or null.</summary>
    public string? Digest { get; }

    public override string ToString() => Names.Count > 0 ? Names[0] : "(no name)";
}
