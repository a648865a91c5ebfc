using System.Diagnostics;
using System.Text;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Sandbox;

/// <summary>
/// A running RspAdmin.Sandbox: a simulated Kubernetes API (and, when its scenario asks, a local
/// registry) in a child process. Started from a scenario file; stopped by closing its input, or
/// killed when it does not stop. The module ships the sandbox (a framework-dependent net10.0
/// build with its scenarios) in its <c>Sandbox</c> folder; a source checkout's build output is
/// the fallback for developers.
/// </summary>
public sealed class LabSandbox : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private LabSandbox(Process process, StringBuilder stderr, string sandboxDll, string scenario, IReadOnlyDictionary<string, string> ready)
    {
        _process = process;
        _stderr = stderr;
        SandboxPath = sandboxDll;
        Scenario = scenario;
        ApiAddress = ready.GetValueOrDefault("api") ?? string.Empty;
        KubeconfigPath = ready.GetValueOrDefault("kubeconfig") ?? string.Empty;
        var registry = ready.GetValueOrDefault("registry");
        RegistryAddress = string.IsNullOrEmpty(registry) || registry == "none" ? null : registry;
        ProcessId = process.Id;
        Services = LabSandboxServices.Read(ready.GetValueOrDefault("services"));
    }

    /// <summary>The RspAdmin.Sandbox.dll that runs.</summary>
    public string SandboxPath { get; }
    /// <summary>Argo CD, Vault, mobu, hubs and PostgreSQL endpoints and credentials, or null when the scenario has none.</summary>
    public LabSandboxServices? Services { get; }

    /// <summary>The scenario file.</summary>
    public string Scenario { get; }

    /// <summary>The API server address, <c>http://127.0.0.1:PORT</c>.</summary>
    public string ApiAddress { get; }

    /// <summary>The kubeconfig the sandbox wrote (context <c>sandbox</c>).</summary>
    public string KubeconfigPath { get; }

    /// <summary>The local registry, <c>127.0.0.1:PORT</c>, or null when the scenario has none.</summary>
    public string? RegistryAddress { get; }

    /// <summary>The sandbox process id.</summary>
    public int ProcessId { get; }

    /// <summary>True while the process runs.</summary>
    public bool Running
    {
        get
        {
            try
            {
                return !_process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>The folder of the module that ships the sandbox, beside the module's manifest.</summary>
    public const string ShippedFolder = "Sandbox";

    /// <summary>
    /// Finds the sandbox: <paramref name="explicitPath"/>, else <c>RSPADMIN_SANDBOX</c>, else the
    /// <c>Sandbox</c> folder shipped in <paramref name="moduleDirectory"/>, else (for developers) the
    /// build output of the source checkout that holds the module directory.
    /// </summary>
    /// <returns>The path of RspAdmin.Sandbox.dll, or null.</returns>
    public static string? Locate(string? explicitPath, string? moduleDirectory)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Dll(explicitPath);
        }

        if (Dll(Environment.GetEnvironmentVariable("RSPADMIN_SANDBOX")) is { } fromVariable)
        {
            return fromVariable;
        }

        if (moduleDirectory is null)
        {
            return null;
        }

        return Dll(Path.Combine(moduleDirectory, ShippedFolder)) ?? LocateInCheckout(moduleDirectory);
    }

    /// <summary>The sandbox built in the source checkout that holds <paramref name="directory"/> (Release first), or null.</summary>
    internal static string? LocateInCheckout(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RspAdmin.sln")))
            {
                foreach (var configuration in new[] { "Release", "Debug" })
                {
                    if (Dll(Path.Combine(dir.FullName, "src", "RspAdmin.Sandbox", "bin", configuration, "net10.0")) is { } built)
                    {
                        return built;
                    }
                }

                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The dotnet host that runs the sandbox: <c>DOTNET_HOST_PATH</c>, this process when it is dotnet,
    /// <c>DOTNET_ROOT</c>'s dotnet, else <c>dotnet</c> from PATH.
    /// </summary>
    internal static string FindDotnetHost()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var fromVariable = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromVariable) && File.Exists(fromVariable))
        {
            return fromVariable;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, executable)))
        {
            return Path.Combine(root, executable);
        }

        return executable;
    }

    private static string? Dll(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (Directory.Exists(path))
        {
            path = Path.Combine(path, "RspAdmin.Sandbox.dll");
        }

        return File.Exists(path) ? Path.GetFullPath(path) : null;
    }

    /// <summary>A scenario file: the path itself, or a scenario of the sandbox by name (<c>three-nodes</c>).</summary>
    public static string? ResolveScenario(string scenario, string sandboxDll)
    {
        ArgumentException.ThrowIfNullOrEmpty(scenario);
        if (File.Exists(scenario))
        {
            return Path.GetFullPath(scenario);
        }

        var name = scenario.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) ? scenario : scenario + ".yaml";
        var bundled = Path.Combine(Path.GetDirectoryName(sandboxDll)!, "scenarios", name);
        return scenario.IndexOfAny(new[] { '/', '\\' }) < 0 && File.Exists(bundled) ? bundled : null;
    }

    /// <summary>Starts the sandbox and waits for its READY line.</summary>
    /// <exception cref="ClusterException">The sandbox did not start; the message holds its error.</exception>
    public static async Task<LabSandbox> StartAsync(string sandboxDll, string scenarioPath, string? kubeconfigPath, TimeSpan readyTimeout, CancellationToken cancellationToken = default)
    {
        var dotnet = FindDotnetHost();

        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(sandboxDll);
        start.ArgumentList.Add("--scenario");
        start.ArgumentList.Add(scenarioPath);
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            start.ArgumentList.Add("--kubeconfig");
            start.ArgumentList.Add(Path.GetFullPath(kubeconfigPath));
        }

        var stderr = new StringBuilder();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("The process did not start.");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ClusterException(ClusterErrorReason.SandboxStartFailed,
                $"Cannot run {dotnet} {sandboxDll}: {e.Message}. The sandbox needs the .NET 10 runtime with ASP.NET Core (dotnet on PATH, or DOTNET_ROOT).", e);
        }

        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new EndOfStreamException());
            }
            else if (e.Data.StartsWith("READY ", StringComparison.Ordinal))
            {
                ready.TrySetResult(e.Data);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        string line;
        try
        {
            line = await ready.Task.WaitAsync(readyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EndOfStreamException or TimeoutException or OperationCanceledException)
        {
            Kill(process);
            if (e is OperationCanceledException)
            {
                throw;
            }

            process.WaitForExit(5000);
            string text;
            lock (stderr)
            {
                text = stderr.ToString().Trim();
            }

            var why = e is TimeoutException ? $"it was not ready within {readyTimeout.TotalSeconds:0} s" : "it exited";
            throw new ClusterException(ClusterErrorReason.SandboxStartFailed,
                $"The sandbox did not start ({why}){(text.Length == 0 ? "." : ": " + text)}", e);
        }

        var fields = line["READY ".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new LabSandbox(process, stderr, sandboxDll, scenarioPath, fields);
    }

    /// <summary>Stops the sandbox: closes its input (it then stops its registry and cleans up), kills it if it is still running after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!Running)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already closed.
        }

        using var wait = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(_process);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>What the sandbox wrote on its error output.</summary>
    public string ErrorOutput
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Running)
        {
            Kill(_process);
            _process.WaitForExit(10000);
        }

        _process.Dispose();
    }

    public override string ToString() => $"{ApiAddress} ({Path.GetFileName(Scenario)})";

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
