using k8s;
using k8s.Models;

namespace RspAdmin.Sandbox.Store;

/// <summary>A <see cref="ResourceKind"/> bound to its KubernetesClient model type.</summary>
/// <typeparam name="T">The model type, for example <see cref="V1Pod"/>.</typeparam>
public class ResourceKindOf<T> : ResourceKind
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public ResourceKindOf(string group, string version, string plural, string singular, string kind, bool namespaced, params string[] shortNames)
        : base(group, version, plural, singular, kind, namespaced, shortNames)
    {
    }

    public override IKubernetesObject<V1ObjectMeta> Deserialize(string json) =>
        KubernetesJson.Deserialize<T>(json) ?? throw new FormatException("The request body is not a " + Kind + " object.");

    public override IKubernetesObject<V1ObjectMeta> Deserialize(byte[] utf8Json)
    {
        using var stream = new MemoryStream(utf8Json, writable: false);
        return KubernetesJson.Deserialize<T>(stream) ?? throw new FormatException("The JSON is not a " + Kind + " object.");
    }
}
