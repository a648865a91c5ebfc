using k8s;
using k8s.Models;

namespace RspAdmin.Sandbox.Store;

/// <summary>Namespaces: created Active, with the <c>status.phase</c> field selector.</summary>
public sealed class NamespaceResourceKind : ResourceKindOf<V1Namespace>
{
    public NamespaceResourceKind()
        : base(string.Empty, "v1", "namespaces", "namespace", "Namespace", namespaced: false, "ns")
    {
    }

    public override string? FieldValue(IKubernetesObject<V1ObjectMeta> value, string field) =>
        field == "status.phase" ? ((V1Namespace)value).Status?.Phase ?? string.Empty : base.FieldValue(value, field);

    public override void ApplyCreateDefaults(IKubernetesObject<V1ObjectMeta> value)
    {
        var ns = (V1Namespace)value;
        ns.Metadata.Labels ??= new Dictionary<string, string>();
        ns.Metadata.Labels["kubernetes.io/metadata.name"] = ns.Metadata.Name;
        ns.Spec = new V1NamespaceSpec { Finalizers = ["kubernetes"] };
        ns.Status = new V1NamespaceStatus { Phase = "Active" };
    }
}
