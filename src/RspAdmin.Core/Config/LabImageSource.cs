namespace RspAdmin.Core.Config;

/// <summary>
/// The registry the lab images come from (<c>images.source</c>): a Docker registry and repository,
/// or a Google Artifact Registry image.
/// </summary>
public sealed class LabImageSource
{
    private LabImageSource(LabImageSourceType type, string registry, string repository)
    {
        Kind = type;
        Registry = registry;
        Repository = repository;
    }

    /// <summary>
    /// Docker registry or Google Artifact Registry, by name (Docker, Google), as ConvertTo-Json and Export-Csv write
    /// it; <see cref="GetKind"/> gives the enumeration value.
    /// </summary>
    public string Type => Kind.ToString();

    /// <summary>The source's type as an enumeration value (for code; <see cref="Type"/> is its name).</summary>
    public LabImageSourceType GetKind() => Kind;

    /// <summary>The source's type as an enumeration value.</summary>
    internal LabImageSourceType Kind { get; }

    /// <summary>Registry host and optional port; for Google, <c>{location}-docker.pkg.dev</c>.</summary>
    public string Registry { get; }

    /// <summary>Repository path in the registry; for Google, <c>{projectId}/{repository}/{image}</c>.</summary>
    public string Repository { get; }

    /// <summary>Google: the region or multi-region (<c>us-central1</c>).</summary>
    public string? Location { get; private init; }

    /// <summary>Google: the Cloud project.</summary>
    public string? ProjectId { get; private init; }

    /// <summary>Google: the Artifact Registry repository (the Google sense of the word).</summary>
    public string? GoogleRepository { get; private init; }

    /// <summary>Google: the image name inside the Artifact Registry repository.</summary>
    public string? Image { get; private init; }

    /// <summary>Docker: the path of the registry credentials file, when configured.</summary>
    public string? CredentialsPath { get; private init; }

    /// <summary>Google: the parent of image listings, <c>projects/{projectId}/locations/{location}/repositories/{repository}</c>.</summary>
    public string? GoogleParent =>
        Kind == LabImageSourceType.Google ? $"projects/{ProjectId}/locations/{Location}/repositories/{GoogleRepository}" : null;

    /// <summary>A Docker registry source. The registry defaults to <c>docker.io</c>.</summary>
    public static LabImageSource Docker(string repository, string registry = "docker.io", string? credentialsPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(registry);
        return new LabImageSource(LabImageSourceType.Docker, registry, repository) { CredentialsPath = credentialsPath };
    }

    /// <summary>A Google Artifact Registry source.</summary>
    public static LabImageSource Google(string location, string projectId, string repository, string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        return new LabImageSource(LabImageSourceType.Google, $"{location}-docker.pkg.dev", $"{projectId}/{repository}/{image}")
        {
            Location = location,
            ProjectId = projectId,
            GoogleRepository = repository,
            Image = image,
        };
    }

    public override string ToString() =>
        Kind == LabImageSourceType.Docker ? $"docker {Registry}/{Repository}" : $"google {Registry}/{Repository}";
}
