namespace RspAdmin.Core.Yaml;

/// <summary>The kinds of node in a <see cref="YamlSourceNode"/> tree.</summary>
internal enum YamlSourceNodeKind
{
    Scalar,
    Mapping,
    Sequence,
    Alias,
}
