namespace RspAdmin.Core.Yaml;

/// <summary>Where the editor puts a key it adds to an existing block mapping.</summary>
public enum YamlKeyPlacement
{
    /// <summary>After the mapping's last entry (comments and blank lines after it stay below).</summary>
    Last,

    /// <summary>
    /// Before the first existing key that sorts after it (ordinal), above that key's comment lines;
    /// at the end when none does. Keeps sorted mappings sorted.
    /// </summary>
    Sorted,
}
