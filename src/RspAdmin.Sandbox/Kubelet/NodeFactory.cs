using k8s.Models;

namespace RspAdmin.Sandbox.Kubelet;

/// <summary>Builds the Node object of a simulated node: labels, taints, a Ready condition, capacity and its cached images.</summary>
public static class NodeFactory
{
    public static V1Node Create(SimulatedNode node, int ordinal)
    {
        var labels = new Dictionary<string, string>(node.Labels, StringComparer.Ordinal)
        {
            ["kubernetes.io/hostname"] = node.Name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
        };
        foreach (var kv in node.Labels)
        {
            labels[kv.Key] = kv.Value;
        }

        var now = DateTime.UtcNow;
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("8"),
            ["memory"] = new("32Gi"),
            ["pods"] = new("110"),
            ["ephemeral-storage"] = new("200Gi"),
        };
        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = node.Name, Labels = labels, Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" } },
            Spec = new V1NodeSpec
            {
                Taints = node.Taints.Count == 0 ? null : node.Taints.ToList(),
                Unschedulable = node.Taints.Any(t => t.Key == "node.kubernetes.io/unschedulable") ? true : null,
                PodCIDR = $"10.244.{ordinal % 250}.0/24",
            },
            Status = new V1NodeStatus
            {
                Capacity = resources,
                Allocatable = resources,
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = Address(node) }, new V1NodeAddress { Type = "Hostname", Address = node.Name }],
                Conditions =
                [
                    new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status", LastHeartbeatTime = now, LastTransitionTime = now },
                ],
                NodeInfo = new V1NodeSystemInfo
                {
                    Architecture = "amd64",
                    OperatingSystem = "linux",
                    OsImage = "Sandbox Linux",
                    KernelVersion = "6.1.0",
                    ContainerRuntimeVersion = "containerd://1.7.0",
                    KubeletVersion = "v1.32.0",
                    KubeProxyVersion = "v1.32.0",
                    MachineID = node.Name,
                    SystemUUID = node.Name,
                    BootID = node.Name,
                },
                Images = node.StatusImages(),
            },
        };
    }

    /// <summary>A documentation-range address (never contacted) identifying the node in pod and node status.</summary>
    public static string Address(SimulatedNode node) => $"192.0.2.{node.Name.Aggregate(17u, (h, c) => unchecked((h * 31) + c)) % 250 + 2}";
}
