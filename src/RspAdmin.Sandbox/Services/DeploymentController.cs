using k8s.Models;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Services;

/// <summary>
/// Makes Deployments ready as the deployment controller and kubelets would: a Deployment created or changed
/// (its generation moved) reports <c>readyReplicas == replicas</c> and <c>observedGeneration == generation</c>
/// after a short delay. Also tells listeners when a Deployment is (re)started: created, or its pod template changed.
/// </summary>
public sealed class DeploymentController(ObjectStore store, TimeSpan readyDelay)
{
    private readonly Dictionary<string, DateTime> _pendingSince = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _templates = new(StringComparer.Ordinal);

    /// <summary>Called with namespace and name when a Deployment's pods are (re)started, or with null generation when it is deleted.</summary>
    public event Action<string, string, bool>? Restarted;

    /// <summary>One pass; the host calls it every 50 ms.</summary>
    public void Tick()
    {
        var now = DateTime.UtcNow;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in store.List(store.Catalog.Deployments).Items)
        {
            var d = (V1Deployment)stored.Value;
            var key = $"{d.Metadata.NamespaceProperty}/{d.Metadata.Name}";
            seen.Add(key);
            var template = $"{d.Metadata.Uid}|{k8s.KubernetesJson.Serialize(d.Spec?.Template)}";
            if (!_templates.TryGetValue(key, out var previous) || previous != template)
            {
                _templates[key] = template;
                Restarted?.Invoke(d.Metadata.NamespaceProperty, d.Metadata.Name, true);
            }

            var replicas = d.Spec?.Replicas ?? 1;
            var ready = d.Status?.ReadyReplicas == replicas && d.Status?.ObservedGeneration >= d.Metadata.Generation;
            if (ready)
            {
                _pendingSince.Remove(key);
                continue;
            }

            if (!_pendingSince.TryGetValue(key, out var since))
            {
                _pendingSince[key] = now;
                since = now;
                store.Update<V1Deployment>(store.Catalog.Deployments, d.Metadata.NamespaceProperty, d.Metadata.Name, x =>
                {
                    x.Status ??= new V1DeploymentStatus();
                    x.Status.ObservedGeneration = x.Metadata.Generation;
                    x.Status.Replicas = replicas;
                    x.Status.ReadyReplicas = null;
                    x.Status.UpdatedReplicas = null;
                    return true;
                });
            }

            if (now - since >= readyDelay)
            {
                _pendingSince.Remove(key);
                store.Update<V1Deployment>(store.Catalog.Deployments, d.Metadata.NamespaceProperty, d.Metadata.Name, x =>
                {
                    x.Status ??= new V1DeploymentStatus();
                    x.Status.ObservedGeneration = x.Metadata.Generation;
                    x.Status.Replicas = replicas;
                    x.Status.ReadyReplicas = replicas;
                    x.Status.UpdatedReplicas = replicas;
                    x.Status.AvailableReplicas = replicas;
                    return true;
                });
            }
        }

        foreach (var gone in _templates.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _templates.Remove(gone);
            _pendingSince.Remove(gone);
            var slash = gone.IndexOf('/', StringComparison.Ordinal);
            Restarted?.Invoke(gone[..slash], gone[(slash + 1)..], false);
        }
    }

    /// <summary>Whether a Deployment exists and is ready.</summary>
    public bool IsReady(string ns, string name) =>
        store.TryGet(store.Catalog.Deployments, ns, name)?.Value is V1Deployment d
        && d.Status?.ReadyReplicas == (d.Spec?.Replicas ?? 1)
        && d.Status?.ObservedGeneration >= d.Metadata.Generation;
}
