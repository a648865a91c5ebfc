using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// Lists and removes users' lab namespaces with the safety rules of a migration: one list request by label
/// selector, then the exact-prefix filter (<see cref="LabNamespaceRules"/>); deletes with the listed uid as
/// precondition (a namespace recreated since is never deleted); waits for termination through one watch;
/// reports namespaces stuck Terminating without touching their finalizers.
/// </summary>
public sealed class LabNamespaceClient(LabCluster cluster)
{
    /// <summary>The lab namespaces of <paramref name="prefix"/> (<c>nublado2-</c> or <c>nublado-</c>), sorted by name.</summary>
    public async Task<IReadOnlyList<LabNamespace>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var (items, _) = await ListWithVersionAsync(prefix, cancellationToken).ConfigureAwait(false);
        return items;
    }

    private async Task<(IReadOnlyList<LabNamespace> Items, string? ResourceVersion)> ListWithVersionAsync(string prefix, CancellationToken cancellationToken)
    {
        var selector = LabNamespaceRules.LabelSelector(prefix);
        var list = await cluster.CallAsync(t => cluster.Client.CoreV1.ListNamespaceAsync(labelSelector: selector, cancellationToken: t), "list namespaces", cancellationToken).ConfigureAwait(false);
        var items = list.Items
            .Where(n => LabNamespaceRules.IsLabNamespace(prefix, n.Metadata.Name, n.Metadata.Labels is null ? null : new Dictionary<string, string>(n.Metadata.Labels)))
            .Select(n => new LabNamespace
            {
                Name = n.Metadata.Name,
                Prefix = prefix,
                Phase = n.Status?.Phase ?? "Active",
                Uid = n.Metadata.Uid,
                Created = n.Metadata.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null,
            })
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        return (items, list.ResourceVersion());
    }

    /// <summary>
    /// Deletes <paramref name="namespaces"/> (each with its listed uid as precondition, background propagation)
    /// and, unless <paramref name="wait"/> is zero, waits until they are gone. Never removes a finalizer.
    /// </summary>
    /// <param name="namespaces">Namespaces from <see cref="ListAsync"/>; each must still satisfy the rules.</param>
    /// <param name="wait">How long to wait for termination; <see cref="TimeSpan.Zero"/>: do not wait.</param>
    /// <param name="progress">Called with (gone, total) as namespaces disappear.</param>
    /// <param name="cancellationToken">Stops the deletions and the wait.</param>
    /// <exception cref="ClusterException"><c>Cluster.NotLabNamespace</c> before anything is deleted when one fails the rules.</exception>
    public async Task<IReadOnlyList<LabNamespaceRemoval>> RemoveAsync(IReadOnlyList<LabNamespace> namespaces, TimeSpan wait, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        foreach (var ns in namespaces)
        {
            if (!LabNamespaceRules.Prefixes.Contains(ns.Prefix) || !LabNamespaceRules.IsLabNamespace(ns.Prefix, ns.Name, LabNamespaceRules.RequiredLabels(ns.Prefix)))
            {
                throw new ClusterException(ClusterErrorReason.NotLabNamespace, $"'{ns.Name}' is not a lab namespace of prefix '{ns.Prefix}' (exact prefix, a user part, not a system namespace); nothing was deleted.", target: ns.Name);
            }
        }

        // Watch from before the first delete so no DELETED event is missed.
        var watchFrom = wait > TimeSpan.Zero
            ? (await cluster.CallAsync(t => cluster.Client.CoreV1.ListNamespaceAsync(limit: 1, cancellationToken: t), "list namespaces", cancellationToken).ConfigureAwait(false)).ResourceVersion()
            : null;
        var results = new Dictionary<string, LabNamespaceRemoval>(StringComparer.Ordinal);
        var options = new V1DeleteOptions { PropagationPolicy = "Background" };
        foreach (var ns in namespaces)
        {
            options.Preconditions = new V1Preconditions { Uid = ns.Uid };
            try
            {
                await cluster.Client.CoreV1.DeleteNamespaceAsync(ns.Name, options, cancellationToken: cancellationToken).ConfigureAwait(false);
                results[ns.Name] = new LabNamespaceRemoval(ns.Name, ns.Uid, LabNamespaceOutcome.Terminating);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                results[ns.Name] = new LabNamespaceRemoval(ns.Name, ns.Uid, LabNamespaceOutcome.AlreadyGone);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                results[ns.Name] = new LabNamespaceRemoval(ns.Name, ns.Uid, LabNamespaceOutcome.Replaced, $"'{ns.Name}' now has another uid (a new namespace of that name); it was not deleted.");
            }
            catch (Exception e) when (cluster.Translate(e, $"delete namespace {ns.Name}", cancellationToken) is { } failure)
            {
                if (failure.Reason is ClusterErrorReason.Unauthorized or ClusterErrorReason.Unreachable)
                {
                    throw failure;
                }

                results[ns.Name] = new LabNamespaceRemoval(ns.Name, ns.Uid, LabNamespaceOutcome.Failed, failure.Message);
            }
        }

        var pending = results.Values.Where(r => r.OutcomeValue == LabNamespaceOutcome.Terminating).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        if (wait > TimeSpan.Zero && pending.Count > 0)
        {
            var total = pending.Count;
            progress?.Invoke(0, total);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait);
            try
            {
                var watch = cluster.Client.CoreV1.WatchListNamespaceAsync(resourceVersion: watchFrom, allowWatchBookmarks: true, cancellationToken: timeout.Token);
                await foreach (var (type, ns) in watch.ConfigureAwait(false))
                {
                    if (type == WatchEventType.Deleted && pending.Remove(ns.Metadata.Name))
                    {
                        results[ns.Metadata.Name] = results[ns.Metadata.Name] with { OutcomeValue = LabNamespaceOutcome.Deleted };
                        progress?.Invoke(total - pending.Count, total);
                        if (pending.Count == 0)
                        {
                            break;
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
            {
                // The watch broke; what is still pending is checked below.
            }

            foreach (var name in pending)
            {
                V1Namespace? current = null;
                try
                {
                    current = await cluster.Client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                }

                results[name] = current is null
                    ? results[name] with { OutcomeValue = LabNamespaceOutcome.Deleted }
                    : results[name] with { OutcomeValue = LabNamespaceOutcome.StuckTerminating, Message = $"'{name}' is still Terminating after {wait.TotalSeconds:0.#} s; its finalizers were left alone (check its remaining objects and finalizers)." };
            }
        }

        return namespaces.Select(n => results[n.Name]).ToList();
    }
}
