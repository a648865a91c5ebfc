namespace RspAdmin.Sandbox.Kubelet;

/// <summary>Timing of the simulated kubelets.</summary>
public sealed record KubeletSettings
{
    /// <summary>The first image pull back-off (doubled per failure up to <see cref="BackOffMax"/>).</summary>
    public TimeSpan BackOffBase { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackOffMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a run-to-completion container (<c>/bin/true</c>) runs before it exits.</summary>
    public TimeSpan RunDuration { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Glob patterns (<c>namespace/name</c> or <c>name</c>) of pods the kubelet never starts: they stay Pending.</summary>
    public IReadOnlyList<string> PendingPods { get; init; } = [];
}
