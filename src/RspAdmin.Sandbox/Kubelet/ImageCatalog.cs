using System.Collections.Concurrent;

namespace RspAdmin.Sandbox.Kubelet;

/// <summary>
/// Image sizes known from the scenario (by manifest digest or by <c>registry/repository:tag</c>); a pulled image
/// without an entry is sized from its manifest's layers.
/// </summary>
public sealed class ImageCatalog
{
    private readonly ConcurrentDictionary<string, long> _sizes = new(StringComparer.Ordinal);

    public void SetSize(string digestOrReference, long sizeBytes) => _sizes[digestOrReference] = sizeBytes;

    public long? SizeOf(string? digest, string? reference) =>
        digest is not null && _sizes.TryGetValue(digest, out var a) ? a
        : reference is not null && _sizes.TryGetValue(reference, out var b) ? b
        : null;
}
