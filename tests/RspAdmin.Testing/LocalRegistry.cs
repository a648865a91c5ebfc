using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using RspAdmin.Core.Http;
using RspAdmin.Core.Registry;
using RspAdmin.RegistryHarness;

namespace RspAdmin.Testing;

/// <summary>
/// Debian's <c>docker-registry</c> on loopback (<see cref="DockerRegistryProcess"/>, the one launcher the
/// sandbox uses too) with a temporary storage directory, open, behind htpasswd Basic authentication, or
/// behind a <see cref="TokenService"/>. Dispose stops the process tree and removes the directory.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly DockerRegistryProcess _process;
    private bool _disposed;

    private LocalRegistry(DockerRegistryProcess process, string directory, LocalRegistryAuthMode mode, NetworkCredential? credential, TokenService? tokenService)
    {
        _process = process;
        Directory = directory;
        AuthMode = mode;
        Credential = credential;
        TokenService = tokenService;
    }

    /// <summary>The full path of <c>docker-registry</c> on PATH, or null when it is not installed.</summary>
    public static string? ExecutablePath => DockerRegistryProcess.ExecutablePath;

    /// <summary>True when <c>docker-registry</c> is on PATH.</summary>
    public static bool IsInstalled => DockerRegistryProcess.IsInstalled;

    /// <summary>The port.</summary>
    public int Port => _process.Port;

    /// <summary><c>127.0.0.1:port</c>, the registry for <see cref="RegistryClientOptions.Registry"/>.</summary>
    public string Address => _process.Address;

    /// <summary>The temporary directory (configuration, storage, htpasswd, certificate).</summary>
    public string Directory { get; }

    /// <summary>How clients authenticate.</summary>
    public LocalRegistryAuthMode AuthMode { get; }

    /// <summary>The credentials of the Basic and Token modes; null when open.</summary>
    public NetworkCredential? Credential { get; }

    /// <summary>The token service of the Token mode; null otherwise.</summary>
    public TokenService? TokenService { get; }

    /// <summary>The registry's recent log lines, for failure messages.</summary>
    public string RecentOutput => _process.RecentOutput;

    /// <summary>Starts a registry and waits until it answers <c>GET /v2/</c>.</summary>
    /// <exception cref="InvalidOperationException"><c>docker-registry</c> is not installed, or did not start.</exception>
    public static async Task<LocalRegistry> StartAsync(LocalRegistryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalRegistryOptions();
        _ = ExecutablePath ?? throw new InvalidOperationException("docker-registry is not installed (Debian package docker-registry).");
        var directory = Path.Combine(Path.GetTempPath(), "rsp-registry-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "data"));
        TokenService? tokenService = null;
        try
        {
            NetworkCredential? credential = null;
            var auth = string.Empty;
            if (options.AuthMode != LocalRegistryAuthMode.None)
            {
                credential = new NetworkCredential(options.UserName, options.Password ?? RandomPassword());
            }

            if (options.AuthMode == LocalRegistryAuthMode.Basic)
            {
                var htpasswd = Path.Combine(directory, "htpasswd");
                await File.WriteAllTextAsync(htpasswd, await CreateHtpasswdAsync(credential!, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                auth = $"auth:\n  htpasswd:\n    realm: rsp-test\n    path: {htpasswd}\n";
            }
            else if (options.AuthMode == LocalRegistryAuthMode.Token)
            {
                tokenService = new TokenService { Credential = credential, AllowAnonymousPull = options.AllowAnonymousPull };
                var certificate = Path.Combine(directory, "token-cert.pem");
                await File.WriteAllTextAsync(certificate, tokenService.CertificatePem, cancellationToken).ConfigureAwait(false);
                auth = $"auth:\n  token:\n    realm: {tokenService.Realm}\n    service: {tokenService.Service}\n    issuer: {tokenService.Issuer}\n    rootcertbundle: {certificate}\n";
            }

            var process = await DockerRegistryProcess.StartAsync(directory, auth, options.Port, options.StartTimeout, cancellationToken).ConfigureAwait(false);
            return new LocalRegistry(process, directory, options.AuthMode, credential, tokenService);
        }
        catch
        {
            tokenService?.Dispose();
            TryDeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>A client for this registry, with its credentials unless <paramref name="withCredentials"/> is false.</summary>
    public RegistryClient CreateClient(bool withCredentials = true, Action<HttpRequestLogEntry>? requestLog = null, int maxRetries = 2) =>
        new(new RegistryClientOptions
        {
            Registry = Address,
            Credential = withCredentials ? Credential : null,
            UseDockerConfig = false,
            RequestLog = requestLog,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        });

    /// <summary>Stops the registry (the whole process tree) and removes its directory.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _process.Dispose();
        TokenService?.Dispose();
        TryDeleteDirectory(Directory);
    }

    private static async Task<string> CreateHtpasswdAsync(NetworkCredential credential, CancellationToken cancellationToken)
    {
        var htpasswd = DockerRegistryProcess.FindOnPath("htpasswd") ?? throw new InvalidOperationException("htpasswd is not installed (Debian package apache2-utils).");
        var start = new ProcessStartInfo(htpasswd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-Bbn", credential.UserName, credential.Password })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("htpasswd did not start.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        var text = await process.StandardOutput.ReadToEndAsync(limit.Token).ConfigureAwait(false);
        await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        if (process.ExitCode != 0 || !text.StartsWith(credential.UserName + ":", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"htpasswd failed with exit code {process.ExitCode}.");
        }

        return text.Trim() + "\n";
    }

    private static string RandomPassword() => "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort: the temporary folder is cleaned by the system eventually
        }
    }
}
