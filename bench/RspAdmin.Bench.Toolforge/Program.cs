using System.Diagnostics;
using System.Text;
using k8s.Models;
using RspAdmin.Core.Cluster;
using RspAdmin.Core.Toolforge;
using RspAdmin.Sandbox.Hosting;
using RspAdmin.Sandbox.Scenario;

// Usage: RspAdmin.Bench.Toolforge [resolve | pods | files <dir>]
//   resolve      100,000 names and URLs against a 200-entry catalog, engine only (target < 2 µs per name)
//   pods         20,000 running pods in the sandbox mapped to entries (target < 1 s beyond listing)
//   files <dir>  writes the catalog (images-v1.yaml) and the names (names.txt) for the cmdlet benchmark
//   (no argument: resolve, then pods)
const int Entries = 200;
const int Names = 100_000;
const int Pods = 20_000;
const double ResolveTargetMicroseconds = 2.0;
const double MapTargetMilliseconds = 1000.0;

var mode = args.Length > 0 ? args[0] : "all";
var catalogText = Catalog(Entries);
var names = Inputs(Entries, Names);
switch (mode)
{
    case "files":
        var dir = args.Length > 1 ? args[1] : ".";
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "images-v1.yaml"), catalogText);
        File.WriteAllLines(Path.Combine(dir, "names.txt"), names);
        return 0;
    case "resolve":
        Resolve();
        return 0;
    case "pods":
        await MapPodsAsync();
        return 0;
    default:
        Resolve();
        await MapPodsAsync();
        return 0;
}

void Resolve()
{
    var config = ToolforgeImageConfigParser.Parse(catalogText, "generated");
    var resolver = new ToolforgeImageResolver(config);
    var found = 0;
    for (var warm = 0; warm < 3; warm++)
    {
        found = names.Count(n => resolver.Resolve(n).Exists);
    }

    var samples = new List<double>();
    for (var run = 0; run < 9; run++)
    {
        var sw = Stopwatch.StartNew();
        foreach (var n in names)
        {
            _ = resolver.Resolve(n);
        }

        samples.Add(sw.Elapsed.TotalMilliseconds);
    }

    samples.Sort();
    var median = samples[samples.Count / 2];
    var perName = median * 1000.0 / names.Count;
    Console.WriteLine($"catalog: {config.Entries.Count} entries; inputs: {names.Count:N0} ({found:N0} found: names, aliases, variant names, pull URLs; the rest unknown)");
    Console.WriteLine($"resolve {names.Count:N0} names (engine, median of 9): {median:F1} ms, {perName:F3} µs per name; ratio to the {ResolveTargetMicroseconds} µs target: {perName / ResolveTargetMicroseconds:F3}");
}

async Task MapPodsAsync()
{
    var work = Path.Combine(Path.GetTempPath(), "rspadmin-bench-toolforge-" + Environment.ProcessId);
    Directory.CreateDirectory(work);
    var kubeconfig = Path.Combine(work, "kubeconfig");
    var scenario = ScenarioLoader.Parse("namespaces: [tf-public]\nfaults:\n  pendingPods: [\"tool-*/*\"]\nsettings:\n  eventLogCapacity: 100\n");
    for (var t = 0; t < 500; t++)
    {
        scenario.Namespaces.Add($"tool-t{t}");
    }

    try
    {
        await using var host = await SandboxHost.StartAsync(scenario, new SandboxHostOptions { KubeconfigPath = kubeconfig });
        var images = names.Where(n => n.Contains('/')).Take(400).ToArray();
        for (var i = 0; i < Pods; i++)
        {
            host.Store.Create(host.Store.Catalog.Pods, new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = $"job-{i}", NamespaceProperty = $"tool-t{i % 500}" },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "job", Image = images[i % images.Length] }] },
                Status = new V1PodStatus { Phase = "Running" },
            });
        }

        var config = ToolforgeImageConfigParser.Parse(catalogText, "generated");
        using var cluster = LabCluster.Connect(new ClusterConnectionOptions { KubeconfigPath = kubeconfig, RequestTimeout = TimeSpan.FromMinutes(2) });
        string[] kinds = ["Pod"];
        var listSamples = new List<double>();
        var mapSamples = new List<double>();
        var summaries = 0;
        for (var run = 0; run < 6; run++)
        {
            var sw = Stopwatch.StartNew();
            var workloads = await ToolforgeUsageScanner.ListAsync(cluster, ns => ns.StartsWith("tool-", StringComparison.Ordinal), kinds, null, default);
            var listed = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var resolver = new ToolforgeImageResolver(config);
            var usages = await ToolforgeUsageScanner.MapAsync(resolver, workloads, null, default);
            summaries = ToolforgeUsageScanner.Summarize(usages).Count;
            var mapped = sw.Elapsed.TotalMilliseconds;
            if (workloads.Count != Pods)
            {
                throw new InvalidOperationException($"listed {workloads.Count} containers, expected {Pods}");
            }

            if (run > 0)
            {
                listSamples.Add(listed);
                mapSamples.Add(mapped);
            }
        }

        listSamples.Sort();
        mapSamples.Sort();
        var map = mapSamples[mapSamples.Count / 2];
        Console.WriteLine($"pods: {Pods:N0} running in 500 tool namespaces, {images.Length} distinct images, {summaries} entries and unknown images in the report");
        Console.WriteLine($"list the pods (median of 5): {listSamples[listSamples.Count / 2]:F0} ms");
        Console.WriteLine($"map them to entries and count, beyond listing (median of 5): {map:F1} ms; ratio to the {MapTargetMilliseconds:F0} ms target: {map / MapTargetMilliseconds:F4}");
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }
}

// A catalog in the 2026 shape: per entry a web image, the jobs variant, a legacy alias and the variant names.
static string Catalog(int count)
{
    var text = new StringBuilder();
    for (var i = 0; i < count; i++)
    {
        var repo = $"toolforge-lang{i}";
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"lang{i}.0:\n  image: docker-registry.svc.toolforge.org/{repo}-sssd-web\n  state: {(i % 7 == 0 ? "deprecated" : "stable")}\n  aliases:\n");
        foreach (var alias in new[] { $"tf-lang{i}", $"tf-lang{i}-DEPRECATED", repo, $"{repo}-sssd-base", $"{repo}-sssd-web" })
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"    - {alias}\n");
        }

        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  variants:\n    jobs-framework:\n      image: docker-registry.svc.toolforge.org/{repo}-sssd-base\n    webservice:\n      image: docker-registry.svc.toolforge.org/{repo}-sssd-web\n      extra:\n        wstype: generic\n");
    }

    return text.ToString();
}

// Names, aliases, variant names with tags, pull URLs (new and old hosts) and unknown names, in a fixed pseudo-random order.
static List<string> Inputs(int entries, int count)
{
    var random = new Random(20260722);
    var result = new List<string>(count);
    for (var i = 0; i < count; i++)
    {
        var e = random.Next(entries);
        result.Add((i % 8) switch
        {
            0 => $"lang{e}.0",
            1 => $"tf-lang{e}",
            2 => $"toolforge-lang{e}-sssd-base",
            3 => $"toolforge-lang{e}-sssd-web:latest",
            4 => $"docker-registry.svc.toolforge.org/toolforge-lang{e}-sssd-web:latest",
            5 => $"docker-registry.svc.toolforge.org/toolforge-lang{e}-sssd-base:latest",
            6 => $"docker-registry.tools.wmflabs.org/toolforge-lang{e}-sssd-web:latest",
            _ => $"lang{e}.{random.Next(1, 9)}",
        });
    }

    return result;
}
