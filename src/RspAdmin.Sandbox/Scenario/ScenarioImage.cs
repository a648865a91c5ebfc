namespace RspAdmin.Sandbox.Scenario;

/// <summary>
/// An image in a node's cache: either <see cref="Ref"/>, <c>repository:tag</c> in the scenario's registry (the node
/// then reports <c>registry/repository@digest</c> and <c>registry/repository:tag</c>), or literal <see cref="Names"/>.
/// </summary>
public sealed class ScenarioImage
{
    public string? Ref { get; set; }

    public List<string> Names { get; set; } = [];

    /// <summary>The size the node reports (default: the repository's size, or the manifest's layer sizes).</summary>
    public long? SizeBytes { get; set; }
}
