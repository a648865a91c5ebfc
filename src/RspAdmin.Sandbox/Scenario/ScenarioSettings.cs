namespace RspAdmin.Sandbox.Scenario;

/// <summary>Timing and capacity settings of the simulation.</summary>
public sealed class ScenarioSettings
{
    /// <summary>How long a deleted namespace stays Terminating before it and its contents are removed.</summary>
    public double NamespaceTerminationSeconds { get; set; } = 1;

    /// <summary>The first image pull back-off; doubled per failed pull up to <see cref="ImagePullBackOffMaxSeconds"/>.</summary>
    public double ImagePullBackOffSeconds { get; set; } = 1;

    public double ImagePullBackOffMaxSeconds { get; set; } = 10;

    /// <summary>How long a run-to-completion container runs.</summary>
    public double ContainerRunSeconds { get; set; } = 0.05;

    /// <summary>The default per-node pull latency.</summary>
    public double PullLatencySeconds { get; set; } = 0.2;

    /// <summary>How many store events are kept for watches that resume from a resourceVersion.</summary>
    public int EventLogCapacity { get; set; } = 50_000;

    /// <summary>How long a Deployment takes to become ready after it is created or changed.</summary>
    public double DeploymentReadySeconds { get; set; } = 0.2;
}
