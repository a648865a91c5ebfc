namespace RspAdmin.Core.Registry;

/// <summary>What a manifest HEAD tells: the digest, the media type and the size in bytes of the manifest.</summary>
/// <param name="Digest">Content digest, <c>algorithm:hex</c>, from <c>Docker-Content-Digest</c>.</param>
/// <param name="MediaType">Manifest media type, from <c>Content-Type</c>; null when the registry sent none.</param>
/// <param name="Size">Manifest length in bytes; null when the registry sent no length.</param>
public sealed record ManifestDescriptor(string Digest, string? MediaType, long? Size);
