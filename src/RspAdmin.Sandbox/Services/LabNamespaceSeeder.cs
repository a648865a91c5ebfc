using System.Globalization;
using k8s.Models;
using RspAdmin.Sandbox.Scenario;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Services;

/// <summary>
/// Creates user lab namespaces with the labels the hubs put on them: nublado2's spawner <c>extra_labels</c>
/// (<c>argocd.argoproj.io/instance: nublado-users</c>, <c>hub.jupyter.org/network-access-hub: "true"</c>) on
/// <c>nublado2-&lt;user&gt;</c>, and the v3 controller's (<c>argocd.argoproj.io/instance: nublado-users</c>,
/// <c>nublado.lsst.io/category: lab</c>) on <c>nublado-&lt;user&gt;</c>; both with Argo CD's ignore annotations.
/// Decoys share the text but not the prefix or the labels.
/// </summary>
public static class LabNamespaceSeeder
{
    public static readonly string[] Decoys = ["nublado2", "nublado-users", "mynublado2-x", "mynublado-x", "nublado2-eve"];

    public static void Seed(ObjectStore store, ScenarioLabNamespaces spec)
    {
        var annotations = new Dictionary<string, string>
        {
            ["argocd.argoproj.io/compare-options"] = "IgnoreExtraneous",
            ["argocd.argoproj.io/sync-options"] = "Prune=false",
        };
        var v2 = spec.V2Users.Concat(Generated(spec.V2Count)).Distinct(StringComparer.Ordinal);
        var v3 = spec.V3Users.Concat(Generated(spec.V3Count)).Distinct(StringComparer.Ordinal);
        foreach (var user in v2)
        {
            Create(store, "nublado2-" + user, new Dictionary<string, string> { ["argocd.argoproj.io/instance"] = "nublado-users", ["hub.jupyter.org/network-access-hub"] = "true" }, annotations, spec);
        }

        foreach (var user in v3)
        {
            Create(store, "nublado-" + user, new Dictionary<string, string> { ["argocd.argoproj.io/instance"] = "nublado-users", ["nublado.lsst.io/category"] = "lab" }, annotations, spec);
        }

        if (spec.Decoys)
        {
            foreach (var name in Decoys)
            {
                Create(store, name, null, null, spec);
            }
        }
    }

    private static IEnumerable<string> Generated(int count) => Enumerable.Range(1, count).Select(i => "user" + i.ToString("D4", CultureInfo.InvariantCulture));

    private static void Create(ObjectStore store, string name, Dictionary<string, string>? labels, Dictionary<string, string>? annotations, ScenarioLabNamespaces spec)
    {
        if (store.TryGet(store.Catalog.Namespaces, null, name) is not null)
        {
            return;
        }

        var a = annotations is null ? new Dictionary<string, string>() : new Dictionary<string, string>(annotations);
        if (spec.Stuck.Contains(name))
        {
            a[NamespaceLifecycle.StuckAnnotation] = "true";
        }

        store.Create(store.Catalog.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = a.Count == 0 ? null : a } });
    }
}
