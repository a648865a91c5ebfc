namespace RspAdmin.Core.Registry;

/// <summary>The manifest media types the client asks for and understands.</summary>
public static class ManifestMediaTypes
{
    /// <summary>Docker image manifest, schema 2.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>Docker manifest list (multi-architecture).</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>OCI image manifest.</summary>
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>OCI image index (multi-architecture).</summary>
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>The Accept header value sent on every manifest request: all four types, none preferred.</summary>
    public const string AcceptHeader = DockerManifest + ", " + DockerManifestList + ", " + OciManifest + ", " + OciIndex;

    /// <summary>All four media types.</summary>
    public static IReadOnlyList<string> All { get; } = [DockerManifest, DockerManifestList, OciManifest, OciIndex];
}
