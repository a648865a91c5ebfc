namespace RspAdmin.Sandbox.Scenario;

/// <summary>A repository to seed: one small distinct image per tag, alias tags sharing another tag's manifest, and the sizes nodes report.</summary>
public sealed class ScenarioRepository
{
    public string Name { get; set; } = string.Empty;

    public List<string> Tags { get; set; } = [];

    /// <summary>Alias tag → target tag (the alias gets the target's manifest, so the same digest).</summary>
    public Dictionary<string, string> Aliases { get; set; } = [];

    /// <summary>The size nodes report for this repository's images (default: the manifest's layer sizes).</summary>
    public long? SizeBytes { get; set; }

    /// <summary>Per-tag sizes, overriding <see cref="SizeBytes"/>.</summary>
    public Dictionary<string, long> TagSizes { get; set; } = [];
}
