namespace RspAdmin.RegistryHarness;

/// <summary>One tag of a seeded lab image repository.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Kind">The manifest form (an alias has its target's form).</param>
/// <param name="AliasOf">For an alias (e.g. <c>recommended</c>): the tag whose manifest it shares, so the digest is the same.</param>
/// <param name="Architecture">The image architecture (<c>amd64</c> unless an <c>-arm64</c> variant).</param>
/// <param name="Children">For an index: the tags of its per-architecture manifests.</param>
public sealed record LabSeedTag(
    string Tag,
    SeedManifestKind Kind,
    string? AliasOf = null,
    string Architecture = "amd64",
    IReadOnlyList<string>? Children = null);
