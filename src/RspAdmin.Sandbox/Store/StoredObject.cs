using k8s;
using k8s.Models;

namespace RspAdmin.Sandbox.Store;

/// <summary>
/// One immutable revision of an object: the model instance (never changed after it is stored) and its
/// JSON encoding, computed once and shared by every list and watch that sends it.
/// </summary>
public sealed class StoredObject
{
    public StoredObject(ResourceKind kind, IKubernetesObject<V1ObjectMeta> value, long resourceVersion)
    {
        Kind = kind;
        Value = value;
        ResourceVersion = resourceVersion;
        Namespace = value.Metadata.NamespaceProperty ?? string.Empty;
        Name = value.Metadata.Name;
        Json = kind.Serialize(value);
    }

    public ResourceKind Kind { get; }

    /// <summary>The stored object. Treat as read-only: clone it with <see cref="ResourceKind.Clone(StoredObject)"/> before changing it.</summary>
    public IKubernetesObject<V1ObjectMeta> Value { get; }

    public long ResourceVersion { get; }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>The object's UTF-8 JSON encoding.</summary>
    public byte[] Json { get; }
}
