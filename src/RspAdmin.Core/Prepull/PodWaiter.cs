using k8s;
using k8s.Models;

namespace RspAdmin.Core.Prepull;

/// <summary>
/// Waits for one prepull pod to end, fed by the shared pod watch. Events that arrive before the
/// pod's uid is known (the watch can be faster than the create answer) are kept and replayed, and
/// events of an older pod of the same name are ignored.
/// </summary>
internal sealed class PodWaiter
{
    private static readonly HashSet<string> PullFailures = new(StringComparer.Ordinal)
    {
        "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable",
    };

    private readonly object _gate = new();
    private readonly List<(WatchEventType Type, V1Pod Pod)> _early = new();
    private string? _uid;

    public PodWaiter(string podName, string nodeName)
    {
        PodName = podName;
        NodeName = nodeName;
    }

    public string PodName { get; }

    public string NodeName { get; }

    /// <summary>Completes with the outcome and its reason.</summary>
    public TaskCompletionSource<(PrepullOutcome Outcome, string? Reason)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The last state seen, for a timeout's reason.</summary>
    public string LastState { get; private set; } = "not created";

    public void Created(string? uid)
    {
        lock (_gate)
        {
            _uid = uid ?? string.Empty;
            LastState = "created";
            foreach (var (type, pod) in _early)
            {
                if (uid is null || string.Equals(pod.Metadata?.Uid, uid, StringComparison.Ordinal))
                {
                    Apply(type, pod);
                }
            }

            _early.Clear();
        }
    }

    public void Observe(WatchEventType type, V1Pod pod)
    {
        lock (_gate)
        {
            if (_uid is null)
            {
                _early.Add((type, pod));
                return;
            }

            if (_uid.Length > 0 && !string.Equals(pod.Metadata?.Uid, _uid, StringComparison.Ordinal))
            {
                return;
            }

            Apply(type, pod);
        }
    }

    public void NodeVanished() => Done.TrySetResult((PrepullOutcome.NodeVanished, $"Node {NodeName} left the cluster while pulling ({LastState})."));

    private void Apply(WatchEventType type, V1Pod pod)
    {
        if (type == WatchEventType.Deleted)
        {
            var (ended, reason, _) = Evaluate(pod);
            Done.TrySetResult(ended == PrepullOutcome.Pulled
                ? (PrepullOutcome.Pulled, null)
                : (PrepullOutcome.Failed, $"The pod was deleted by someone else ({reason ?? Describe(pod)})."));
            return;
        }

        var (outcome, why, state) = Evaluate(pod);
        LastState = state;
        if (outcome is not null)
        {
            Done.TrySetResult((outcome.Value, why));
        }
    }

    internal static (PrepullOutcome? Outcome, string? Reason, string State) Evaluate(V1Pod pod)
    {
        var phase = pod.Status?.Phase ?? "Unknown";
        switch (phase)
        {
            case "Succeeded":
                return (PrepullOutcome.Pulled, null, phase);
            case "Failed":
                var terminated = pod.Status?.ContainerStatuses?.Select(c => c.State?.Terminated).FirstOrDefault(t => t is not null);
                var reason = terminated is not null
                    ? $"{terminated.Reason ?? "Error"} (exit code {terminated.ExitCode}){(string.IsNullOrEmpty(terminated.Message) ? string.Empty : ": " + terminated.Message)}"
                    : $"{pod.Status?.Reason ?? "Failed"}{(string.IsNullOrEmpty(pod.Status?.Message) ? string.Empty : ": " + pod.Status!.Message)}";
                return (PrepullOutcome.Failed, reason, phase);
        }

        foreach (var status in pod.Status?.ContainerStatuses ?? Enumerable.Empty<V1ContainerStatus>())
        {
            var waiting = status.State?.Waiting;
            if (waiting?.Reason is { } waitingReason && PullFailures.Contains(waitingReason))
            {
                return (PrepullOutcome.Failed, string.IsNullOrEmpty(waiting.Message) ? waitingReason : $"{waitingReason}: {waiting.Message}", $"{phase}, {waitingReason}");
            }
        }

        return (null, null, Describe(pod));
    }

    private static string Describe(V1Pod pod)
    {
        var phase = pod.Status?.Phase ?? "Unknown";
        var waiting = pod.Status?.ContainerStatuses?.Select(c => c.State?.Waiting?.Reason).FirstOrDefault(r => r is not null);
        return waiting is null ? phase : $"{phase}, {waiting}";
    }
}
