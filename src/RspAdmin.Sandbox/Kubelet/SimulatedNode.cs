using k8s.Models;

namespace RspAdmin.Sandbox.Kubelet;

/// <summary>The kubelet-side state of one simulated node: its image cache, pull settings and faults.</summary>
public sealed class SimulatedNode
{
    private readonly object _gate = new();
    private readonly List<CachedImage> _images = [];
    private int _pulls;

    public SimulatedNode(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public Dictionary<string, string> Labels { get; init; } = new(StringComparer.Ordinal);

    public List<V1Taint> Taints { get; init; } = [];

    /// <summary>How long a pull takes once the registry has answered.</summary>
    public TimeSpan PullLatency { get; init; }

    /// <summary>The kubelet's <c>nodeStatusMaxImages</c> (-1: no cap).</summary>
    public int MaxImages { get; init; } = NodeImageStatus.DefaultMaxImages;

    /// <summary>Fault: the node disappears this long after the sandbox starts.</summary>
    public TimeSpan? VanishAfter { get; init; }

    /// <summary>Fault: the node disappears right after completing this many pulls.</summary>
    public int? VanishAfterPulls { get; init; }

    /// <summary>Pulls are serialized per node, as the kubelet does by default.</summary>
    internal SemaphoreSlim PullLock { get; } = new(1, 1);

    /// <summary>Set once the node has vanished; its pods are no longer advanced.</summary>
    public bool Vanished { get; internal set; }

    /// <summary>The number of completed pulls.</summary>
    public int PullCount => Volatile.Read(ref _pulls);

    internal int CountPull() => Interlocked.Increment(ref _pulls);

    /// <summary>A snapshot of the node's image cache.</summary>
    public IReadOnlyList<CachedImage> Images
    {
        get
        {
            lock (_gate)
            {
                return _images.ToList();
            }
        }
    }

    public void AddCachedImage(CachedImage image)
    {
        lock (_gate)
        {
            _images.Add(image);
        }
    }

    /// <summary>Whether the image is in the cache: by digest when the reference has one, otherwise by tag.</summary>
    public bool HasImage(ImageReference image)
    {
        lock (_gate)
        {
            return image.Digest is not null
                ? _images.Any(i => i.Id == image.Digest || i.RepoDigests.Any(d => d.EndsWith("@" + image.Digest, StringComparison.Ordinal)))
                : _images.Any(i => i.RepoTags.Contains($"{image.Name}:{image.Tag}", StringComparer.Ordinal));
        }
    }

    /// <summary>Records a pulled image: merged into the entry with the same digest; the tag moves to it from any other image.</summary>
    public void RecordPull(ImageReference image, string digest, long sizeBytes)
    {
        var digestName = $"{image.Name}@{digest}";
        var tagName = image.Tag is null ? null : $"{image.Name}:{image.Tag}";
        lock (_gate)
        {
            var entry = _images.FirstOrDefault(i => i.Id == digest || i.RepoDigests.Contains(digestName, StringComparer.Ordinal));
            if (entry is null)
            {
                entry = new CachedImage(digest, sizeBytes);
                _images.Add(entry);
            }

            if (!entry.RepoDigests.Contains(digestName, StringComparer.Ordinal))
            {
                entry.RepoDigests.Add(digestName);
            }

            if (tagName is not null)
            {
                foreach (var other in _images.Where(i => i != entry))
                {
                    other.RepoTags.Remove(tagName);
                }

                if (!entry.RepoTags.Contains(tagName, StringComparer.Ordinal))
                {
                    entry.RepoTags.Add(tagName);
                }
            }
        }
    }

    /// <summary>The node's <c>status.images</c> under its kubelet's caps.</summary>
    public List<V1ContainerImage> StatusImages() => NodeImageStatus.Compute(Images, MaxImages);
}
