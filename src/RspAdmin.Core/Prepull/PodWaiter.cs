
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
    private readonly List<(WatchEventKind Type, WatchedObject Pod)> _early = new();
    private string? _uid;
    private string? _phase;
    private string? _waiting;
    private string _lastState = "not created";

    public PodWaiter(string podName, string nodeName)
    {
        PodName = podName;
        NodeName = nodeName;
    }

    public string PodName { get; }

    public string NodeName { get; }

    /// <summary>Completes with the outcome and its reason.</summary>
    public TaskCompletionSource<(PrepullOutcome Outcome, string? Reason)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The last state seen, for a timeout's reason (put into words only when asked).</summary>
    public string LastState
    {
        get
        {
            lock (_gate)
            {
                return _phase is null ? _lastState : Describe(_phase, _waiting);
            }
        }
    }

    public void Created(string? uid)
    {
        lock (_gate)
        {
            _uid = uid ?? string.Empty;
            _lastState = "created";
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

    public void Observe(WatchEventKind type, WatchedObject pod)
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

    private void Apply(WatchEventKind type, WatchedObject pod)
    {
        if (type == WatchEventKind.Deleted)
        {
            var (ended, reason) = Evaluate(pod);
            Done.TrySetResult(ended == PrepullOutcome.Pulled
                ? (PrepullOutcome.Pulled, null)
                : (PrepullOutcome.Failed, $"The pod was deleted by someone else ({reason ?? Describe(pod)})."));
            return;
        }

        var (outcome, why) = Evaluate(pod);
        _phase = pod.Status?.Phase ?? "Unknown";
        _waiting = FirstWaitingReason(pod);
        if (outcome is not null)
        {
            Done.TrySetResult((outcome.Value, why));
        }
    }

    /// <summary>How the pod ended (with the reason put into words), or null while it has not.</summary>
    internal static (PrepullOutcome? Outcome, string? Reason) Evaluate(WatchedObject pod)
    {
        var status = pod.Status;
        switch (status?.Phase)
        {
            case "Succeeded":
                return (PrepullOutcome.Pulled, null);
            case "Failed":
                WatchedContainerEnd? terminated = null;
                foreach (var container in status.ContainerStatuses ?? [])
                {
                    if (container.State?.Terminated is { } t)
                    {
                        terminated = t;
                        break;
                    }
                }

                var reason = terminated is not null
                    ? $"{terminated.Reason ?? "Error"} (exit code {terminated.ExitCode ?? 0}){(string.IsNullOrEmpty(terminated.Message) ? string.Empty : ": " + terminated.Message)}"
                    : $"{status.Reason ?? "Failed"}{(string.IsNullOrEmpty(status.Message) ? string.Empty : ": " + status.Message)}";
                return (PrepullOutcome.Failed, reason);
        }

        foreach (var container in status?.ContainerStatuses ?? [])
        {
            var waiting = container.State?.Waiting;
            if (waiting?.Reason is { } waitingReason && PullFailures.Contains(waitingReason))
            {
                return (PrepullOutcome.Failed, string.IsNullOrEmpty(waiting.Message) ? waitingReason : $"{waitingReason}: {waiting.Message}");
            }
        }

        return (null, null);
    }

    private static string? FirstWaitingReason(WatchedObject pod)
    {
        foreach (var container in pod.Status?.ContainerStatuses ?? [])
        {
            if (container.State?.Waiting?.Reason is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    private static string Describe(string phase, string? waiting) => waiting is null ? phase : $"{phase}, {waiting}";

    private static string Describe(WatchedObject pod) => Describe(pod.Status?.Phase ?? "Unknown", FirstWaitingReason(pod));
}
