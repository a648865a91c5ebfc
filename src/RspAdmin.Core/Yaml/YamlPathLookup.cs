namespace RspAdmin.Core.Yaml;

/// <summary>
/// Where a path led: either to an existing node (<see cref="Node"/>, with its <see cref="Key"/>),
/// or to the point where it stops existing: <see cref="Holder"/> is the deepest node reached (an
/// existing mapping without the next key, a null or empty value under <see cref="Key"/>, or null
/// for an empty document) and <see cref="Resolved"/> counts the keys that exist.
/// </summary>
internal sealed record YamlPathLookup(YamlSourceNode? Node, YamlSourceNode? Key, YamlSourceNode? Holder, int Resolved)
{
    public bool Found => Node is not null;
}
