using System.Net;
using RspAdmin.Core.Http;
using RspAdmin.Core.Registry;

namespace RspAdmin.Core.Images;

/// <summary>
/// How to reach registries: explicit credentials (else the Docker configuration), whether plain
/// HTTP or unverified TLS is allowed for non-loopback hosts, and where to report each request.
/// </summary>
public sealed class RegistryAccess
{
    /// <summary>Credentials for the registry; when null, the Docker configuration is consulted.</summary>
    public NetworkCredential? Credential { get; init; }

    /// <summary>Allow plain HTTP and unverified certificates for hosts that are not loopback.</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>A Docker config.json to read credentials from instead of the default one.</summary>
    public string? DockerConfigPath { get; init; }

    /// <summary>Called after every HTTP request (method, URL, status, time; never credentials).</summary>
    public Action<HttpRequestLogEntry>? RequestLog { get; init; }

    /// <summary>A copy that reports each request to <paramref name="requestLog"/>.</summary>
    public RegistryAccess WithRequestLog(Action<HttpRequestLogEntry> requestLog) => new()
    {
        Credential = Credential,
        AllowInsecure = AllowInsecure,
        DockerConfigPath = DockerConfigPath,
        RequestLog = requestLog,
    };

    /// <summary>Creates a client for one registry host.</summary>
    public RegistryClient CreateClient(string registry) => new(new RegistryClientOptions
    {
        Registry = registry,
        Credential = Credential,
        DockerConfigPath = DockerConfigPath,
        AllowInsecure = AllowInsecure,
        RequestLog = RequestLog,
    });
}
