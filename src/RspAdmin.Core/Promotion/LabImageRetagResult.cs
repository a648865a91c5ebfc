namespace RspAdmin.Core.Promotion;

/// <summary>What a retag did: the manifest of <see cref="SourceTag"/> stored, byte for byte, under <see cref="NewTag"/>.</summary>
/// <param name="Registry">Registry host and optional port.</param>
/// <param name="Repository">Repository path.</param>
/// <param name="SourceTag">The tag that was copied.</param>
/// <param name="NewTag">The tag that now names the same manifest.</param>
/// <param name="Digest">The manifest digest, which both tags now report.</param>
/// <param name="MediaType">The manifest media type, sent unchanged as the PUT's Content-Type.</param>
/// <param name="Size">The manifest length in bytes.</param>
public sealed record LabImageRetagResult(
    string Registry,
    string Repository,
    string SourceTag,
    string NewTag,
    string Digest,
    string MediaType,
    long Size)
{
    /// <summary><c>registry/repository:newTag@digest</c>.</summary>
    public string Reference => $"{Registry}/{Repository}:{NewTag}@{Digest}";
}
