namespace RspAdmin.RegistryHarness;

/// <summary>The manifest form a seeded tag is stored in.</summary>
public enum SeedManifestKind
{
    /// <summary>Docker image manifest, schema 2.</summary>
    DockerManifest,

    /// <summary>OCI image manifest.</summary>
    OciManifest,

    /// <summary>Multi-architecture OCI image index over the <c>-amd64</c> and <c>-arm64</c> tags.</summary>
    OciIndex,
}
