using System.Diagnostics;
using RspAdmin.Sandbox.Tests.Support;

namespace RspAdmin.Sandbox.Tests;

/// <summary>The sandbox as a separate process: one READY line on stdout, a kubeconfig, and a clean stop when stdin closes.</summary>
public sealed class ExecutableTests
{
    [Fact]
    public async Task Prints_one_ready_line_writes_the_kubeconfig_and_stops_when_stdin_closes()
    {
        var ct = InProcessSandbox.Bounded(60);
        var dir = Directory.CreateTempSubdirectory("rspadmin-sandbox-exe-").FullName;
        try
        {
            var scenario = Path.Combine(dir, "scenario.yaml");
            await File.WriteAllTextAsync(scenario, "nodes:\n  - name: only\n", ct);
            var kubeconfig = Path.Combine(dir, "sub", "kubeconfig");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "RspAdmin.Sandbox.dll"), "--scenario", scenario, "--kubeconfig", kubeconfig })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            try
            {
                var ready = await process.StandardOutput.ReadLineAsync(ct);
                Assert.NotNull(ready);
                Assert.Matches(@"^READY api=http://127\.0\.0\.1:\d+ kubeconfig=\S+ registry=none services=\S+\.services\.json$", ready);
                Assert.Contains($"kubeconfig={kubeconfig}", ready);
                var config = await File.ReadAllTextAsync(kubeconfig, ct);
                Assert.Contains("current-context: sandbox", config);
                Assert.Contains("server: " + ready.Split(' ')[1]["api=".Length..], config);

                using var http = new HttpClient();
                var nodes = await http.GetStringAsync(ready.Split(' ')[1]["api=".Length..] + "/api/v1/nodes", ct);
                Assert.Contains("\"name\":\"only\"", nodes);

                process.StandardInput.Close();
                await process.WaitForExitAsync(ct);
                Assert.Equal(0, process.ExitCode);
                Assert.Equal(string.Empty, (await process.StandardOutput.ReadToEndAsync(ct)).Trim());
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_scenario_is_a_clear_error_with_a_stable_id()
    {
        var ct = InProcessSandbox.Bounded(60);
        var dir = Directory.CreateTempSubdirectory("rspadmin-sandbox-exe-").FullName;
        try
        {
            var scenario = Path.Combine(dir, "scenario.yaml");
            await File.WriteAllTextAsync(scenario, "nodes:\n  - name: a\n    taints:\n      - { key: k, effect: Sometimes }\n", ct);
            var (exit, stdout, stderr) = await ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "RspAdmin.Sandbox.dll"), "--scenario", scenario], new Dictionary<string, string>(), ct);
            Assert.Equal(1, exit);
            Assert.Equal(string.Empty, stdout);
            Assert.StartsWith("Sandbox.ScenarioInvalid:", stderr);
            Assert.Contains("Sometimes", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
