using System.Text;
using k8s;
using k8s.Models;

namespace RspAdmin.Sandbox.Store;

/// <summary>
/// Describes one REST resource the sandbox serves (group, version, plural, kind, scope) and how its
/// objects are read from and written to the wire with KubernetesClient's model types.
/// </summary>
public abstract class ResourceKind
{
    protected ResourceKind(string group, string version, string plural, string singular, string kind, bool namespaced, IReadOnlyList<string> shortNames)
    {
        Group = group;
        Version = version;
        Plural = plural;
        Singular = singular;
        Kind = kind;
        Namespaced = namespaced;
        ShortNames = shortNames;
    }

    /// <summary>API group; empty for the core group.</summary>
    public string Group { get; }

    public string Version { get; }

    public string Plural { get; }

    public string Singular { get; }

    public string Kind { get; }

    public bool Namespaced { get; }

    public IReadOnlyList<string> ShortNames { get; }

    /// <summary>The apiVersion string: <c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>The human-readable resource name used in Status messages (<c>pods</c>, <c>deployments.apps</c>).</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : Plural + "." + Group;

    /// <summary>Reads one object of this kind from JSON.</summary>
    public abstract IKubernetesObject<V1ObjectMeta> Deserialize(string json);

    /// <summary>Reads one object of this kind from UTF-8 JSON.</summary>
    public abstract IKubernetesObject<V1ObjectMeta> Deserialize(byte[] utf8Json);

    /// <summary>Writes one object of this kind as UTF-8 JSON.</summary>
    public byte[] Serialize(IKubernetesObject<V1ObjectMeta> value) => Encoding.UTF8.GetBytes(KubernetesJson.Serialize(value));

    /// <summary>A deep copy, so stored objects are never shared with a caller that may change them.</summary>
    public IKubernetesObject<V1ObjectMeta> Clone(IKubernetesObject<V1ObjectMeta> value) => Deserialize(KubernetesJson.Serialize(value));

    /// <summary>A deep copy of a stored revision, read back from its JSON encoding (no serialization needed).</summary>
    public IKubernetesObject<V1ObjectMeta> Clone(StoredObject stored) => Deserialize(stored.Json);

    /// <summary>The value of a field selector key for an object, or null when the key is not supported for this kind.</summary>
    public virtual string? FieldValue(IKubernetesObject<V1ObjectMeta> value, string field) => field switch
    {
        "metadata.name" => value.Metadata?.Name ?? string.Empty,
        "metadata.namespace" => value.Metadata?.NamespaceProperty ?? string.Empty,
        _ => null,
    };

    /// <summary>A secondary index key (pods: the node name), or null when the kind has no secondary index.</summary>
    public virtual string? IndexKey(IKubernetesObject<V1ObjectMeta> value) => null;

    /// <summary>The field selector key the secondary index answers, or null.</summary>
    public virtual string? IndexedField => null;

    /// <summary>Prepares a newly created object (defaults such as the Pending phase of a pod).</summary>
    public virtual void ApplyCreateDefaults(IKubernetesObject<V1ObjectMeta> value)
    {
    }
}
