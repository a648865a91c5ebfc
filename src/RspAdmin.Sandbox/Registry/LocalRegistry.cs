using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RspAdmin.Sandbox.Registry;

/// <summary>
/// Debian's <c>docker-registry</c> (distribution 2.8) run on 127.0.0.1 with a free port and storage in a
/// temporary directory, deletes enabled, no auth. Disposing stops the process and removes the directory.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private LocalRegistry(Process process, string root, string address)
    {
        _process = process;
        _root = root;
        Address = address;
    }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address { get; }

    /// <summary>The path of the docker-registry executable on PATH, or null when it is not installed.</summary>
    public static string? FindExecutable()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "docker-registry");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<LocalRegistry> StartAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var executable = FindExecutable()
            ?? throw new SandboxException("Sandbox.RegistryUnavailable", "The scenario asks to start a registry, but 'docker-registry' is not installed (Debian package docker-registry).");
        var root = Directory.CreateTempSubdirectory("rspadmin-sandbox-registry-").FullName;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var address = $"127.0.0.1:{port}";
            var config = Path.Combine(root, "config.yml");
            await File.WriteAllTextAsync(config, $"""
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: {Path.Combine(root, "data")}
                  delete:
                    enabled: true
                  cache:
                    blobdescriptor: inmemory
                http:
                  addr: {address}
                  secret: sandbox-not-secret
                """, cancellationToken).ConfigureAwait(false);
            var start = new ProcessStartInfo(executable)
            {
                ArgumentList = { "serve", config },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            var process = Process.Start(start) ?? throw new SandboxException("Sandbox.RegistryUnavailable", "docker-registry did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var registry = new LocalRegistry(process, root, address);
            if (await registry.WaitReadyAsync(http, cancellationToken).ConfigureAwait(false))
            {
                return registry;
            }

            await registry.StopProcessAsync().ConfigureAwait(false);
            if (attempt >= 2)
            {
                Directory.Delete(root, recursive: true);
                throw new SandboxException("Sandbox.RegistryUnavailable", $"docker-registry did not answer on {address}.");
            }
        }
    }

    private async Task<bool> WaitReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync($"http://{Address}/v2/", cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(25, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private async Task StopProcessAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
