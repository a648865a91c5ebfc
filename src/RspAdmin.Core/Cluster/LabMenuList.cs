namespace RspAdmin.Core.Cluster;

/// <summary>Which list of the spawner form an entry belongs to.</summary>
public enum LabMenuList
{
    /// <summary>The radio list of images cached on every eligible node.</summary>
    Menu,

    /// <summary>The dropdown of every image, filtered by <c>dropdownMenu</c>.</summary>
    Dropdown,
}
