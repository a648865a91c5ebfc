using System.Diagnostics;
using System.Globalization;
using RspAdmin.Core;
using RspAdmin.Core.Postgres;
using RspAdmin.Sandbox.Postgres;

namespace RspAdmin.Services.Tests;

/// <summary>The hub database client against a real PostgreSQL started by the sandbox.</summary>
public sealed class HubDatabaseTests
{
    [SkippableFact]
    public async Task A_database_in_use_is_dropped_only_with_force_then_its_role_and_wrong_credentials_are_refused()
    {
        Skip.If(PostgresServer.FindBinaries() is null, "Skipped: PostgreSQL is not installed (Debian package postgresql).");
        var ct = World.Bounded(120);
        await using var world = await World.StartAsync("""
            postgres:
              roles: [nublado3]
              databases:
                - { name: jupyterhub, owner: jovyan }
                - { name: nublado3, owner: nublado3 }
            """, ct);
        var pg = world.Host.Services.Postgres!;
        var client = new HubDatabaseClient(pg.Host, pg.Port, pg.Username, pg.Password);
        var db = await client.GetAsync("jupyterhub", "jovyan", ct);
        Assert.Equal((true, "jovyan", 0, true), (db.Exists, db.Owner, db.ActiveConnections, db.RoleExists));
        Assert.False((await client.GetAsync("nosuchdb", "nosuchrole", ct)).Exists);

        using var session = Session(pg, "jupyterhub");
        while ((await client.GetAsync("jupyterhub", null, ct)).ActiveConnections == 0)
        {
            await Task.Delay(100, ct);
        }

        var inUse = await Assert.ThrowsAsync<HubDatabaseException>(() => client.RemoveAsync("jupyterhub", "jovyan", force: false, ct));
        Assert.Equal(("Postgres.DatabaseInUse", ErrorKind.Conflict), (inUse.ErrorId, inUse.Kind));
        Assert.True((await client.GetAsync("jupyterhub", null, ct)).Exists);

        var removed = await client.RemoveAsync("jupyterhub", "jovyan", force: true, ct);
        Assert.Equal(new HubDatabaseRemoval("jupyterhub", true, "jovyan", true, true), removed);
        var after = await client.GetAsync("jupyterhub", "jovyan", ct);
        Assert.Equal((false, false), (after.Exists, after.RoleExists));
        Assert.True((await client.GetAsync("nublado3", "nublado3", ct)).Exists);

        var invalid = await Assert.ThrowsAsync<HubDatabaseException>(() => client.GetAsync("x; DROP DATABASE nublado3", null, ct));
        Assert.Equal("Postgres.InvalidName", invalid.ErrorId);
        var wrong = new HubDatabaseClient(pg.Host, pg.Port, pg.Username, "not-the-password");
        var refused = await Assert.ThrowsAsync<HubDatabaseException>(() => wrong.GetAsync("nublado3", null, ct));
        Assert.Equal("Postgres.AuthenticationFailed", refused.ErrorId);
        Assert.DoesNotContain(pg.Password, refused.Message, StringComparison.Ordinal);
        var nobody = new HubDatabaseClient("127.0.0.1", 1, "postgres", "x", TimeSpan.FromSeconds(2));
        Assert.Equal("Postgres.Unreachable", (await Assert.ThrowsAsync<HubDatabaseException>(() => nobody.GetAsync("nublado3", null, ct))).ErrorId);
    }

    [Fact]
    public void Values_files_that_name_a_hub_database_are_found_with_their_role()
    {
        var dir = Directory.CreateTempSubdirectory("rspadmin-dbref-").FullName;
        try
        {
            World.WriteCheckout(dir, World.Phalanx);
            var refs = HubDatabaseReferences.Find(dir);
            Assert.Equal(
                [("applications/nublado/values.yaml", "nublado3", "nublado3"), ("applications/nublado2/values.yaml", "jovyan", "jupyterhub")],
                refs.Select(r => (r.File.Replace('\\', '/'), r.Role, r.Database)));
            Assert.Equal(("jovyan", "jupyterhub"), HubDatabaseReferences.Parse("postgresql://jovyan@postgres.postgres/jupyterhub"));
            Assert.Equal(((string?)null, (string?)null), HubDatabaseReferences.Parse("not a url"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Process Session(PostgresServer pg, string database)
    {
        var start = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-h", pg.Host, "-p", pg.Port.ToString(CultureInfo.InvariantCulture), "-U", pg.Username, "-d", database, "-c", "SELECT pg_sleep(60)" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PGPASSWORD"] = pg.Password;
        return Process.Start(start)!;
    }
}
