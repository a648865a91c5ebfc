using RspAdmin.Core.Images;

namespace RspAdmin.Core.Cluster;

/// <summary>One prepull-set image in a <see cref="PrepullStatus"/>: where it is and which eligible nodes lack it.</summary>
public sealed class PrepullStatusImage
{
    internal PrepullStatusImage(LabImage image, long? size, IReadOnlyList<string> nodes, IReadOnlyList<string> missing)
    {
        Image = image;
        Size = size;
        Nodes = Text.List(nodes);
        Missing = Text.List(missing);
    }

    /// <summary>The image.</summary>
    public LabImage Image { get; }

    /// <summary><c>registry/repository:tag</c>.</summary>
    public string Reference => Image.Reference;

    /// <summary>The tag.</summary>
    public string Tag => Image.Tag;

    /// <summary>The display name.</summary>
    public string Name => Image.DisplayName;

    /// <summary>The digest.</summary>
    public string? Digest => Image.Digest;

    /// <summary>The image's size in bytes as a node reports it, or null when no node holds it (the same meaning as LabImage.Size).</summary>
    public long? Size { get; }

    /// <summary>The nodes holding the image (eligible or not), by name.</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>The eligible nodes lacking the image, by name.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>True when no eligible node lacks the image.</summary>
    public bool Prepulled => Missing.Count == 0;

    public override string ToString() => Reference;
}
