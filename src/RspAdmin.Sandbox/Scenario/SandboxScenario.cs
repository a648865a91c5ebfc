namespace RspAdmin.Sandbox.Scenario;

/// <summary>
/// A sandbox scenario (YAML, camelCase keys): the registry, namespaces, nodes and faults to rehearse against.
/// The format is described in the project's README beside this file.
/// </summary>
public sealed class SandboxScenario
{
    public ScenarioSettings Settings { get; set; } = new();

    public ScenarioRegistry? Registry { get; set; }

    public List<string> Namespaces { get; set; } = [];

    public List<ScenarioNode> Nodes { get; set; } = [];

    public ScenarioFaults Faults { get; set; } = new();

    /// <summary>Kubernetes objects (manifests) created at start, after the namespaces.</summary>
    public List<Dictionary<string, object>> Objects { get; set; } = [];
}
