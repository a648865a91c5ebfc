using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using RspAdmin.Core.Http;
using RspAdmin.Core.Registry;

namespace RspAdmin.Testing;

/// <summary>
/// Debian's <c>docker-registry serve</c> on 127.0.0.1 with a free port and a temporary storage directory
/// (deletes enabled), open, behind htpasswd Basic authentication, or behind a <see cref="TokenService"/>.
/// Dispose stops the process tree and removes the directory; registries still running when the process exits
/// are stopped too.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    private const string Executable = "docker-registry";
    private static readonly ConcurrentDictionary<LocalRegistry, bool> Running = new();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private bool _disposed;

    static LocalRegistry()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var registry in Running.Keys)
            {
                registry.Dispose();
            }
        };
    }

    private LocalRegistry(Process process, ConcurrentQueue<string> output, int port, string directory, LocalRegistryAuthMode mode, NetworkCredential? credential, TokenService? tokenService)
    {
        _process = process;
        _output = output;
        Port = port;
        Directory = directory;
        AuthMode = mode;
        Credential = credential;
        TokenService = tokenService;
        Running[this] = true;
    }

    /// <summary>The full path of <c>docker-registry</c> on PATH, or null when it is not installed.</summary>
    public static string? ExecutablePath => FindOnPath(Executable);

    /// <summary>True when <c>docker-registry</c> is on PATH.</summary>
    public static bool IsInstalled => ExecutablePath is not null;

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, the registry for <see cref="RegistryClientOptions.Registry"/>.</summary>
    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The temporary directory (configuration, storage, htpasswd, certificate).</summary>
    public string Directory { get; }

    /// <summary>How clients authenticate.</summary>
    public LocalRegistryAuthMode AuthMode { get; }

    /// <summary>The credentials of the Basic and Token modes; null when open.</summary>
    public NetworkCredential? Credential { get; }

    /// <summary>The token service of the Token mode; null otherwise.</summary>
    public TokenService? TokenService { get; }

    /// <summary>The registry's recent log lines, for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Starts a registry and waits until it answers <c>GET /v2/</c>.</summary>
    /// <exception cref="InvalidOperationException"><c>docker-registry</c> is not installed, or did not start.</exception>
    public static async Task<LocalRegistry> StartAsync(LocalRegistryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalRegistryOptions();
        var executable = ExecutablePath ?? throw new InvalidOperationException("docker-registry is not installed (Debian package docker-registry).");
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

            // A free port can be taken between probing and binding: try a few.
            for (var attempt = 1; ; attempt++)
            {
                var port = options.Port > 0 ? options.Port : FreePort();
                var config = Path.Combine(directory, "config.yml");
                await File.WriteAllTextAsync(config, Configuration(directory, port, auth), cancellationToken).ConfigureAwait(false);
                var output = new ConcurrentQueue<string>();
                var process = StartProcess(executable, config, output);
                var registry = new LocalRegistry(process, output, port, directory, options.AuthMode, credential, tokenService);
                try
                {
                    await registry.WaitUntilReadyAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
                    return registry;
                }
                catch (InvalidOperationException) when (attempt < 3 && options.Port == 0 && registry.RecentOutput.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    registry.StopProcess();
                }
                catch
                {
                    registry.StopProcess();
                    throw;
                }
            }
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
        Running.TryRemove(this, out _);
        StopProcess();
        TokenService?.Dispose();
        TryDeleteDirectory(Directory);
    }

    private void StopProcess()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }

        _process.Dispose();
        Running.TryRemove(this, out _);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode}: {RecentOutput}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://{Address}/v2/"), limit.Token).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"docker-registry did not answer GET /v2/ within {timeout.TotalSeconds} s: {RecentOutput}");
            }

            try
            {
                await Task.Delay(20, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"docker-registry did not answer GET /v2/ within {timeout.TotalSeconds} s: {RecentOutput}");
            }
        }
    }

    private static string Configuration(string directory, int port, string auth) =>
        "version: 0.1\n"
        + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
        + $"storage:\n  filesystem:\n    rootdirectory: {Path.Combine(directory, "data")}\n  delete:\n    enabled: true\n  cache:\n    blobdescriptor: inmemory\n"
        + $"http:\n  addr: 127.0.0.1:{port}\n  secret: local-test-registry\n"
        + auth;

    private static Process StartProcess(string executable, string config, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = new Process { StartInfo = start };
        void Keep(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            while (output.Count > 40 && output.TryDequeue(out _))
            {
            }
        }

        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> CreateHtpasswdAsync(NetworkCredential credential, CancellationToken cancellationToken)
    {
        var htpasswd = FindOnPath("htpasswd") ?? throw new InvalidOperationException("htpasswd is not installed (Debian package apache2-utils).");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RandomPassword() => "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, program))
        .FirstOrDefault(File.Exists);

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
