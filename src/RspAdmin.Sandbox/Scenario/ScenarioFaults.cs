namespace RspAdmin.Sandbox.Scenario;

/// <summary>Faults to inject: API errors and pods the kubelets never start. Node faults are on the nodes.</summary>
public sealed class ScenarioFaults
{
    public List<ScenarioApiFault> Api { get; set; } = [];

    /// <summary>Glob patterns (<c>name</c> or <c>namespace/name</c>) of pods that stay Pending.</summary>
    public List<string> PendingPods { get; set; } = [];
}
