using k8s.Models;

namespace RspAdmin.Sandbox.Store;

/// <summary>The resources the sandbox serves, grouped by API group version.</summary>
public sealed class ResourceCatalog
{
    public ResourceCatalog()
    {
        Nodes = new NodeResourceKind();
        Pods = new PodResourceKind();
        Namespaces = new NamespaceResourceKind();
        ConfigMaps = new ResourceKindOf<V1ConfigMap>(string.Empty, "v1", "configmaps", "configmap", "ConfigMap", namespaced: true, "cm");
        Deployments = new ResourceKindOf<V1Deployment>("apps", "v1", "deployments", "deployment", "Deployment", namespaced: true, "deploy");
        DaemonSets = new ResourceKindOf<V1DaemonSet>("apps", "v1", "daemonsets", "daemonset", "DaemonSet", namespaced: true, "ds");
        Jobs = new ResourceKindOf<V1Job>("batch", "v1", "jobs", "job", "Job", namespaced: true);
        CronJobs = new ResourceKindOf<V1CronJob>("batch", "v1", "cronjobs", "cronjob", "CronJob", namespaced: true, "cj");
        Ingresses = new ResourceKindOf<V1Ingress>("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", namespaced: true, "ing");
        All = [Nodes, Pods, Namespaces, ConfigMaps, Deployments, DaemonSets, Jobs, CronJobs, Ingresses];
    }

    public NodeResourceKind Nodes { get; }

    public PodResourceKind Pods { get; }

    public NamespaceResourceKind Namespaces { get; }

    public ResourceKind ConfigMaps { get; }

    public ResourceKind Deployments { get; }

    public ResourceKind DaemonSets { get; }

    public ResourceKind Jobs { get; }

    public ResourceKind CronJobs { get; }
    public ResourceKind Ingresses { get; }

    public IReadOnlyList<ResourceKind> All { get; }

    /// <summary>Finds a resource by group, version and plural name; null when it is not served.</summary>
    public ResourceKind? Find(string group, string version, string plural) =>
        All.FirstOrDefault(k => k.Group == group && k.Version == version && k.Plural == plural);

    /// <summary>The served group versions of a group (<c>""</c> is the core group).</summary>
    public IEnumerable<ResourceKind> InGroupVersion(string group, string version) =>
        All.Where(k => k.Group == group && k.Version == version);
}
