using System.Diagnostics;
using System.Globalization;
using System.Security;
using RspAdmin.Core.ArgoCd;
using RspAdmin.Core.Http;
using RspAdmin.Core.Migration;
using RspAdmin.Sandbox.Hosting;
using RspAdmin.Sandbox.Scenario;

/// <summary>
/// The maintenance window of migration stage 1 (steps 1.W0..1.W8) on the sandbox with many v2 lab namespaces:
/// its wall time against the sum of the simulated waits it cannot avoid, and the requests each step sends.
/// The preparation phase runs first, untimed, on the same world.
/// </summary>
internal static class MigrationWindow
{
    // Long enough that the simulated waits dominate scheduling noise on two shared cores, short enough that the
    // whole benchmark (sandbox start, preparation, window) stays well under a minute.
    private const double OperationSeconds = 1.0;
    private const double DeploymentReadySeconds = 0.5;
    private const double NamespaceTerminationSeconds = 2.0;
    private const string ArgoToken = "bench-argo-token";
    private const string Gafaelfawr = "bench-gafaelfawr-token";
    private const string VaultToken = "hvs.bench-write";

    public static async Task RunAsync(int count)
    {
        var dir = Directory.CreateTempSubdirectory("rspadmin-bench-window-").FullName;
        try
        {
            var phalanx = Path.Combine(dir, "phalanx");
            CopyTree(Path.Combine(AppContext.BaseDirectory, "scenarios", "migration", "phalanx"), phalanx);
            Git(phalanx, "init", "-q", "-b", "main");
            Git(phalanx, "config", "user.email", "ops@example.org");
            Git(phalanx, "config", "user.name", "ops");
            Git(phalanx, "add", "-A");
            Git(phalanx, "commit", "-q", "-m", "idfdev before the migration");
            var kubeconfig = Path.Combine(dir, "kubeconfig");
            var yaml = $$"""
                settings:
                  namespaceTerminationSeconds: {{Invariant(NamespaceTerminationSeconds)}}
                  deploymentReadySeconds: {{Invariant(DeploymentReadySeconds)}}
                phalanx: { path: {{phalanx}}, environment: idfdev }
                argoCd:
                  operationSeconds: {{Invariant(OperationSeconds)}}
                  tokens: [{{ArgoToken}}]
                gafaelfawr: { tokens: [{{Gafaelfawr}}] }
                vault:
                  tokens:
                    - { token: {{VaultToken}}, capabilities: [read, list, create, update, patch, delete] }
                  secrets:
                    phalanx/idfdev/nublado2: { crypto_key: bench-crypto, cryptkeeper_key: bench-keeper, proxy_token: bench-proxy, hub_db_password: bench-db }
                    phalanx/idfdev/mobu: { app-alert-webhook: "https://hooks.slack.invalid/services/bench" }
                labNamespaces:
                  v2Users: [alice, bot-2dmobu-2drecommended]
                  v2Count: {{count}}
                  decoys: true
                """;
            await using var host = await SandboxHost.StartAsync(ScenarioLoader.Parse(yaml), new SandboxHostOptions { KubeconfigPath = kubeconfig });
            var connection = new MigrationConnection
            {
                ArgoCdUrl = new Uri(host.ApiAddress, "argo-cd"),
                ArgoCdToken = Secure(ArgoToken),
                VaultUrl = host.ApiAddress,
                VaultToken = Secure(VaultToken),
                MobuUrl = new Uri(host.ApiAddress, "mobu"),
                HubUrl = host.ApiAddress,
                GafaelfawrToken = Secure(Gafaelfawr),
                KubeconfigPath = kubeconfig,
            };
            var coldStart = new FirstClusterRequest();
            var live = new LiveMigrationSettings
            {
                Http = new HttpServiceOptions { RequestTimeout = TimeSpan.FromSeconds(10), RequestLog = _ => coldStart.ServiceRequestEnded() },
                ClusterLog = e => coldStart.ClusterRequestEnded(e.Elapsed),
                Wait = TimeSpan.FromSeconds(60),
                PollInterval = TimeSpan.FromMilliseconds(50),
            };
            var journal = Path.Combine(dir, "journal.json");

            var checkout = MigrationCheckout.Open(phalanx, "idfdev");
            using (var services = new LiveMigrationServices(connection, checkout, live))
            {
                var preparation = MigrationRunner.Run(new MigrationContext(checkout, null, services), new MigrationRunSettings
                {
                    Stage = MigrationStage.EnableV3,
                    Phase = MigrationPhase.Preparation,
                    AcknowledgedGates = ["1.P6"],
                    JournalPath = journal,
                });
                Require(preparation);
            }

            // As the runbook does before a window, the state is read with the services (Argo CD applications and the lab
            // namespaces), untimed: the process has then met every client once, as an operator's session has.
            using (var services = new LiveMigrationServices(connection, checkout, live))
            {
                await services.GetEvidenceAsync("idfdev", CancellationToken.None);
            }

            // Which Argo CD syncs the window must wait for, read from the world as the window starts: an application
            // already Synced and Healthy is not synced again (mobu, unless the preparation changed its values).
            bool mobuNeedsSync;
            using (var argo = ArgoCdClient.WithToken(connection.ArgoCdUrl, ArgoToken))
            {
                var mobu = await argo.GetAsync("mobu");
                mobuNeedsSync = mobu is not { SyncStatus: "Synced", HealthStatus: "Healthy" };
            }

            // The lower bound of the window: the simulated operations it has to wait for, one after the other.
            //   1.W3  namespaceTerminationSeconds        every lab namespace terminates in parallel: counted once
            //   1.W4  2 x operationSeconds               science-platform: the dry run, then the sync
            //   1.W5  operationSeconds + ready           nublado: the sync, then hub, proxy and controller become ready (in parallel: once)
            //   1.W7  operationSeconds + ready           nublado2: the sync recreates the hub, which becomes ready
            //   1.W8  [operationSeconds] + ready         mobu: a sync only when it is OutOfSync, then the restart until ready
            // The other steps (preflight reads, stopping flocks, deleting the hub, the acknowledged gate) wait for nothing
            // simulated. Everything above that is overhead: requests (the 500 deletes go one after the other), the client's
            // polling (every PollInterval), the sandbox's own 50 ms tick that advances Deployments, and scheduling.
            var terms = new List<(string Step, string What, double Seconds)>
            {
                ("1.W3", "namespace termination (once)", NamespaceTerminationSeconds),
                ("1.W4", "science-platform dry run", OperationSeconds),
                ("1.W4", "science-platform sync", OperationSeconds),
                ("1.W5", "nublado sync", OperationSeconds),
                ("1.W5", "nublado hub, proxy, controller ready (once)", DeploymentReadySeconds),
                ("1.W7", "nublado2 sync", OperationSeconds),
                ("1.W7", "nublado2 hub ready", DeploymentReadySeconds),
            };
            if (mobuNeedsSync)
            {
                terms.Add(("1.W8", "mobu sync", OperationSeconds));
            }

            terms.Add(("1.W8", "mobu restart ready", DeploymentReadySeconds));
            var boundMs = terms.Sum(t => t.Seconds) * 1000;

            var rows = new List<(string Id, MigrationStepOutcome Outcome, long Requests, double Ms)>();
            long before = 0;
            host.Requests.Reset();
            coldStart.Reset();
            var clock = Stopwatch.StartNew();
            IReadOnlyList<MigrationStepResult> window;
            using (var services = new LiveMigrationServices(connection, checkout, live))
            {
                window = MigrationRunner.Run(new MigrationContext(checkout, null, services), new MigrationRunSettings
                {
                    Stage = MigrationStage.EnableV3,
                    Phase = MigrationPhase.Window,
                    AcknowledgedGates = ["1.W6"],
                    JournalPath = journal,
                    Progress = _ => before = host.Requests.Total,
                    Result = (r, _) => rows.Add((r.Id, r.GetOutcome(), host.Requests.Total - before, r.Duration.TotalMilliseconds)),
                });
            }

            var wallMs = clock.Elapsed.TotalMilliseconds;
            var total = host.Requests.Total;
            Require(window);
            var load = Uptime();

            Console.WriteLine($"migration stage 1 window (1.W0..1.W8), {count} v2 lab namespaces + 2 named users + decoys; operationSeconds {Invariant(OperationSeconds)}, deploymentReadySeconds {Invariant(DeploymentReadySeconds)}, namespaceTerminationSeconds {Invariant(NamespaceTerminationSeconds)}, poll {live.PollInterval.TotalMilliseconds:0} ms:");
            Console.WriteLine($"  {"step",-5} {"outcome",-12} {"requests",8} {"ms",8} {"bound ms",9}");
            foreach (var (id, outcome, requests, ms) in rows)
            {
                var stepBound = terms.Where(t => t.Step == id).Sum(t => t.Seconds) * 1000;
                Console.WriteLine($"  {id,-5} {outcome,-12} {requests,8} {ms,8:0} {stepBound,9:0}");
            }

            var late = total - rows.Sum(r => r.Requests);
            Console.WriteLine($"  {"total",-5} {string.Empty,-12} {total,8} {wallMs,8:0} {boundMs,9:0}{(late > 0 ? $"   ({late} counted after the last step: the namespace watch is counted when its stream closes)" : string.Empty)}");
            Console.WriteLine($"  bound = {string.Join(" + ", terms.Select(t => $"{t.Step} {t.What} {t.Seconds:0.0#}"))} = {boundMs / 1000:0.00} s");
            var gapMs = coldStart.GapMs;
            Console.WriteLine($"  1.W0: {gapMs:0} ms pass between its last Argo CD/mobu/Vault request and its first Kubernetes request: the Kubernetes client's first connection in this process (kubeconfig load, JIT), paid once per session; without it the ratio is {(wallMs - gapMs) / boundMs:0.00}");
            Console.WriteLine($"  wall {wallMs / 1000:0.00} s / bound {boundMs / 1000:0.00} s: ratio {wallMs / boundMs:0.00} (target <= 1.3x: {(wallMs / boundMs <= 1.3 ? "met" : "missed")}); load: {load}");
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    // The window's first Kubernetes request comes after its Argo CD, mobu and Vault reads (1.W0); the time between the
    // end of the last of those and the start of that request is the Kubernetes client's start in a fresh process.
    private sealed class FirstClusterRequest
    {
        private readonly object _gate = new();
        private long _lastServiceEnd;
        private double? _gapMs;

        public double GapMs
        {
            get
            {
                lock (_gate)
                {
                    return _gapMs ?? 0;
                }
            }
        }

        public void Reset()
        {
            lock (_gate)
            {
                _lastServiceEnd = Stopwatch.GetTimestamp();
                _gapMs = null;
            }
        }

        public void ServiceRequestEnded()
        {
            lock (_gate)
            {
                if (_gapMs is null)
                {
                    _lastServiceEnd = Stopwatch.GetTimestamp();
                }
            }
        }

        public void ClusterRequestEnded(TimeSpan elapsed)
        {
            lock (_gate)
            {
                _gapMs ??= Math.Max(0, (Stopwatch.GetElapsedTime(_lastServiceEnd) - elapsed).TotalMilliseconds);
            }
        }
    }

    private static void Require(IReadOnlyList<MigrationStepResult> results)
    {
        foreach (var r in results)
        {
            if (r.GetOutcome() is not (MigrationStepOutcome.Done or MigrationStepOutcome.AlreadyDone))
            {
                throw new InvalidOperationException($"step {r.Id} ended {r.Outcome}: {r.ErrorId} {r.Message}");
            }
        }
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Uptime()
    {
        var start = new ProcessStartInfo("uptime") { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(start)!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        var at = text.IndexOf("load average", StringComparison.Ordinal);
        return at < 0 ? text : text[at..];
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(dir);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("git failed: " + err);
        }
    }

    private static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var c in text)
        {
            s.AppendChar(c);
        }

        s.MakeReadOnly();
        return s;
    }
}
