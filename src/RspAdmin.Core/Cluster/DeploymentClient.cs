using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace RspAdmin.Core.Cluster;

/// <summary>Deployments as a migration uses them: read, delete, restart by annotation, wait until ready.</summary>
public sealed class DeploymentClient(LabCluster cluster)
{
    /// <summary>The Deployment's state, or null when it does not exist.</summary>
    public async Task<DeploymentState?> GetAsync(string ns, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var d = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ToState(d);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (cluster.Translate(e, $"read deployment {ns}/{name}", cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Deletes the Deployment; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string ns, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await cluster.Client.AppsV1.DeleteNamespacedDeploymentAsync(name, ns, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (cluster.Translate(e, $"delete deployment {ns}/{name}", cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Restarts the pods as <c>kubectl rollout restart</c> does (pod template annotation <c>kubectl.kubernetes.io/restartedAt</c>).</summary>
    /// <exception cref="ClusterException"><c>Cluster.DeploymentNotFound</c> when it does not exist.</exception>
    public async Task<DeploymentState> RestartAsync(string ns, string name, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var stamp = (at ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var patch = new V1Patch("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"" + stamp + "\"}}}}}", V1Patch.PatchType.StrategicMergePatch);
        try
        {
            return ToState(await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ClusterException(ClusterErrorReason.DeploymentNotFound, $"{cluster.Server}: there is no Deployment {ns}/{name} to restart.", e, 404, $"{ns}/{name}");
        }
        catch (Exception e) when (cluster.Translate(e, $"restart deployment {ns}/{name}", cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Polls until the Deployment is ready (spec 3.7), or fails with <c>Cluster.Timeout</c> after <paramref name="timeout"/>.</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="name">The Deployment.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="pollInterval">How often to ask; 200 ms when not given.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public async Task<DeploymentState> WaitReadyAsync(string ns, string name, TimeSpan timeout, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        DeploymentState? last = null;
        while (true)
        {
            last = await GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
            if (last is { Ready: true })
            {
                return last;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new ClusterException(ClusterErrorReason.Timeout, last is null
                    ? $"Deployment {ns}/{name} does not exist after {timeout.TotalSeconds:0.#} s; sync its application or check its namespace."
                    : $"Deployment {ns}/{name} is not ready after {timeout.TotalSeconds:0.#} s ({last.ReadyReplicas}/{last.Replicas} ready, generation {last.ObservedGeneration}/{last.Generation}); check its pods.", target: $"{ns}/{name}");
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    private static DeploymentState ToState(V1Deployment d) => new()
    {
        Namespace = d.Metadata.NamespaceProperty,
        Name = d.Metadata.Name,
        Replicas = d.Spec?.Replicas ?? 1,
        ReadyReplicas = d.Status?.ReadyReplicas ?? 0,
        Generation = d.Metadata.Generation ?? 0,
        ObservedGeneration = d.Status?.ObservedGeneration ?? 0,
        RestartedAt = d.Spec?.Template?.Metadata?.Annotations is { } a && a.TryGetValue("kubectl.kubernetes.io/restartedAt", out var r) ? r : null,
    };
}
