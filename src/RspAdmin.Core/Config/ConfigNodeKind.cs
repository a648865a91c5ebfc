namespace RspAdmin.Core.Config;

/// <summary>The shape of a <see cref="ConfigNode"/>.</summary>
internal enum ConfigNodeKind
{
    Null,
    Scalar,
    Mapping,
    Sequence,
}
