namespace RspAdmin.Sandbox.Scenario;

/// <summary>A node (or, with <see cref="Count"/>, a set of nodes named <c>{name}1..{name}N</c>).</summary>
public sealed class ScenarioNode
{
    public string Name { get; set; } = string.Empty;

    public int? Count { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public List<ScenarioTaint> Taints { get; set; } = [];

    /// <summary>Images already in the node's cache.</summary>
    public List<ScenarioImage> Images { get; set; } = [];

    /// <summary>Overrides the scenario's default pull latency.</summary>
    public double? PullLatencySeconds { get; set; }

    /// <summary>The kubelet's nodeStatusMaxImages (default 50; -1: no cap).</summary>
    public int? NodeStatusMaxImages { get; set; }

    /// <summary>Fault: the node vanishes this many seconds after the sandbox starts.</summary>
    public double? VanishAfterSeconds { get; set; }

    /// <summary>Fault: the node vanishes after completing this many pulls.</summary>
    public int? VanishAfterPulls { get; set; }
}
