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

    /// <summary>
    /// Time allowed for one registry call with all its retries and pauses (each attempt gets a third of it, at
    /// least 1 second and at most the client's default); null for the client's defaults. When it runs out the call fails with <c>Registry.Timeout</c>.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Called before each retry with a one-line notice (what failed, when the next try is).</summary>
    public Action<string>? RetryNotice { get; init; }

    /// <summary>A copy that reports each request to <paramref name="requestLog"/>.</summary>
    public RegistryAccess WithRequestLog(Action<HttpRequestLogEntry> requestLog) => new()
    {
        Credential = Credential,
        AllowInsecure = AllowInsecure,
        DockerConfigPath = DockerConfigPath,
        RequestLog = requestLog,
        Timeout = Timeout,
        RetryNotice = RetryNotice,
    };

    /// <summary>Creates a client for one registry host.</summary>
    public RegistryClient CreateClient(string registry) => new(new RegistryClientOptions
    {
        Registry = registry,
        Credential = Credential,
        DockerConfigPath = DockerConfigPath,
        AllowInsecure = AllowInsecure,
        RequestLog = RequestLog,
        RetryNotice = RetryNotice,
        TotalTimeout = Timeout,
        RequestTimeout = AttemptTimeout(Timeout),
    });

    // A third of the budget per attempt (at least 1 s, at most the client's default), so that a server that
    // never answers is retried, visibly, before the budget runs out.
    private static TimeSpan AttemptTimeout(TimeSpan? budget)
    {
        if (budget is not { } total)
        {
            return DefaultRequestTimeout;
        }

        var third = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, total.Ticks / 3));
        return third < DefaultRequestTimeout ? third : DefaultRequestTimeout;
    }

    private static readonly TimeSpan DefaultRequestTimeout = new RegistryClientOptions { Registry = "localhost" }.RequestTimeout;
}
