namespace RspAdmin.Sandbox.Kubelet;

/// <summary>An image in a node's container runtime: its repo digests (<c>repo@sha256:…</c>), repo tags (<c>repo:tag</c>) and size.</summary>
public sealed class CachedImage(string id, long sizeBytes)
{
    /// <summary>A stable identity (the manifest digest, or a name for images declared without one).</summary>
    public string Id { get; } = id;

    public long SizeBytes { get; set; } = sizeBytes;

    public List<string> RepoDigests { get; } = [];

    public List<string> RepoTags { get; } = [];

    /// <summary>Builds an image from the names a node reports, splitting them into digests and tags.</summary>
    public static CachedImage FromNames(IEnumerable<string> names, long sizeBytes)
    {
        var list = names.ToList();
        var image = new CachedImage(list.FirstOrDefault(n => n.Contains('@', StringComparison.Ordinal)) ?? list.FirstOrDefault() ?? Guid.NewGuid().ToString(), sizeBytes);
        foreach (var n in list)
        {
            (n.Contains('@', StringComparison.Ordinal) ? image.RepoDigests : image.RepoTags).Add(n);
        }

        return image;
    }
}
