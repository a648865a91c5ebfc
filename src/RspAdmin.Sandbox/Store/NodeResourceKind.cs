using k8s;
using k8s.Models;

namespace RspAdmin.Sandbox.Store;

/// <summary>Nodes: cluster-scoped, with the <c>spec.unschedulable</c> field selector.</summary>
public sealed class NodeResourceKind : ResourceKindOf<V1Node>
{
    public NodeResourceKind()
        : base(string.Empty, "v1", "nodes", "node", "Node", namespaced: false, "no")
    {
    }

    public override string? FieldValue(IKubernetesObject<V1ObjectMeta> value, string field) =>
        field == "spec.unschedulable"
            ? (((V1Node)value).Spec?.Unschedulable ?? false) ? "true" : "false"
            : base.FieldValue(value, field);
}
