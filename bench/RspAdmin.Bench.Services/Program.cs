using System.Diagnostics;
using System.Globalization;
using RspAdmin.Core.ArgoCd;
using RspAdmin.Core.Cluster;
using RspAdmin.Sandbox.Hosting;
using RspAdmin.Sandbox.Scenario;

// Usage: RspAdmin.Bench.Services [namespaces N] [sync RUNS] [window N]
//   (default: namespaces and sync, N = 2000, RUNS = 5; window: the migration's stage-1 window, N = 500 v2 lab namespaces)
var mode = args.Length > 0 ? args[0] : "all";
var count = args.Length > 1 && mode is "namespaces" or "window" ? int.Parse(args[1], CultureInfo.InvariantCulture) : mode == "window" ? 500 : 2000;
var runs = args.Length > 1 && mode == "sync" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
if (mode is "all" or "namespaces")
{
    await Namespaces.RunAsync(count);
}

if (mode is "all" or "sync")
{
    await SyncWait.RunAsync(runs);
}

if (mode == "window")
{
    await MigrationWindow.RunAsync(count);
}

internal static class Namespaces
{
    private static string Scenario(int count) => $$"""
        settings: { namespaceTerminationSeconds: 0.5 }
        labNamespaces: { v2Count: {{count}}, v3Count: 20, decoys: true }
        """;

    public static async Task RunAsync(int count)
    {
        var dir = Directory.CreateTempSubdirectory("rspadmin-bench-ns-").FullName;
        try
        {
            // The procedure's pipeline, on a fresh world.
            double pipelineMs;
            long pipelineRequests;
            List<string> grepDeletedDecoys;
            await using (var host = await SandboxHost.StartAsync(ScenarioLoader.Parse(Scenario(count)), new SandboxHostOptions { KubeconfigPath = Path.Combine(dir, "kc1") }))
            {
                var before = Names(host);
                host.Requests.Reset();
                var kc = host.KubeconfigPath!;
                var clock = Stopwatch.StartNew();
                Run("bash", "-c", $"kubectl --kubeconfig '{kc}' get ns | grep nublado2- | awk '{{print $1}}' | xargs kubectl --kubeconfig '{kc}' delete ns > /dev/null");
                pipelineMs = clock.Elapsed.TotalMilliseconds;
                pipelineRequests = host.Requests.Total;
                var after = Names(host);
                grepDeletedDecoys = before.Except(after).Where(n => !(n.StartsWith("nublado2-user", StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
            }

            // RspAdmin's engine (what Remove-LabUserNamespace runs), on an identical fresh world.
            double rspMs;
            long lists, deletes, watches, total;
            List<string> kept;
            await using (var host = await SandboxHost.StartAsync(ScenarioLoader.Parse(Scenario(count)), new SandboxHostOptions { KubeconfigPath = Path.Combine(dir, "kc2") }))
            {
                using var cluster = LabCluster.Connect(new ClusterConnectionOptions { KubeconfigPath = host.KubeconfigPath });
                var client = new LabNamespaceClient(cluster);
                host.Requests.Reset();
                var clock = Stopwatch.StartNew();
                var selected = await client.ListAsync(LabNamespaceRules.V2Prefix);
                var results = await client.RemoveAsync(selected, TimeSpan.FromMinutes(5));
                rspMs = clock.Elapsed.TotalMilliseconds;
                total = host.Requests.Total;
                lists = host.Requests.Count("GET", "/api/v1/namespaces") - host.Requests.Count("GET", "/api/v1/namespaces/");
                deletes = host.Requests.Count("DELETE", "/api/v1/namespaces/");

                // The watch is counted when its stream closes, which may be after this point; it is one request.
                watches = 1;
                if (results.Any(r => r.GetOutcome() != LabNamespaceOutcome.Deleted))
                {
                    throw new InvalidOperationException("not every namespace was deleted");
                }

                kept = Names(host).Where(n => grepDeletedDecoys.Contains(n)).ToList();
            }

            Console.WriteLine($"lab namespace removal, {count} nublado2- namespaces + 20 nublado- + decoys (both waited until gone):");
            Console.WriteLine($"  kubectl | grep | awk | xargs kubectl delete: {pipelineMs:0} ms, {pipelineRequests} API requests");
            Console.WriteLine($"  RspAdmin (list, delete with uid preconditions, one watch): {rspMs:0} ms, {lists + deletes + watches} API requests ({lists} lists: the label-selected one and the one-item list the watch starts from; {deletes} deletes; {watches} watch)");
            Console.WriteLine($"  ratio RspAdmin / pipeline: {rspMs / pipelineMs:0.0000} (target at most 1.00)");
            Console.WriteLine($"  decoys the grep pipeline deleted and RspAdmin kept: {(grepDeletedDecoys.Count == 0 ? "none" : string.Join(", ", grepDeletedDecoys))} (RspAdmin kept {kept.Count} of them)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<string> Names(SandboxHost host) =>
        host.Store.List(host.Store.Catalog.Namespaces).Items.Select(i => i.Name).ToList();

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {err}");
        }
    }
}

internal static class SyncWait
{
    public static async Task RunAsync(int runs)
    {
        var dir = Directory.CreateTempSubdirectory("rspadmin-bench-sync-").FullName;
        try
        {
            var phalanx = Path.Combine(dir, "phalanx");
            Directory.CreateDirectory(Path.Combine(phalanx, "environments"));
            Directory.CreateDirectory(Path.Combine(phalanx, "applications", "mobu"));
            File.WriteAllText(Path.Combine(phalanx, "environments", "values-bench.yaml"), "name: bench\napplications:\n  mobu: true\n");
            File.WriteAllText(Path.Combine(phalanx, "applications", "mobu", "values.yaml"), "config:\n  autostart: []\n");
            const double operationSeconds = 1.0;
            var yaml = $$"""
                phalanx: { path: {{phalanx}}, environment: bench }
                argoCd: { operationSeconds: {{operationSeconds.ToString(CultureInfo.InvariantCulture)}}, tokens: [bench-token] }
                """;
            await using var host = await SandboxHost.StartAsync(ScenarioLoader.Parse(yaml), new SandboxHostOptions());
            using var argo = ArgoCdClient.WithToken(new Uri(host.ApiAddress, "argo-cd"), "bench-token");
            var overheads = new List<double>();
            for (var i = 0; i < runs + 1; i++)
            {
                var clock = Stopwatch.StartNew();
                await argo.SyncAsync("mobu", new ArgoCdSyncRequest());
                var done = await argo.WaitAsync("mobu", TimeSpan.FromMinutes(1));
                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (done.Operation?.Phase != "Succeeded")
                {
                    throw new InvalidOperationException("the sync did not succeed");
                }

                if (i > 0)
                {
                    overheads.Add(elapsed - operationSeconds * 1000);
                }
            }

            overheads.Sort();
            Console.WriteLine($"Sync-ArgoCdApplication -Wait over a {operationSeconds:0.0} s operation, {runs} runs: overhead median {overheads[overheads.Count / 2]:0} ms, max {overheads[^1]:0} ms (target under 100 ms)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
