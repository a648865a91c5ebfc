using System.Diagnostics;
using System.Text.Json;

namespace RspAdmin.Core.Tests.Profiles;

/// <summary>
/// Runs the real engines the hub and the browsers use (python3, node) on a batch of inputs: a
/// script reads JSON on stdin and writes JSON on stdout. Node comes from Debian's nodejs package,
/// installed here when it is absent and the test runs as root.
/// </summary>
internal static class ExternalEngines
{
    private static readonly Lazy<string?> Python = new(() => Find("python3"));
    private static readonly Lazy<string?> Node = new(FindOrInstallNode);

    public static string? PythonPath => Python.Value;

    public static string? NodePath => Node.Value;

    public static T Run<T>(string executable, string script, object input, string extension)
    {
        var scriptPath = Path.Combine(Path.GetTempPath(), "rspadmin-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(scriptPath, script);
        try
        {
            var start = new ProcessStartInfo(executable, [scriptPath])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(JsonSerializer.Serialize(input));
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(executable + " did not finish within 60 s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{executable} failed ({process.ExitCode}): {stderr.Result}");
            }

            return JsonSerializer.Deserialize<T>(stdout.Result)!;
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }

    private static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FindOrInstallNode()
    {
        var node = Find("node") ?? Find("nodejs");
        if (node is not null || Environment.UserName != "root" || Find("apt-get") is not { } apt)
        {
            return node;
        }

        try
        {
            using var install = Process.Start(new ProcessStartInfo(apt, ["install", "-y", "--no-install-recommends", "nodejs"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" },
            })!;
            install.StandardOutput.ReadToEndAsync();
            install.StandardError.ReadToEndAsync();
            if (!install.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                install.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }

        return Find("node") ?? Find("nodejs");
    }
}
