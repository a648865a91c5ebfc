namespace RspAdmin.Core.Yaml;

/// <summary>Where the editor puts a key it adds to an existing block mapping.</summary>
public enum YamlKeyPlacement
{
    /// <summary>After the mapping's last entry (comments and blank lines after it stay below).</summary>
    Last,

    /// <summary>
    /// After the last existing key that sorts before it (ordinal); before the first key, above its
    /// comment lines, when none does. Keeps sorted mappings sorted and puts keys sensibly in
    /// partly sorted ones (settings first, then applications in order).
    /// </summary>
    Sorted,
}
