using RspAdmin.Core.Images;

namespace RspAdmin.Core.Prepull;

/// <summary>What happened to one (node, image) pull.</summary>
public sealed class PrepullResult
{
    private readonly PrepullOutcome _outcome;

    internal PrepullResult(PrepullPodPlan pod, PrepullOutcome outcome, string? reason, TimeSpan duration)
    {
        Pod = pod;
        _outcome = outcome;
        Reason = reason;
        Duration = duration;
    }

    /// <summary>The node.</summary>
    public string NodeName => Pod.NodeName;

    /// <summary>The tag.</summary>
    public string Tag => Pod.Tag;

    /// <summary>
    /// The outcome by name (Pulled, Failed, TimedOut, NodeVanished), as ConvertTo-Json and Export-Csv write it;
    /// <see cref="GetOutcome"/> gives the enumeration value.
    /// </summary>
    public string Outcome => _outcome.ToString();

    /// <summary>The outcome as an enumeration value (for code; <see cref="Outcome"/> is its name).</summary>
    public PrepullOutcome GetOutcome() => _outcome;

    /// <summary>Why the pull did not succeed (the kubelet's reason and message, the pod's last state), or null.</summary>
    public string? Reason { get; }

    /// <summary>From pod creation to the end of the wait.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The image.</summary>
    public LabImage Image => Pod.Image;

    /// <summary>The reference pulled.</summary>
    public string Reference => Pod.Reference;

    /// <summary>The pod name.</summary>
    public string PodName => Pod.PodName;

    /// <summary>The planned pod.</summary>
    public PrepullPodPlan Pod { get; }

    public override string ToString() => $"{NodeName} {Tag}: {Outcome}{(Reason is null ? string.Empty : " (" + Reason + ")")}";
}
