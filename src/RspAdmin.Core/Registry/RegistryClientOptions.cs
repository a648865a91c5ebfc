using System.Net;
using RspAdmin.Core.Http;

namespace RspAdmin.Core.Registry;

/// <summary>Settings of a <see cref="RegistryClient"/>. One client talks to one registry.</summary>
public sealed class RegistryClientOptions
{
    /// <summary>
    /// The registry as <c>host[:port]</c>, e.g. <c>docker.io</c> or <c>127.0.0.1:5000</c>. Loopback hosts are
    /// reached over plain HTTP, any other host over HTTPS. An explicit <c>http://</c> or <c>https://</c> prefix
    /// is accepted; plain HTTP off loopback needs <see cref="AllowInsecure"/>.
    /// </summary>
    public required string Registry { get; init; }

    /// <summary>
    /// Credentials for this registry. When null and <see cref="UseDockerConfig"/> is set, they come from the
    /// Docker configuration. They are only sent when the registry asks (see <see cref="RegistryClient"/>).
    /// </summary>
    public NetworkCredential? Credential { get; init; }

    /// <summary>Whether to read credentials from the Docker configuration when <see cref="Credential"/> is null. Default true.</summary>
    public bool UseDockerConfig { get; init; } = true;

    /// <summary>The Docker <c>config.json</c> to read; null: <c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>.</summary>
    public string? DockerConfigPath { get; init; }

    /// <summary>How long a Docker credential helper may take. Default 10 s.</summary>
    public TimeSpan CredentialHelperTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Skip HTTPS certificate validation, and allow an explicit <c>http://</c> registry off loopback. Default false.</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>Retries after the first attempt for 429, 502, 503, 504, dropped connections and time-outs. Default 4; 0 disables.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Base of the jittered exponential back-off between retries. Default 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest pause between two attempts, also the cap on a server's <c>Retry-After</c>. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one attempt, from sending to the last byte of the response. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time allowed for one call with all its retries and pauses; null for no limit beyond the retries. When it
    /// runs out the call fails with <see cref="RegistryErrorKind.Timeout"/>.
    /// </summary>
    public TimeSpan? TotalTimeout { get; init; }

    /// <summary>Called once per HTTP exchange (including token requests and retries). Must not throw; may be called concurrently.</summary>
    public Action<HttpRequestLogEntry>? RequestLog { get; init; }

    /// <summary>Called before each retry with a one-line notice (what failed, when the next try is). Must not throw.</summary>
    public Action<string>? RetryNotice { get; init; }

    /// <summary>The clock for retry pauses and token lifetimes. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The largest response body accepted (tag lists of very large repositories). Default 64 MiB.</summary>
    public long MaxResponseBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest number of tag list pages followed. Default 10,000.</summary>
    public int MaxPages { get; init; } = 10_000;
}
