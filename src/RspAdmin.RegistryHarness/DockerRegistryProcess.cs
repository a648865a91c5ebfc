using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RspAdmin.RegistryHarness;

/// <summary>
/// Debian's <c>docker-registry serve</c> on 127.0.0.1 with a free port (or a given one) and storage under a
/// directory of the caller (deletes enabled), with an optional <c>auth:</c> section. Ready once it answers
/// <c>GET /v2/</c> (200, or 401 behind authentication). Dispose stops the process tree; processes still running
/// when this process exits are stopped too. The caller owns the directory.
/// </summary>
public sealed class DockerRegistryProcess : IDisposable
{
    private const string Executable = "docker-registry";
    private static readonly ConcurrentDictionary<DockerRegistryProcess, bool> Running = new();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private bool _disposed;

    static DockerRegistryProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var registry in Running.Keys)
            {
                registry.Dispose();
            }
        };
    }

    private DockerRegistryProcess(Process process, ConcurrentQueue<string> output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
        Running[this] = true;
    }

    /// <summary>The full path of <c>docker-registry</c> on PATH, or null when it is not installed.</summary>
    public static string? ExecutablePath => FindOnPath(Executable);

    /// <summary>True when <c>docker-registry</c> is on PATH.</summary>
    public static bool IsInstalled => ExecutablePath is not null;

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The registry's recent log lines, for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// Starts a registry storing under <paramref name="directory"/> (its <c>config.yml</c> and <c>data/</c>) and
    /// waits until it answers. A free port can be taken between probing and binding, so a few are tried.
    /// </summary>
    /// <param name="directory">Where the configuration and the storage go.</param>
    /// <param name="auth">The <c>auth:</c> section of the configuration, or empty for an open registry.</param>
    /// <param name="port">A fixed port on 127.0.0.1, or 0 for a free one.</param>
    /// <param name="startTimeout">How long to wait for the registry to answer (20 s when null).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException"><c>docker-registry</c> is not installed, or did not start in time.</exception>
    public static async Task<DockerRegistryProcess> StartAsync(string directory, string auth = "", int port = 0, TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var executable = ExecutablePath ?? throw new InvalidOperationException("docker-registry is not installed (Debian package docker-registry).");
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        for (var attempt = 1; ; attempt++)
        {
            var chosen = port > 0 ? port : FreePort();
            var config = Path.Combine(directory, "config.yml");
            await File.WriteAllTextAsync(config, Configuration(directory, chosen, auth), cancellationToken).ConfigureAwait(false);
            var output = new ConcurrentQueue<string>();
            var registry = new DockerRegistryProcess(StartProcess(executable, config, output), output, chosen);
            try
            {
                await registry.WaitUntilReadyAsync(startTimeout ?? TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
                return registry;
            }
            catch (InvalidOperationException) when (attempt < 3 && port == 0 && registry.RecentOutput.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                registry.Dispose();
            }
            catch
            {
                registry.Dispose();
                throw;
            }
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, program))
        .FirstOrDefault(File.Exists);

    /// <summary>Stops the registry (the whole process tree).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Running.TryRemove(this, out _);
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
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
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
                throw new InvalidOperationException($"docker-registry did not answer GET /v2/ on {Address} within {timeout.TotalSeconds} s: {RecentOutput}");
            }

            try
            {
                await Task.Delay(20, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"docker-registry did not answer GET /v2/ on {Address} within {timeout.TotalSeconds} s: {RecentOutput}");
            }
        }
    }

    private static string Configuration(string directory, int port, string auth) =>
        "version: 0.1\n"
        + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
        + $"storage:\n  filesystem:\n    rootdirectory: {Path.Combine(directory, "data")}\n  delete:\n    enabled: true\n  cache:\n    blobdescriptor: inmemory\n"
        + $"http:\n  addr: 127.0.0.1:{port}\n  secret: local-registry-not-secret\n"
        + auth;

    private static Process StartProcess(string executable, string config, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
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
}
