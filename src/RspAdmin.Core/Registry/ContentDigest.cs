using System.Security.Cryptography;

namespace RspAdmin.Core.Registry;

/// <summary>Computes content digests (<c>sha256:&lt;hex&gt;</c>) and checks content against a named digest.</summary>
public static class ContentDigest
{
    /// <summary>The sha256 digest of <paramref name="content"/>, <c>sha256:&lt;64 lower-case hex digits&gt;</c>.</summary>
    public static string Sha256(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

    /// <summary>
    /// Computes the digest of <paramref name="content"/> with the algorithm <paramref name="digest"/> names
    /// (sha256 or sha512). Null when the algorithm is not one of those.
    /// </summary>
    public static string? Compute(string digest, ReadOnlySpan<byte> content)
    {
        var colon = digest.IndexOf(':');
        var algorithm = colon < 0 ? string.Empty : digest[..colon];
        return algorithm switch
        {
            "sha256" => Sha256(content),
            "sha512" => "sha512:" + Convert.ToHexString(SHA512.HashData(content)).ToLowerInvariant(),
            _ => null,
        };
    }
}
