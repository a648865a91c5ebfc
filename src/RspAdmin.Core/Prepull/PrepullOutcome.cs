namespace RspAdmin.Core.Prepull;

/// <summary>How one prepull pod ended.</summary>
public enum PrepullOutcome
{
    /// <summary>The image was pulled and the pod ran to completion.</summary>
    Pulled,

    /// <summary>The pull failed (an unknown image, a refused pull, a failed container, a refused pod).</summary>
    Failed,

    /// <summary>The pod did not finish within the timeout.</summary>
    TimedOut,

    /// <summary>The node left the cluster before the pull ended (or before it started).</summary>
    NodeVanished,
}
