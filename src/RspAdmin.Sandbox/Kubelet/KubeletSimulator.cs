using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using k8s.Models;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Kubelet;

/// <summary>
/// Simulated kubelets (and a minimal scheduler) for every sandbox node. A pod bound to a node
/// (<c>spec.nodeName</c>) has its images pulled (a HEAD on the registry decides whether they exist),
/// then runs; a <c>/bin/true</c>-style container succeeds, <c>/bin/false</c> fails, anything else keeps running.
/// Unknown images leave the pod Pending with <c>ErrImagePull</c> and then <c>ImagePullBackOff</c>, retried with
/// back-off. Pulled images are added to the node's <c>status.images</c> under the kubelet's caps.
/// </summary>
public sealed class KubeletSimulator : IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly ImageRegistryClient _registry;
    private readonly KubeletSettings _settings;
    private readonly ConcurrentDictionary<string, SimulatedNode> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _pods = new(StringComparer.Ordinal);
    private readonly List<Regex> _pendingPods;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _background = [];
    private readonly ConcurrentDictionary<string, Task> _podTasks = new(StringComparer.Ordinal);
    private int _podIp;

    public KubeletSimulator(ObjectStore store, ImageRegistryClient registry, KubeletSettings settings)
    {
        _store = store;
        _registry = registry;
        _settings = settings;
        _pendingPods = settings.PendingPods.Select(p => new Regex("^" + Regex.Escape(p).Replace(@"\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToList();
    }

    /// <summary>The simulated nodes by name (vanished ones included).</summary>
    public IReadOnlyDictionary<string, SimulatedNode> Nodes => _nodes;

    /// <summary>Creates the node object and starts the node's fault timer.</summary>
    public void AddNode(SimulatedNode node)
    {
        if (!_nodes.TryAdd(node.Name, node))
        {
            throw new InvalidOperationException($"Sandbox.DuplicateNode: node {node.Name} is declared twice.");
        }

        _store.Create(_store.Catalog.Nodes, NodeFactory.Create(node, _nodes.Count));
        if (node.VanishAfter is { } after)
        {
            _background.Add(VanishLaterAsync(node, after));
        }
    }

    /// <summary>Starts watching pods. Pods that already exist are picked up too.</summary>
    public void Start()
    {
        var subscription = _store.Watch(_store.Catalog.Pods, null, null);
        _background.Add(Task.Run(() => WatchPodsAsync(subscription)));
    }

    /// <summary>Removes a node: its object is deleted and its pods are no longer advanced.</summary>
    public void Vanish(string nodeName)
    {
        if (!_nodes.TryGetValue(nodeName, out var node) || node.Vanished)
        {
            return;
        }

        node.Vanished = true;
        try
        {
            _store.Delete(_store.Catalog.Nodes, null, nodeName);
        }
        catch (StoreException)
        {
            // Deleted through the API already.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var cts in _pods.Values)
        {
            await cts.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_background.Concat(_podTasks.Values)).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Stopping anyway.
        }

        _stop.Dispose();
    }

    private async Task VanishLaterAsync(SimulatedNode node, TimeSpan after)
    {
        try
        {
            await Task.Delay(after, _stop.Token).ConfigureAwait(false);
            Vanish(node.Name);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WatchPodsAsync(WatchSubscription subscription)
    {
        using (subscription)
        {
            try
            {
                while (await subscription.Events.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
                {
                    while (subscription.Events.TryRead(out var e))
                    {
                        OnPodEvent(e);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private void OnPodEvent(StoreEvent e)
    {
        var pod = (V1Pod)e.Object.Value;
        var uid = pod.Metadata.Uid;
        if (e.Type == StoreEventType.Deleted)
        {
            if (_pods.TryRemove(uid, out var cts))
            {
                cts.Cancel();
                cts.Dispose();
            }

            return;
        }

        if (_pods.ContainsKey(uid) || pod.Status?.Phase is "Succeeded" or "Failed" || pod.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        if (IsHeldPending(pod))
        {
            return;
        }

        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            Schedule(pod);
            return;
        }

        if (!_nodes.TryGetValue(pod.Spec.NodeName, out var node) || node.Vanished)
        {
            return;
        }

        var podCts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        if (_pods.TryAdd(uid, podCts))
        {
            _podTasks[uid] = Task.Run(async () =>
            {
                try
                {
                    await RunPodAsync(node, e.Object.Namespace, e.Object.Name, uid, podCts.Token).ConfigureAwait(false);
                }
                finally
                {
                    _podTasks.TryRemove(uid, out _);
                }
            });
        }
        else
        {
            podCts.Dispose();
        }
    }

    private bool IsHeldPending(V1Pod pod)
    {
        var qualified = pod.Metadata.NamespaceProperty + "/" + pod.Metadata.Name;
        return _pendingPods.Any(r => r.IsMatch(pod.Metadata.Name) || r.IsMatch(qualified));
    }

    private void Schedule(V1Pod pod)
    {
        var candidates = _nodes.Values.Where(n => !n.Vanished && Schedulable(n, pod)).ToList();
        var chosen = candidates.MinBy(n => _store.List(_store.Catalog.Pods, null, n.Name).Items.Count);
        _store.Update<V1Pod>(_store.Catalog.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, p =>
        {
            if (p.Metadata.Uid != pod.Metadata.Uid || !string.IsNullOrEmpty(p.Spec.NodeName))
            {
                return false;
            }

            p.Status ??= new V1PodStatus { Phase = "Pending" };
            if (chosen is null)
            {
                if (p.Status.Conditions?.Any(c => c.Type == "PodScheduled") == true)
                {
                    return false;
                }

                p.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = $"0/{_nodes.Count} nodes are available.", LastTransitionTime = Now() }];
                return true;
            }

            p.Spec.NodeName = chosen.Name;
            p.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = Now() }];
            return true;
        });
    }

    private static bool Schedulable(SimulatedNode node, V1Pod pod)
    {
        if (pod.Spec?.NodeSelector is { } selector && selector.Any(kv => !node.Labels.TryGetValue(kv.Key, out var v) || v != kv.Value))
        {
            return false;
        }

        var tolerations = pod.Spec?.Tolerations ?? [];
        return node.Taints.Where(t => t.Effect is "NoSchedule" or "NoExecute").All(t => tolerations.Any(tol => Tolerates(tol, t)));
    }

    private static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (toleration.OperatorProperty == "Exists")
        {
            return string.IsNullOrEmpty(toleration.Key) || toleration.Key == taint.Key;
        }

        return toleration.Key == taint.Key && (toleration.Value ?? string.Empty) == (taint.Value ?? string.Empty);
    }

    private async Task RunPodAsync(SimulatedNode node, string ns, string name, string uid, CancellationToken cancellationToken)
    {
        try
        {
            var started = Now();
            var pod = UpdatePod(ns, name, uid, p =>
            {
                p.Status ??= new V1PodStatus();
                p.Status.Phase = "Pending";
                p.Status.HostIP = NodeFactory.Address(node);
                p.Status.StartTime = started;
                p.Status.Conditions =
                [
                    new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = started },
                    new V1PodCondition { Type = "Initialized", Status = "True", LastTransitionTime = started },
                    new V1PodCondition { Type = "ContainersReady", Status = "False", Reason = "ContainersNotReady", LastTransitionTime = started },
                    new V1PodCondition { Type = "Ready", Status = "False", Reason = "ContainersNotReady", LastTransitionTime = started },
                ];
                p.Status.ContainerStatuses = (p.Spec.Containers ?? []).Select(c => new V1ContainerStatus
                {
                    Name = c.Name,
                    Image = c.Image,
                    ImageID = string.Empty,
                    Ready = false,
                    Started = false,
                    RestartCount = 0,
                    State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
                }).ToList();
            });
            if (pod is null)
            {
                return;
            }

            var imageIds = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var container in pod.Spec.Containers ?? [])
            {
                var id = await PullAsync(node, ns, name, uid, container, cancellationToken).ConfigureAwait(false);
                if (id is null)
                {
                    return;
                }

                imageIds[container.Name] = id;
            }

            var running = Now();
            if (UpdatePod(ns, name, uid, p =>
            {
                p.Status.Phase = "Running";
                p.Status.PodIP = $"10.244.{_nodes.Count % 250}.{Interlocked.Increment(ref _podIp) % 250 + 2}";
                SetCondition(p, "ContainersReady", "True", running);
                SetCondition(p, "Ready", "True", running);
                foreach (var s in p.Status.ContainerStatuses ?? [])
                {
                    s.Ready = true;
                    s.Started = true;
                    s.ImageID = imageIds.GetValueOrDefault(s.Name, string.Empty);
                    s.ContainerID = "containerd://" + Guid.NewGuid().ToString("N");
                    s.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = running } };
                }
            }) is not { } runningPod)
            {
                return;
            }

            var exitCodes = (runningPod.Spec.Containers ?? []).Select(ExitCodeOf).ToList();
            if (exitCodes.Any(c => c is null) || runningPod.Spec.RestartPolicy == "Always")
            {
                return; // Long-running, or restarted forever: stays Running.
            }

            await Task.Delay(_settings.RunDuration, cancellationToken).ConfigureAwait(false);
            var finished = Now();
            var failed = exitCodes.Any(c => c != 0);
            UpdatePod(ns, name, uid, p =>
            {
                p.Status.Phase = failed ? "Failed" : "Succeeded";
                SetCondition(p, "ContainersReady", "False", finished, "PodCompleted");
                SetCondition(p, "Ready", "False", finished, "PodCompleted");
                var containers = p.Spec.Containers ?? [];
                foreach (var s in p.Status.ContainerStatuses ?? [])
                {
                    var code = ExitCodeOf(containers.First(c => c.Name == s.Name)) ?? 0;
                    s.Ready = false;
                    s.Started = false;
                    s.State = new V1ContainerState
                    {
                        Terminated = new V1ContainerStateTerminated
                        {
                            ExitCode = code,
                            Reason = code == 0 ? "Completed" : "Error",
                            StartedAt = s.State?.Running?.StartedAt ?? running,
                            FinishedAt = finished,
                            ContainerID = s.ContainerID,
                        },
                    };
                }
            });
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The pod was deleted or the sandbox is stopping.
        }
    }

    /// <summary>Pulls one container's image; returns the image ID, or null when the pod went away.</summary>
    private async Task<string?> PullAsync(SimulatedNode node, string ns, string name, string uid, V1Container container, CancellationToken cancellationToken)
    {
        ImageReference image;
        try
        {
            image = ImageReference.Parse(container.Image ?? string.Empty);
        }
        catch (ArgumentException)
        {
            UpdatePod(ns, name, uid, p => SetWaiting(p, container.Name, "InvalidImageName", $"Failed to apply default image tag \"{container.Image}\": invalid reference format"));
            return null;
        }

        var backOff = _settings.BackOffBase;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node.Vanished)
            {
                return null;
            }

            string? failure;
            await node.PullLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (container.ImagePullPolicy != "Always" && node.HasImage(image))
                {
                    return image.Digest is null ? image.ToString() : $"{image.Name}@{image.Digest}";
                }

                if (container.ImagePullPolicy == "Never")
                {
                    UpdatePod(ns, name, uid, p => SetWaiting(p, container.Name, "ErrImageNeverPull", $"Container image \"{image}\" is not present with pull policy of Never"));
                    return null;
                }

                var resolution = await _registry.ResolveAsync(image, cancellationToken).ConfigureAwait(false);
                failure = resolution.Error;
                if (resolution.Found)
                {
                    await Task.Delay(node.PullLatency, cancellationToken).ConfigureAwait(false);
                    if (node.Vanished)
                    {
                        return null;
                    }

                    var digest = resolution.Digest ?? image.Digest ?? "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(image.ToString())));
                    node.RecordPull(image, digest, resolution.SizeBytes);
                    PublishNodeImages(node);
                    var pulls = node.CountPull();
                    if (node.VanishAfterPulls is { } limit && pulls >= limit)
                    {
                        Vanish(node.Name);
                        return null;
                    }

                    return $"{image.Name}@{digest}";
                }
            }
            finally
            {
                node.PullLock.Release();
            }

            if (UpdatePod(ns, name, uid, p => SetWaiting(p, container.Name, "ErrImagePull", "rpc error: code = NotFound desc = " + failure)) is null)
            {
                return null;
            }

            await Task.Delay(backOff, cancellationToken).ConfigureAwait(false);
            if (UpdatePod(ns, name, uid, p => SetWaiting(p, container.Name, "ImagePullBackOff", $"Back-off pulling image \"{container.Image}\"")) is null)
            {
                return null;
            }

            await Task.Delay(backOff, cancellationToken).ConfigureAwait(false);
            backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, _settings.BackOffMax.Ticks));
        }
    }

    /// <summary>Writes the node's status.images after its cache changed (a MODIFIED event for the node).</summary>
    public void PublishNodeImages(SimulatedNode node)
    {
        var images = node.StatusImages();
        _store.Update<V1Node>(_store.Catalog.Nodes, null, node.Name, n =>
        {
            n.Status ??= new V1NodeStatus();
            n.Status.Images = images;
            return true;
        });
    }

    private V1Pod? UpdatePod(string ns, string name, string uid, Action<V1Pod> mutate)
    {
        var stored = _store.Update<V1Pod>(_store.Catalog.Pods, ns, name, p =>
        {
            if (p.Metadata.Uid != uid || p.Metadata.DeletionTimestamp is not null)
            {
                return false;
            }

            mutate(p);
            return true;
        });
        return stored is not null && stored.Value.Metadata.Uid == uid ? (V1Pod)stored.Value : null;
    }

    private static void SetWaiting(V1Pod pod, string container, string reason, string message)
    {
        foreach (var s in pod.Status?.ContainerStatuses ?? [])
        {
            if (s.Name == container)
            {
                s.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } };
            }
        }
    }

    private static void SetCondition(V1Pod pod, string type, string status, DateTime at, string? reason = null)
    {
        var condition = pod.Status.Conditions?.FirstOrDefault(c => c.Type == type);
        if (condition is null)
        {
            pod.Status.Conditions ??= [];
            pod.Status.Conditions.Add(new V1PodCondition { Type = type, Status = status, Reason = reason, LastTransitionTime = at });
            return;
        }

        condition.Status = status;
        condition.Reason = reason;
        condition.LastTransitionTime = at;
    }

    /// <summary>The exit code of a run-to-completion command (<c>true</c>: 0, <c>false</c>: 1), or null for one that keeps running.</summary>
    internal static int? ExitCodeOf(V1Container container)
    {
        var argv = (container.Command ?? []).Concat(container.Args ?? []).ToList();
        if (argv.Count == 0)
        {
            return null;
        }

        var program = Path.GetFileName(argv[0]);
        return program switch
        {
            "true" => 0,
            "false" => 1,
            _ => null,
        };
    }

    private static DateTime Now()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);
    }
}
