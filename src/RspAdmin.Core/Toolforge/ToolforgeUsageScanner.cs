using k8s;
using k8s.Models;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Core.Toolforge;

/// <summary>
/// Maps the images of running workloads in tool namespaces (pods that have not finished, Jobs,
/// CronJobs, Deployments) to catalog entries with the jobs API's own resolution, and counts them per
/// entry and state, so a deprecation campaign sees who still runs what.
/// </summary>
public static class ToolforgeUsageScanner
{
    /// <summary>The kinds scanned, in report order.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["Pod", "Job", "CronJob", "Deployment"];

    /// <summary>Lists the workloads of the namespaces <paramref name="namespaceFilter"/> accepts.</summary>
    /// <exception cref="RspException"><c>Cluster.*</c> when the API refuses or cannot be reached.</exception>
    public static async Task<IReadOnlyList<ToolforgeWorkloadImage>> ListAsync(
        LabCluster cluster, Func<string, bool> namespaceFilter, IReadOnlyCollection<string> kinds, Action<string>? warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(namespaceFilter);
        var result = new List<ToolforgeWorkloadImage>();
        void AddSpec(string kind, V1ObjectMeta? meta, V1PodSpec? spec)
        {
            var ns = meta?.NamespaceProperty ?? string.Empty;
            if (spec?.Containers is null || !namespaceFilter(ns))
            {
                return;
            }

            foreach (var container in spec.Containers)
            {
                if (!string.IsNullOrEmpty(container.Image))
                {
                    result.Add(new ToolforgeWorkloadImage(ns, kind, meta?.Name ?? string.Empty, container.Name ?? string.Empty, container.Image));
                }
            }
        }

        if (kinds.Contains("Pod"))
        {
            var pods = await cluster.CallAsync(t => cluster.Client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: t), "list pods", cancellationToken).ConfigureAwait(false);
            foreach (var pod in pods.Items)
            {
                if (pod.Status?.Phase is not ("Succeeded" or "Failed"))
                {
                    AddSpec("Pod", pod.Metadata, pod.Spec);
                }
            }
        }

        if (kinds.Contains("Job"))
        {
            var jobs = await OptionalAsync(cluster, t => cluster.Client.BatchV1.ListJobForAllNamespacesAsync(cancellationToken: t), "list jobs", warn, cancellationToken).ConfigureAwait(false);
            foreach (var job in jobs?.Items ?? [])
            {
                if (job.Status?.CompletionTime is null)
                {
                    AddSpec("Job", job.Metadata, job.Spec?.Template?.Spec);
                }
            }
        }

        if (kinds.Contains("CronJob"))
        {
            var cronJobs = await OptionalAsync(cluster, t => cluster.Client.BatchV1.ListCronJobForAllNamespacesAsync(cancellationToken: t), "list cronjobs", warn, cancellationToken).ConfigureAwait(false);
            foreach (var cronJob in cronJobs?.Items ?? [])
            {
                AddSpec("CronJob", cronJob.Metadata, cronJob.Spec?.JobTemplate?.Spec?.Template?.Spec);
            }
        }

        if (kinds.Contains("Deployment"))
        {
            var deployments = await cluster.CallAsync(t => cluster.Client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: t), "list deployments", cancellationToken).ConfigureAwait(false);
            foreach (var deployment in deployments.Items)
            {
                AddSpec("Deployment", deployment.Metadata, deployment.Spec?.Template?.Spec);
            }
        }

        return result;
    }

    /// <summary>Resolves every workload image (each distinct reference once) to its entry.</summary>
    public static async Task<IReadOnlyList<ToolforgeImageUsage>> MapAsync(
        ToolforgeImageResolver resolver, IReadOnlyList<ToolforgeWorkloadImage> workloads, Action<string>? warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(workloads);
        var resolved = new Dictionary<string, ToolforgeImage>(StringComparer.Ordinal);
        var result = new ToolforgeImageUsage[workloads.Count];
        for (var i = 0; i < workloads.Count; i++)
        {
            var w = workloads[i];
            if (!resolved.TryGetValue(w.Image, out var image))
            {
                image = await resolver.ResolveAsync(w.Image, warn, cancellationToken).ConfigureAwait(false);
                resolved[w.Image] = image;
            }

            result[i] = new ToolforgeImageUsage
            {
                Namespace = w.Namespace,
                Tool = w.Namespace.StartsWith(ToolforgeNames.ToolProjectPrefix, StringComparison.Ordinal) ? w.Namespace[ToolforgeNames.ToolProjectPrefix.Length..] : w.Namespace,
                Kind = w.Kind,
                Name = w.Name,
                Container = w.Container,
                Image = w.Image,
                Resolved = image,
            };
        }

        return result;
    }

    /// <summary>Counts per entry and state: deprecated entries first, then unknown images, then the rest; by name within each.</summary>
    public static IReadOnlyList<ToolforgeImageUsageSummary> Summarize(IEnumerable<ToolforgeImageUsage> usages)
    {
        ArgumentNullException.ThrowIfNull(usages);
        return usages
            .GroupBy(u => (u.ShortName, u.State, u.Exists, u.Resolved.Type))
            .Select(g => new ToolforgeImageUsageSummary
            {
                ShortName = g.Key.ShortName,
                State = g.Key.State,
                Exists = g.Key.Exists,
                Type = g.Key.Type,
                Pods = g.Count(u => u.Kind == "Pod"),
                Jobs = g.Count(u => u.Kind == "Job"),
                CronJobs = g.Count(u => u.Kind == "CronJob"),
                Deployments = g.Count(u => u.Kind == "Deployment"),
                Tools = new ToolforgeList<string>(g.Select(u => u.Tool).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            })
            .OrderBy(s => s.State == ToolforgeNames.StateDeprecated ? 0 : !s.Exists ? 1 : s.State == ToolforgeNames.StateStable ? 3 : 2)
            .ThenBy(s => s.ShortName, StringComparer.Ordinal)
            .ToArray();
    }

    private static async Task<T?> OptionalAsync<T>(LabCluster cluster, Func<CancellationToken, Task<T>> call, string what, Action<string>? warn, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await cluster.CallAsync(call, what, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException e) when (e.StatusCode == 404)
        {
            warn?.Invoke($"{cluster} does not serve {what["list ".Length..]} (batch/v1); they are not counted.");
            return null;
        }
    }
}
