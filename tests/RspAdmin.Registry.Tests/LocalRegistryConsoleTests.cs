using System.Diagnostics;
using System.Net;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests;

/// <summary>The console program the Pester tests, the demo and the benchmarks start.</summary>
public sealed class LocalRegistryConsoleTests
{
    [SkippableFact]
    public async Task Prints_one_ready_line_serves_the_seeded_repository_and_stops_when_stdin_closes()
    {
        Requires.DockerRegistry();
        var ct = Requires.Within(120);
        using var process = Start("--auth", "basic", "--tags", "60", "--repository", "rsp/console");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(ct);
            Assert.NotNull(line);
            Assert.StartsWith("READY ", line, StringComparison.Ordinal);
            var fields = line["READY ".Length..].Split(' ').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
            Assert.Equal("rsp/console", fields["repository"]);
            Assert.Equal("60", fields["tags"]);
            Assert.Equal("basic", fields["auth"]);
            Assert.Equal(LabTagPlan.Create(60).RecommendedTarget, fields["recommended-target"]);

            using var client = new RegistryClient(new RegistryClientOptions
            {
                Registry = fields["registry"],
                Credential = new NetworkCredential(fields["username"], fields["password"]),
                UseDockerConfig = false,
                MaxRetries = 0,
            });
            var tags = await client.ListTagsAsync("rsp/console", cancellationToken: ct);
            var recommended = await client.HeadManifestAsync("rsp/console", "recommended", ct);
            var target = await client.HeadManifestAsync("rsp/console", fields["recommended-target"], ct);
            Assert.Equal(60, tags.Count);
            Assert.Equal(target.Digest, recommended.Digest);

            process.StandardInput.Close();
            await process.WaitForExitAsync(ct);
            Assert.Equal(0, process.ExitCode);
            Assert.Null(await process.StandardOutput.ReadLineAsync(ct)); // exactly one line on stdout
            var gone = await Assert.ThrowsAsync<RegistryException>(() => client.CheckAsync(ct));
            Assert.Equal(RegistryErrorKind.Unreachable, gone.Reason);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [SkippableFact]
    public async Task With_ignore_stdin_it_runs_until_sigterm_and_then_cleans_up()
    {
        Requires.DockerRegistry();
        Skip.If(OperatingSystem.IsWindows(), "POSIX signals only.");
        var ct = Requires.Within(120);
        using var process = Start("--tags", "40", "--ignore-stdin");
        try
        {
            process.StandardInput.Close();
            var line = await process.StandardOutput.ReadLineAsync(ct);
            Assert.StartsWith("READY ", line, StringComparison.Ordinal);
            var registry = line!.Split(' ').Single(f => f.StartsWith("registry=", StringComparison.Ordinal))["registry=".Length..];
            using var client = new RegistryClient(new RegistryClientOptions { Registry = registry, UseDockerConfig = false, MaxRetries = 0 });
            await client.CheckAsync(ct); // still serving with standard input closed

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(ct);
            }

            await process.WaitForExitAsync(ct);
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(RegistryErrorKind.Unreachable, (await Assert.ThrowsAsync<RegistryException>(() => client.CheckAsync(ct))).Reason);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Bad_arguments_exit_with_code_2_and_a_message()
    {
        using var process = Start("--auth", "kerberos");
        var errors = await process.StandardError.ReadToEndAsync(Requires.Within(60));
        await process.WaitForExitAsync(Requires.Within(60));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--auth must be none, basic or token", errors);
    }

    private static Process Start(params string[] arguments)
    {
        // The program is built next to this test assembly's configuration: tools/RspAdmin.LocalRegistry/bin/<configuration>/net10.0.
        var testDirectory = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(testDirectory).Parent!.Name;
        var root = Path.GetFullPath(Path.Combine(testDirectory, "..", "..", "..", "..", ".."));
        var program = Path.Combine(root, "tools", "RspAdmin.LocalRegistry", "bin", configuration, "net10.0", "RspAdmin.LocalRegistry.dll");
        Assert.True(File.Exists(program), $"{program} is not built");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }
}
