using RspAdmin.Core.Images;

namespace RspAdmin.Core.Cluster;

/// <summary>One entry of the spawner form: the name shown and the reference spawned.</summary>
public sealed class LabMenuEntry
{
    private readonly LabMenuList _list;

    internal LabMenuEntry(LabMenuList list, int position, LabImage image, bool useDigest)
    {
        _list = list;
        Position = position;
        Image = image;
        Reference = useDigest ? image.ReferenceWithDigest : image.Reference;
    }

    /// <summary>
    /// The radio menu or the dropdown, by name (Menu, Dropdown), as ConvertTo-Json and Export-Csv write it;
    /// <see cref="GetList"/> gives the enumeration value.
    /// </summary>
    public string List => _list.ToString();

    /// <summary>The list as an enumeration value (for code; <see cref="List"/> is its name).</summary>
    public LabMenuList GetList() => _list;

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
