using k8s;
using k8s.Models;

namespace RspAdmin.Sandbox.Store;

/// <summary>Pods: indexed by node name, with the <c>spec.nodeName</c> and <c>status.phase</c> field selectors.</summary>
public sealed class PodResourceKind : ResourceKindOf<V1Pod>
{
    public PodResourceKind()
        : base(string.Empty, "v1", "pods", "pod", "Pod", namespaced: true, "po")
    {
    }

    public override string? IndexedField => "spec.nodeName";

    public override string? IndexKey(IKubernetesObject<V1ObjectMeta> value) => ((V1Pod)value).Spec?.NodeName ?? string.Empty;

    public override string? FieldValue(IKubernetesObject<V1ObjectMeta> value, string field)
    {
        var pod = (V1Pod)value;
        return field switch
        {
            "spec.nodeName" => pod.Spec?.NodeName ?? string.Empty,
            "status.phase" => pod.Status?.Phase ?? string.Empty,
            "spec.restartPolicy" => pod.Spec?.RestartPolicy ?? string.Empty,
            "spec.schedulerName" => pod.Spec?.SchedulerName ?? string.Empty,
            "spec.serviceAccountName" => pod.Spec?.ServiceAccountName ?? string.Empty,
            "status.podIP" => pod.Status?.PodIP ?? string.Empty,
            _ => base.FieldValue(value, field),
        };
    }

    public override void ApplyCreateDefaults(IKubernetesObject<V1ObjectMeta> value)
    {
        var pod = (V1Pod)value;
        pod.Spec ??= new V1PodSpec();
        pod.Spec.RestartPolicy ??= "Always";
        pod.Spec.SchedulerName ??= "default-scheduler";
        pod.Spec.DnsPolicy ??= "ClusterFirst";
        pod.Spec.TerminationGracePeriodSeconds ??= 30;
        foreach (var container in pod.Spec.Containers ?? [])
        {
            container.ImagePullPolicy ??= container.Image is not null && (container.Image.EndsWith(":latest", StringComparison.Ordinal) || !HasTagOrDigest(container.Image)) ? "Always" : "IfNotPresent";
            container.TerminationMessagePath ??= "/dev/termination-log";
            container.TerminationMessagePolicy ??= "File";
        }

        pod.Status = new V1PodStatus { Phase = "Pending", QosClass = "BestEffort" };
    }

    private static bool HasTagOrDigest(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return true;
        }

        var lastSlash = image.LastIndexOf('/');
        return image.IndexOf(':', lastSlash + 1) >= 0;
    }
}
