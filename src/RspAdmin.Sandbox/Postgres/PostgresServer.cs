using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using RspAdmin.Sandbox.Scenario;

namespace RspAdmin.Sandbox.Postgres;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package: <c>initdb</c> and <c>pg_ctl</c> from
/// <c>/usr/lib/postgresql/*/bin</c>) in a temporary directory, listening on a free port of 127.0.0.1 only,
/// with the scenario's roles and databases. Run as the <c>postgres</c> user when the sandbox runs as root.
/// The superuser is <c>postgres</c> with a random password (scram-sha-256).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly bool _asPostgres;

    private PostgresServer(string bin, string directory, bool asPostgres, int port, string password)
    {
        _bin = bin;
        _directory = directory;
        _asPostgres = asPostgres;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    public string Username => "postgres";

    public string Password { get; }

    /// <summary>The server's binaries, or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending(StringComparer.Ordinal).FirstOrDefault()
            : null;

    public static async Task<PostgresServer> StartAsync(ScenarioPostgres scenario, CancellationToken cancellationToken)
    {
        var bin = FindBinaries() ?? throw new SandboxException("Sandbox.PostgresUnavailable", "The scenario asks for PostgreSQL but it is not installed (Debian package 'postgresql'; ./build.sh test installs it as root).");
        var asPostgres = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), "rspadmin-pg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        Directory.CreateDirectory(directory);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var pwfile = Path.Combine(directory, "pw");
        await File.WriteAllTextAsync(pwfile, password, cancellationToken).ConfigureAwait(false);
        if (asPostgres)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", directory], false, cancellationToken).ConfigureAwait(false);
        }

        var port = FreePort();
        var server = new PostgresServer(bin, directory, asPostgres, port, password);
        try
        {
            var data = Path.Combine(directory, "data");
            await server.ToolAsync("initdb", ["-D", data, "-U", "postgres", "--pwfile", pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"], cancellationToken).ConfigureAwait(false);
            File.Delete(pwfile);
            await server.ToolAsync("pg_ctl", ["-D", data, "-l", Path.Combine(directory, "log"), "-w", "-t", "30", "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {directory} -c fsync=off", "start"], cancellationToken).ConfigureAwait(false);
            var sql = new List<string>();
            foreach (var role in scenario.Roles.Concat(scenario.Databases.Select(d => d.Owner).OfType<string>()).Distinct(StringComparer.Ordinal))
            {
                sql.Add($"CREATE ROLE {role} LOGIN;");
            }

            foreach (var db in scenario.Databases)
            {
                sql.Add($"CREATE DATABASE {db.Name}{(db.Owner is null ? string.Empty : " OWNER " + db.Owner)};");
            }

            foreach (var statement in sql)
            {
                await server.ToolAsync("psql", ["-h", directory, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", statement], cancellationToken).ConfigureAwait(false);
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private Task ToolAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_bin, tool);
        if (!File.Exists(path))
        {
            path = tool;
        }

        return _asPostgres ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args], true, cancellationToken) : RunAsync(path, args, true, cancellationToken);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool inTemp, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = inTemp ? Path.GetTempPath() : Environment.CurrentDirectory };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start) ?? throw new SandboxException("Sandbox.PostgresUnavailable", $"{file} could not be started.");
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (p.ExitCode != 0)
        {
            throw new SandboxException("Sandbox.PostgresUnavailable", $"{Path.GetFileName(file)} {string.Join(' ', args.Take(2))} failed ({p.ExitCode}): {(await stderr.ConfigureAwait(false)).Trim()} {(await stdout.ConfigureAwait(false)).Trim()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var data = Path.Combine(_directory, "data");
            if (Directory.Exists(Path.Combine(data, "global")) && File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await ToolAsync("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SandboxException or OperationCanceledException or IOException)
        {
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
