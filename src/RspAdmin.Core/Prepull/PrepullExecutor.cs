using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using k8s.Autorest;
using Polly;
using Polly.Retry;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Core.Prepull;

/// <summary>
/// Runs a <see cref="PrepullPlan"/>: nodes in parallel (up to a throttle), one image at a time per
/// node. Each pull creates its pod and waits for it to end through one shared pod watch (no polling).
/// A shared node watch notices nodes that leave the cluster. Every pod created is deleted: a pod that
/// failed, timed out or lost its node at once; the pods that succeeded on a node together once the
/// node's last pull has ended (one deletecollection request for the node's succeeded prepuller pods,
/// or one DELETE when there is only one); and every pod left when the run is cancelled.
/// </summary>
/// <remarks>
/// Deleting a node's succeeded pods together sends one request per node instead of one per pull. A
/// completed pod holds no node resources while it waits. Where the API refuses deletecollection (a
/// role granting only <c>delete</c> on pods), the run deletes pod by pod from then on.
/// </remarks>
public sealed class PrepullExecutor
{
    private static readonly HashSet<int> TransientStatuses = new() { 429, 500, 502, 503, 504 };

    private readonly LabCluster _cluster;
    private readonly KubernetesHttp _http;
    private readonly PrepullExecutorOptions _options;
    private readonly ResiliencePipeline _retry;

    /// <summary>Creates an executor.</summary>
    public PrepullExecutor(LabCluster cluster, PrepullExecutorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _cluster = cluster;
        _http = new KubernetesHttp(cluster);
        _options = options ?? new PrepullExecutorOptions();
        if (_options.ThrottleLimit < 1)
        {
            throw new ArgumentException("ThrottleLimit must be at least 1.", nameof(options));
        }

        if (_options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeout must be positive.", nameof(options));
        }

        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpOperationException>(e => TransientStatuses.Contains((int)e.Response.StatusCode))
                    .Handle<HttpRequestException>(),
                MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
                Delay = _options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    _options.Log?.Invoke($"Retrying after {args.Outcome.Exception?.Message} (attempt {args.AttemptNumber + 1}).");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Runs the plan and returns a result per (node, image), node by node in plan order. Results are
    /// also handed to <see cref="PrepullExecutorOptions.ResultAvailable"/> as they are known.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; every pod created has been deleted first.</exception>
    /// <exception cref="ClusterException">The namespace does not exist, or the API refused the watches.</exception>
    public async Task<IReadOnlyList<PrepullResult>> RunAsync(PrepullPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Nodes.Count == 0)
        {
            return Array.Empty<PrepullResult>();
        }

        var podNamespace = plan.Nodes[0].Pods[0].Namespace;
        var run = new Run(plan);
        using var fatal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ClusterException? fatalError = null;
        void Fail(ClusterException e)
        {
            if (Interlocked.CompareExchange(ref fatalError, e, null) is null)
            {
                fatal.Cancel();
            }
        }

        void WatchFailed(Exception e) =>
            Fail(_cluster.Translate(e, "watch pods and nodes", CancellationToken.None)
                ?? new ClusterException(ClusterErrorReason.ApiError, $"{_cluster.Server}: cannot watch pods and nodes: {e.Message}", e));

        await using var podWatch = new ResourceWatch(
            WatchApi.Pods(_http, podNamespace, $"{PrepullPodPlan.CategoryLabel}={PrepullPodPlan.CategoryValue}"),
            run.OnPodEvent,
            pods => { foreach (var pod in pods) { run.OnPodEvent(WatchEventKind.Modified, pod); } },
            WatchFailed,
            _options.Log);
        await using var nodeWatch = new ResourceWatch(
            WatchApi.Nodes(_http, plan.NodeLabelSelector),
            run.OnNodeEvent,
            run.OnNodeList,
            WatchFailed,
            _options.Log);

        try
        {
            await podWatch.StartAsync(plan.NodeListResourceVersion, cancellationToken).ConfigureAwait(false);
            await nodeWatch.StartAsync(plan.NodeListResourceVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_cluster.Translate(e, "watch pods and nodes", cancellationToken) is { } translated)
        {
            throw translated;
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.ThrottleLimit, CancellationToken = fatal.Token };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, plan.Nodes.Count), parallel, async (index, token) =>
            {
                try
                {
                    await PullNodeAsync(run, index, token).ConfigureAwait(false);
                }
                catch (ClusterException e)
                {
                    Fail(e);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (fatalError is not null && !cancellationToken.IsCancellationRequested)
        {
            // Reported below.
        }
        finally
        {
            await DeleteLeftoversAsync(run).ConfigureAwait(false);
        }

        if (fatalError is not null)
        {
            throw fatalError;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return run.Results();
    }

    private async Task PullNodeAsync(Run run, int nodeIndex, CancellationToken cancellationToken)
    {
        var node = run.Plan.Nodes[nodeIndex];
        var succeeded = new List<PrepullPodPlan>(node.Pods.Count);
        for (var i = 0; i < node.Pods.Count; i++)
        {
            var pod = node.Pods[i];
            cancellationToken.ThrowIfCancellationRequested();
            if (run.IsGone(node.NodeName))
            {
                run.Record(nodeIndex, i, new PrepullResult(pod, PrepullOutcome.NodeVanished, $"Node {node.NodeName} left the cluster before this pull started.", TimeSpan.Zero));
                _options.ResultAvailable?.Invoke(run.ResultAt(nodeIndex, i)!);
                continue;
            }

            _options.Progress?.Invoke(new PrepullProgress(node.NodeName, nodeIndex, i, node.Pods.Count, pod.Tag, run.Completed, run.Total));
            var result = await PullAsync(run, pod, succeeded, cancellationToken).ConfigureAwait(false);
            run.Record(nodeIndex, i, result);
            _options.ResultAvailable?.Invoke(result);
            var done = i + 1 == node.Pods.Count;
            _options.Progress?.Invoke(new PrepullProgress(
                node.NodeName, nodeIndex, i + 1, node.Pods.Count, done ? null : node.Pods[i + 1].Tag, run.Completed, run.Total));
        }

        await DeleteSucceededAsync(run, node.NodeName, succeeded).ConfigureAwait(false);
    }

    /// <summary>
    /// One pull. A pod that succeeded is added to <paramref name="succeeded"/> for its node's deletion
    /// together; any other pod is deleted before this returns.
    /// </summary>
    private async Task<PrepullResult> PullAsync(Run run, PrepullPodPlan pod, List<PrepullPodPlan> succeeded, CancellationToken cancellationToken)
    {
        var waiter = run.Register(pod);
        var pulled = false;
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        run.MarkMaybeCreated(pod);
        try
        {
            string? uid;
            try
            {
                uid = await CreateAsync(pod, timeout.Token).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ClusterException(ClusterErrorReason.NamespaceNotFound,
                    $"{_cluster.Server}: cannot create pods in namespace '{pod.Namespace}': {LabCluster.ApiStatusMessage(e) ?? "not found"}. Give the controller's namespace with -Namespace.", e, 404);
            }
            catch (HttpOperationException e)
            {
                var status = (int)e.Response.StatusCode;
                if (status is 401 or 403)
                {
                    throw _cluster.Translate(e, $"create pod {pod.PodName}", cancellationToken)!;
                }

                return new PrepullResult(pod, PrepullOutcome.Failed, $"The API refused the pod: {status} {LabCluster.ApiStatusMessage(e) ?? e.Response.ReasonPhrase}", clock.Elapsed);
            }

            waiter.Created(uid);
            if (run.IsGone(pod.NodeName))
            {
                waiter.NodeVanished();
            }

            var (outcome, reason) = await waiter.Done.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            pulled = outcome == PrepullOutcome.Pulled;
            return new PrepullResult(pod, outcome, reason, clock.Elapsed);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new PrepullResult(pod, PrepullOutcome.TimedOut,
                $"The pod did not finish within {_options.Timeout} (last state: {waiter.LastState}).", clock.Elapsed);
        }
        catch (HttpRequestException e)
        {
            return new PrepullResult(pod, PrepullOutcome.Failed, $"The API could not be reached: {e.Message}", clock.Elapsed);
        }
        finally
        {
            run.Unregister(pod);
            if (pulled)
            {
                succeeded.Add(pod);
            }
            else
            {
                await DeleteAsync(run, pod).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Creates the pod; a same-named pod left over is replaced. Returns the new pod's uid.</summary>
    /// <remarks>
    /// The manifest is written once as UTF-8 and the answer read for its uid alone, not as a V1Pod.
    /// </remarks>
    private async Task<string?> CreateAsync(PrepullPodPlan pod, CancellationToken cancellationToken)
    {
        var manifest = pod.ToJsonUtf8();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await _retry.ExecuteAsync(
                    static (state, token) => new ValueTask<string?>(state.Http.CreatePodAsync(state.Namespace, state.Manifest, token)),
                    (Http: _http, pod.Namespace, Manifest: manifest),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 3)
            {
                _options.Log?.Invoke($"Pod {pod.PodName} exists already ({LabCluster.ApiStatusMessage(e)}); replacing it.");
                await DeletePodAsync(pod, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DeleteAsync(Run run, PrepullPodPlan pod)
    {
        using var cleanup = new CancellationTokenSource(_options.CleanupTimeout);
        try
        {
            await DeletePodAsync(pod, cleanup.Token).ConfigureAwait(false);
            run.MarkDeleted(pod);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException or IOException)
        {
            _options.Log?.Invoke($"Could not delete pod {pod.PodName}: {e.Message}");
        }
    }

    private async Task DeletePodAsync(PrepullPodPlan pod, CancellationToken cancellationToken)
    {
        try
        {
            await _retry.ExecuteAsync(
                static (state, token) => new ValueTask(state.Http.DeletePodAsync(state.Namespace, state.PodName, token)),
                (Http: _http, pod.Namespace, pod.PodName),
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Deletes the pods that succeeded on a node: one deletecollection of the node's succeeded prepuller
    /// pods, then a DELETE for any of them the answer does not list (someone replaced it meanwhile).
    /// One pod, or a run whose deletecollection the API refused, is deleted pod by pod.
    /// </summary>
    private async Task DeleteSucceededAsync(Run run, string nodeName, List<PrepullPodPlan> pods)
    {
        if (pods.Count == 0)
        {
            return;
        }

        IReadOnlySet<string>? deleted = null;
        if (pods.Count > 1 && !run.CollectionDeleteRefused)
        {
            using var cleanup = new CancellationTokenSource(_options.CleanupTimeout);
            try
            {
                deleted = await _retry.ExecuteAsync(
                    static (state, token) => new ValueTask<IReadOnlySet<string>>(state.Http.DeleteSucceededPodsAsync(
                        state.Namespace, $"{PrepullPodPlan.CategoryLabel}={PrepullPodPlan.CategoryValue}", state.NodeName, token)),
                    (Http: _http, pods[0].Namespace, NodeName: nodeName),
                    cleanup.Token).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when ((int)e.Response.StatusCode is 400 or 403 or 405)
            {
                run.RefuseCollectionDelete();
                _options.Log?.Invoke($"The API refused to delete the succeeded pods of node {nodeName} together ({(int)e.Response.StatusCode} {LabCluster.ApiStatusMessage(e)}); deleting pods one by one.");
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException or IOException or System.Text.Json.JsonException)
            {
                _options.Log?.Invoke($"Could not delete the succeeded pods of node {nodeName} together ({e.Message}); deleting them one by one.");
            }
        }

        foreach (var pod in pods)
        {
            if (deleted?.Contains(pod.PodName) == true)
            {
                run.MarkDeleted(pod);
            }
            else
            {
                await DeleteAsync(run, pod).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Deletes pods whose deletion failed or never ran (a last sweep, also after cancellation).</summary>
    private async Task DeleteLeftoversAsync(Run run)
    {
        var leftovers = run.MaybeCreated();
        if (leftovers.Count == 0)
        {
            return;
        }

        await Parallel.ForEachAsync(leftovers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (pod, _) =>
            await DeleteAsync(run, pod).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static TimeSpan? RetryAfter(Exception? exception)
    {
        if (exception is HttpOperationException { Response: { } response }
            && response.Headers is { } headers
            && headers.TryGetValue("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 60));
        }

        return null;
    }

    /// <summary>The shared state of one run.</summary>
    private sealed class Run
    {
        private readonly ConcurrentDictionary<string, PodWaiter> _waiters = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, PrepullPodPlan> _maybeCreated = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _gone = new(StringComparer.Ordinal);
        private readonly PrepullResult?[][] _results;
        private int _completed;
        private int _collectionDeleteRefused;

        public Run(PrepullPlan plan)
        {
            Plan = plan;
            Total = plan.Nodes.Sum(n => n.Pods.Count);
            _results = plan.Nodes.Select(n => new PrepullResult?[n.Pods.Count]).ToArray();
        }

        public PrepullPlan Plan { get; }

        public int Total { get; }

        public int Completed => Volatile.Read(ref _completed);

        /// <summary>True once the API refused a deletecollection: the rest of the run deletes pod by pod.</summary>
        public bool CollectionDeleteRefused => Volatile.Read(ref _collectionDeleteRefused) != 0;

        public void RefuseCollectionDelete() => Volatile.Write(ref _collectionDeleteRefused, 1);

        public PodWaiter Register(PrepullPodPlan pod)
        {
            var waiter = new PodWaiter(pod.PodName, pod.NodeName);
            _waiters[pod.PodName] = waiter;
            return waiter;
        }

        public void Unregister(PrepullPodPlan pod) => _waiters.TryRemove(pod.PodName, out _);

        public void MarkMaybeCreated(PrepullPodPlan pod) => _maybeCreated[pod.PodName] = pod;

        public void MarkDeleted(PrepullPodPlan pod) => _maybeCreated.TryRemove(pod.PodName, out _);

        public IReadOnlyList<PrepullPodPlan> MaybeCreated() => _maybeCreated.Values.ToArray();

        public bool IsGone(string node) => _gone.ContainsKey(node);

        public void Record(int nodeIndex, int podIndex, PrepullResult result)
        {
            _results[nodeIndex][podIndex] = result;
            Interlocked.Increment(ref _completed);
        }

        public PrepullResult? ResultAt(int nodeIndex, int podIndex) => _results[nodeIndex][podIndex];

        public IReadOnlyList<PrepullResult> Results() => _results.SelectMany(r => r).Where(r => r is not null).Select(r => r!).ToArray();

        public void OnPodEvent(WatchEventKind type, WatchedObject pod)
        {
            if (pod.Name is { } name && _waiters.TryGetValue(name, out var waiter))
            {
                waiter.Observe(type, pod);
            }
        }

        public void OnNodeEvent(WatchEventKind type, WatchedObject node)
        {
            if (type == WatchEventKind.Deleted && node.Name is { } name)
            {
                Vanish(name);
            }
        }

        public void OnNodeList(IReadOnlyList<WatchedObject> nodes)
        {
            var present = new HashSet<string>(nodes.Select(n => n.Name ?? string.Empty), StringComparer.Ordinal);
            foreach (var node in Plan.Nodes.Select(n => n.NodeName).Where(n => !present.Contains(n)))
            {
                Vanish(node);
            }
        }

        private void Vanish(string node)
        {
            _gone[node] = true;
            foreach (var waiter in _waiters.Values.Where(w => string.Equals(w.NodeName, node, StringComparison.Ordinal)))
            {
                waiter.NodeVanished();
            }
        }
    }
}
