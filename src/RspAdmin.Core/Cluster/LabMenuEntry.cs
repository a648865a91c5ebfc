using RspAdmin.Core.Images;

namespace RspAdmin.Core.Cluster;

/// <summary>One entry of the spawner form: the name shown and the reference spawned.</summary>
public sealed class LabMenuEntry
{
    internal LabMenuEntry(LabMenuList list, int position, LabImage image, bool useDigest)
    {
        List = list;
        Position = position;
        Image = image;
        Reference = useDigest ? image.ReferenceWithDigest : image.Reference;
    }

    /// <summary>The radio menu or the dropdown.</summary>
    public LabMenuList List { get; }

    /// <summary>The position in its list, from 1.</summary>
    public int Position { get; }

    /// <summary>The name shown.</summary>
    public string Name => Image.DisplayName;

    /// <summary>The reference the lab spawns: with the digest for prepull-set images (and every Google image).</summary>
    public string Reference { get; }

    /// <summary>The tag.</summary>
    public string Tag => Image.Tag;

    /// <summary>The image.</summary>
    public LabImage Image { get; }

    public override string ToString() => $"{Name} ({Reference})";
}
