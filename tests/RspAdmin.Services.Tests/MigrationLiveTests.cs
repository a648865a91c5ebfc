using System.Security;
using RspAdmin.Core.ArgoCd;
using RspAdmin.Core.Cluster;
using RspAdmin.Core.Hub;
using RspAdmin.Core.Migration;
using RspAdmin.Core.Mobu;
using RspAdmin.Core.Postgres;
using RspAdmin.Core.Vault;
using RspAdmin.Sandbox.Postgres;

namespace RspAdmin.Services.Tests;

/// <summary>
/// The migration's live steps against the sandbox world: every stage run through the service clients,
/// a run killed at every point of every step and resumed (same end state, no mutating call repeated),
/// and the refusals of the safety rules.
/// </summary>
public sealed class MigrationLiveTests
{
    private static readonly MigrationStage[] Stages = [MigrationStage.EnableV3, MigrationStage.MakeDefault, MigrationStage.DisableV2, MigrationStage.Cleanup];

    private static readonly Dictionary<MigrationStage, string[]> Gates = new()
    {
        [MigrationStage.EnableV3] = ["1.P6", "1.W6"],
        [MigrationStage.MakeDefault] = ["2.P1", "2.W5"],
        [MigrationStage.DisableV2] = ["3.P1"],
        [MigrationStage.Cleanup] = [],
    };

    private const string Extra = """
        labNamespaces:
          v2Users: [alice, bot-2dmobu-2drecommended]
          v3Users: [carol]
          decoys: true
        postgres:
          databases:
            - { name: jupyterhub, owner: jovyan }
        """;

    [SkippableFact]
    public async Task Killed_at_every_point_of_every_step_and_resumed_ends_as_an_uninterrupted_run_without_repeating_a_mutating_call()
    {
        Skip.If(PostgresServer.FindBinaries() is null, "Skipped: PostgreSQL is not installed (Debian package postgresql).");
        var ct = World.Bounded(600);
        await using var straight = await StartAsync(ct);
        await using var killed = await StartAsync(ct);
        foreach (var stage in Stages)
        {
            straight.World.Host.Requests.Reset();
            var results = straight.Run(stage, resume: false, interrupt: null, ct);
            Assert.All(results, r => Assert.True(r.GetOutcome() is MigrationStepOutcome.Done or MigrationStepOutcome.AlreadyDone, $"{r.Id}: {r.Outcome} {r.ErrorId} {r.Message}"));
            var expectedCalls = Mutations(straight.World);
            var expectedState = await straight.SnapshotAsync(ct);

            killed.World.Host.Requests.Reset();
            var seen = new HashSet<(string, string)>();
            var crashes = 0;
            for (var attempt = 0; ; attempt++)
            {
                Assert.True(attempt < 200, "the run never finished");
                try
                {
                    var resumed = killed.Run(stage, resume: attempt > 0, (id, point) =>
                    {
                        if (seen.Add((id, point)))
                        {
                            throw new SimulatedCrash();
                        }
                    }, ct);
                    Assert.All(resumed, r => Assert.True(r.GetOutcome() is MigrationStepOutcome.Done or MigrationStepOutcome.AlreadyDone, $"{r.Id}: {r.Outcome} {r.ErrorId} {r.Message}"));
                    break;
                }
                catch (SimulatedCrash)
                {
                    crashes++;
                }
            }

            Assert.True(crashes >= MigrationCatalog.Steps(stage).Count(s => s.Kind is MigrationStepKind.Live or MigrationStepKind.Repo), $"{stage}: only {crashes} interruptions");
            Assert.Equal(expectedState, await killed.SnapshotAsync(ct));
            foreach (var (call, count) in Mutations(killed.World))
            {
                Assert.True(count <= expectedCalls.GetValueOrDefault(call), $"{stage}: {call} was sent {count} times after {crashes} interruptions, {expectedCalls.GetValueOrDefault(call)} in an uninterrupted run");
            }
        }
    }

    [SkippableFact]
    public async Task Every_request_a_live_step_sends_is_one_its_preview_lists()
    {
        Skip.If(PostgresServer.FindBinaries() is null, "Skipped: PostgreSQL is not installed (Debian package postgresql).");
        var ct = World.Bounded(300);
        await using var rehearsal = await StartAsync(ct);
        var step = string.Empty;
        var sent = new System.Collections.Concurrent.ConcurrentQueue<(string Step, string Method, string Path)>();
        var live = new LiveMigrationSettings
        {
            Http = rehearsal.World.Http with { RequestLog = e => sent.Enqueue((step, e.Method, new Uri(e.Url).AbsolutePath)) },
            ClusterLog = e => sent.Enqueue((step, e.Method, e.Path.Split('?')[0])),
            Wait = TimeSpan.FromSeconds(60),
            PollInterval = TimeSpan.FromMilliseconds(50),
        };
        foreach (var stage in Stages)
        {
            var results = rehearsal.Run(stage, false, null, ct, live: live, progress: p => step = p.Id);
            Assert.All(results, r => Assert.True(r.GetOutcome() is MigrationStepOutcome.Done or MigrationStepOutcome.AlreadyDone, $"{r.Id}: {r.Outcome} {r.ErrorId} {r.Message}"));
        }

        var context = new MigrationContext(MigrationCheckout.Open(rehearsal.World.PhalanxPath, "idfdev"));
        var patterns = MigrationCatalog.AllSteps().Where(s => s.NeedsServices)
            .ToDictionary(s => s.Id, s => s.GetRequests(context).Select(r => (r.Method, Pattern: PathPattern(r.Target))).ToList(), StringComparer.Ordinal);
        var checkedSteps = 0;
        foreach (var group in sent.Where(r => r.Step.Length > 0 && patterns.ContainsKey(r.Step)).GroupBy(r => r.Step))
        {
            checkedSteps++;
            foreach (var (_, method, path) in group.Distinct())
            {
                if (method == "POST" && path.EndsWith("/api/v1/session", StringComparison.Ordinal))
                {
                    continue; // the Argo CD session login of a connection, not a step's request
                }

                Assert.True(patterns[group.Key].Any(p => p.Method == method && p.Pattern.IsMatch(path)),
                    $"{group.Key} sent {method} {path}, which its preview does not list:\n{string.Join("\n", patterns[group.Key].Select(p => p.Method + " " + p.Pattern))}");
            }
        }

        Assert.True(checkedSteps >= 22, $"only {checkedSteps} live steps sent requests");
    }

    // A preview target as a path pattern: the query is left out, {name} stands for one segment, {a,b} for either.
    private static System.Text.RegularExpressions.Regex PathPattern(string target)
    {
        var path = target.Split('?')[0];
        var pattern = new System.Text.StringBuilder("^");
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(path, @"\{([^}]*)\}|[^{]+"))
        {
            pattern.Append(!m.Groups[1].Success ? System.Text.RegularExpressions.Regex.Escape(m.Value)
                : m.Groups[1].Value.Contains(',', StringComparison.Ordinal) ? "(" + string.Join("|", m.Groups[1].Value.Split(',').Select(System.Text.RegularExpressions.Regex.Escape)) + ")"
                : "[^/]+");
        }

        return new System.Text.RegularExpressions.Regex(pattern.Append('$').ToString());
    }

    [Fact]
    public async Task A_plan_with_the_services_probes_each_live_step_now_read_only()
    {
        var ct = World.Bounded(300);
        await using var rehearsal = await StartAsync(ct, postgres: false);
        Dictionary<string, bool?> Plan()
        {
            var checkout = MigrationCheckout.Open(rehearsal.World.PhalanxPath, "idfdev");
            using var services = new LiveMigrationServices(rehearsal.Connection, checkout, new LiveMigrationSettings { Http = rehearsal.World.Http });
            return MigrationPlanner.Plan(new MigrationContext(checkout, null, services), MigrationStage.EnableV3, allowStageSkip: false).Steps
                .Where(s => s.GetKind() == MigrationStepKind.Live).ToDictionary(s => s.Id, s => s.IsDone, StringComparer.Ordinal);
        }

        var before = Plan();
        Assert.Empty(Mutations(rehearsal.World));
        Assert.Equal([false, false, false, false, true], new[] { before["1.P1"], before["1.W1"], before["1.W2"], before["1.W3"], before["1.W7"] });

        Assert.DoesNotContain(rehearsal.Run(MigrationStage.EnableV3, false, null, ct), r => r.GetOutcome() == MigrationStepOutcome.Failed);
        var after = Plan();
        Assert.Equal([true, true, true, true], new[] { after["1.P1"], after["1.W3"], after["1.W5"], after["1.W8"] });

        // Probed now, never read from a journal: the v2 hub came back with 1.W7 and mobu's notebook flock with 1.W8.
        Assert.Equal([false, false], new[] { after["1.W2"], after["1.W1"] });
    }

    [Fact]
    public async Task A_window_refuses_an_application_with_auto_sync_before_anything_is_changed()
    {
        var ct = World.Bounded(180);
        await using var rehearsal = await StartAsync(ct, postgres: false, argoApplications: "{ nublado2: { autoSync: true } }");
        var results = rehearsal.Run(MigrationStage.EnableV3, resume: false, interrupt: null, ct);
        var failed = Assert.Single(results, r => r.GetOutcome() == MigrationStepOutcome.Failed);
        Assert.Equal(("1.W0", "Migration.AutoSyncEnabled"), (failed.Id, failed.ErrorId));
        Assert.Equal(0, Mutations(rehearsal.World).Keys.Count(k => !k.Contains("/v1/secret/", StringComparison.Ordinal)));
        using var mobu = rehearsal.Mobu();
        Assert.Contains("recommended", await mobu.ListFlocksAsync(ct));
    }

    [Fact]
    public async Task The_prune_stops_when_the_dry_run_would_prune_more_than_the_three_applications()
    {
        var ct = World.Bounded(300);
        await using var rehearsal = await StartAsync(ct, postgres: false);
        foreach (var stage in new[] { MigrationStage.EnableV3, MigrationStage.MakeDefault })
        {
            Assert.DoesNotContain(rehearsal.Run(stage, false, null, ct), r => r.GetOutcome() == MigrationStepOutcome.Failed);
        }

        // Someone also turned postgres off on the branch: the parent would prune it too.
        var env = Path.Combine(rehearsal.World.PhalanxPath, "environments", "values-idfdev.yaml");
        File.WriteAllText(env, File.ReadAllText(env).Replace("  postgres: true\n", string.Empty, StringComparison.Ordinal));
        World.Git(rehearsal.World.PhalanxPath, "commit", "-qam", "postgres off");
        var results = rehearsal.Run(MigrationStage.DisableV2, false, null, ct);
        var failed = Assert.Single(results, r => r.GetOutcome() == MigrationStepOutcome.Failed);
        Assert.Equal(("3.W0", "Migration.UnexpectedPrune"), (failed.Id, failed.ErrorId));
        Assert.Contains("argoproj.io/Application argocd/postgres", failed.Message, StringComparison.Ordinal);
        using var argo = ArgoCdClient.WithToken(rehearsal.World.ArgoUrl, World.ArgoToken);
        var apps = (await argo.ListAsync(cancellationToken: ct)).Select(a => a.Name).ToList();
        Assert.Contains("nublado2", apps);
        Assert.Contains("postgres", apps);
    }

    [Fact]
    public async Task A_live_step_without_its_service_stops_with_the_service_named()
    {
        var ct = World.Bounded(120);
        await using var rehearsal = await StartAsync(ct, postgres: false);
        var connection = new MigrationConnection { ArgoCdUrl = rehearsal.World.ArgoUrl, ArgoCdToken = Secure(World.ArgoToken), KubeconfigPath = rehearsal.Kubeconfig };
        var results = rehearsal.Run(MigrationStage.EnableV3, false, null, ct, connection);
        var failed = Assert.Single(results, r => r.GetOutcome() == MigrationStepOutcome.Failed);
        Assert.Equal(("1.P1", "Migration.ServiceMissing"), (failed.Id, failed.ErrorId));
        Assert.Contains("Vault", failed.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, long> Mutations(World world)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(world.Host.Requests.ToJson());
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in doc.RootElement.GetProperty("requests").EnumerateArray())
        {
            var method = r.GetProperty("method").GetString()!;
            var path = r.GetProperty("path").GetString()!;
            if (method is "GET" or "HEAD" || path.EndsWith("/session", StringComparison.Ordinal))
            {
                continue;
            }

            var key = method + " " + path;
            calls[key] = calls.GetValueOrDefault(key) + r.GetProperty("count").GetInt64();
        }

        return calls;
    }

    private static async Task<Rehearsal> StartAsync(CancellationToken ct, bool postgres = true, string argoApplications = "{}")
    {
        var tree = Path.Combine(AppContext.BaseDirectory, "scenarios", "migration", "phalanx");
        var files = Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(tree, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
        var extra = postgres ? Extra : Extra[..Extra.IndexOf("postgres:", StringComparison.Ordinal)];
        var world = await World.StartAsync(extra, ct, files, argoApplications);
        World.Git(world.PhalanxPath, "config", "user.email", "ops@example.org");
        World.Git(world.PhalanxPath, "config", "user.name", "ops");
        return new Rehearsal(world);
    }

    private static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var c in text)
        {
            s.AppendChar(c);
        }

        return s;
    }

    private sealed class SimulatedCrash : Exception;

    private sealed class Rehearsal(World world) : IAsyncDisposable
    {
        public World World { get; } = world;

        public string Kubeconfig => Path.Combine(World.Directory, "kubeconfig");

        public MigrationConnection Connection => new()
        {
            ArgoCdUrl = World.ArgoUrl,
            ArgoCdToken = Secure(World.ArgoToken),
            VaultUrl = World.Address,
            VaultToken = Secure(World.VaultWrite),
            MobuUrl = World.MobuUrl,
            HubUrl = World.Address,
            GafaelfawrToken = Secure(World.Gafaelfawr),
            KubeconfigPath = Kubeconfig,
            PostgresHost = World.Host.Services.Postgres?.Host,
            PostgresPort = World.Host.Services.Postgres?.Port ?? 5432,
            PostgresUsername = World.Host.Services.Postgres?.Username,
            PostgresPassword = World.Host.Services.Postgres?.Password is { } pw ? Secure(pw) : null,
        };

        public string Journal(MigrationStage stage) => Path.Combine(World.Directory, $"journal-{stage}.json");

        public IReadOnlyList<MigrationStepResult> Run(MigrationStage stage, bool resume, Action<string, string>? interrupt, CancellationToken ct, MigrationConnection? connection = null,
            LiveMigrationSettings? live = null, Action<MigrationProgress>? progress = null)
        {
            var checkout = MigrationCheckout.Open(World.PhalanxPath, "idfdev");
            using var services = new LiveMigrationServices(connection ?? Connection, checkout, live ?? new LiveMigrationSettings
            {
                Http = World.Http,
                Wait = TimeSpan.FromSeconds(60),
                PollInterval = TimeSpan.FromMilliseconds(50),
            });
            return MigrationRunner.Run(new MigrationContext(checkout, null, services), new MigrationRunSettings
            {
                Stage = stage,
                AcknowledgedGates = Gates[stage],
                Resume = resume,
                JournalPath = Journal(stage),
                Interrupt = interrupt,
                Progress = progress,
            }, ct);
        }

        public MobuClient Mobu() => new(World.MobuUrl, World.Gafaelfawr, World.Http);

        // What the stage leaves behind: the checkout's content, applications, namespaces, routes, flocks, secrets and databases.
        public async Task<string> SnapshotAsync(CancellationToken ct)
        {
            var lines = new List<string> { "tree " + World.Git(World.PhalanxPath, "rev-parse", "HEAD^{tree}"), "dirty " + World.Git(World.PhalanxPath, "status", "--porcelain") };
            using var argo = ArgoCdClient.WithToken(World.ArgoUrl, World.ArgoToken, World.Http);
            lines.AddRange((await argo.ListAsync(cancellationToken: ct)).OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => $"app {a.Name} {a.SyncStatus} {a.HealthStatus}"));
            using var cluster = LabCluster.Connect(new ClusterConnectionOptions { KubeconfigPath = Kubeconfig });
            lines.AddRange((await cluster.GetNamespaceNamesAsync(ct)).Order(StringComparer.Ordinal).Select(n => "namespace " + n));
            using var hub = new HubRouteClient(World.Address, World.Gafaelfawr, World.Http);
            foreach (var route in new[] { "/nb", "/n2", "/n3" })
            {
                var status = await hub.TestAsync(route, ct);
                lines.Add($"route {route} {status.State} {status.Version}");
            }

            using var mobu = Mobu();
            lines.AddRange((await mobu.ListFlocksAsync(ct)).Order(StringComparer.Ordinal).Select(f => "flock " + f));
            using var vault = new VaultClient(World.Address, World.VaultWrite, "secret", World.Http);
            foreach (var app in new[] { "nublado", "nublado2" })
            {
                var info = await vault.GetInfoAsync("phalanx/idfdev/" + app, ct);
                lines.Add($"vault {app} {info.State} {string.Join(",", info.Keys)}");
            }

            if (World.Host.Services.Postgres is { } pg)
            {
                var db = await new HubDatabaseClient(pg.Host, pg.Port, pg.Username, pg.Password).GetAsync("jupyterhub", "jovyan", ct);
                lines.Add($"database jupyterhub {db.Exists} {db.RoleExists}");
            }

            return string.Join("\n", lines);
        }

        public ValueTask DisposeAsync() => World.DisposeAsync();
    }
}
