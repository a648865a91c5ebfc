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
    public ScenarioPhalanx? Phalanx { get; set; }

    public ScenarioArgoCd? ArgoCd { get; set; }

    public ScenarioGafaelfawr? Gafaelfawr { get; set; }

    public ScenarioVault? Vault { get; set; }

    public ScenarioMobu? Mobu { get; set; }

    public ScenarioLabNamespaces? LabNamespaces { get; set; }

    public ScenarioPostgres? Postgres { get; set; }
}
