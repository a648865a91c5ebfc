namespace RspAdmin.Core.Registry;

/// <summary>
/// A manifest exactly as the registry served it. Re-PUT <see cref="Bytes"/> unchanged with
/// <see cref="MediaType"/> to retag without changing the digest.
/// </summary>
public sealed class ManifestContent
{
    /// <summary>Creates the content.</summary>
    public ManifestContent(ReadOnlyMemory<byte> bytes, string mediaType, string digest)
    {
        Bytes = bytes;
        MediaType = mediaType;
        Digest = digest;
    }

    /// <summary>The manifest bytes, unmodified.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The media type (from <c>Content-Type</c>, else the manifest's own <c>mediaType</c> field).</summary>
    public string MediaType { get; }

    /// <summary>The digest, verified against the bytes.</summary>
    public string Digest { get; }
}
