using RspAdmin.Core.Http;
using System.Diagnostics;
using RspAdmin.Core.Config;
using RspAdmin.Core.Promotion;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

// Usage: RspAdmin.Bench.Promote
// 1. Retag latency: LabImageRetagger.CopyAsync (a new client per copy, so connection set-up is counted) versus
//    `skopeo copy` of the same tag in the same registry, medians of the same number of runs; and the requests
//    one copy puts on the wire, from the client's request log.
// 2. The prepull edit of the largest real nublado environment (plan = read values.yaml and values-ENV.yaml,
//    edit, diff; then save), on a temporary copy.
const int Runs = 21;
const double EditTargetMs = 20.0;

if (!LocalRegistry.IsInstalled)
{
    Console.Error.WriteLine("docker-registry is not installed; nothing to measure.");
    return 2;
}

using var registry = await LocalRegistry.StartAsync();
using (var seeder = registry.CreateClient())
{
    await LabRepositorySeeder.SeedAsync(seeder, LabRepositorySeeder.DefaultRepository, LabTagPlan.Create(60));
}

const string repository = LabRepositorySeeder.DefaultRepository;
var sources = new Dictionary<string, string>
{
    ["OCI manifest"] = "d_2025_05_16",
    ["OCI index"] = "w_2025_20",
};

var skopeo = FindOnPath("skopeo");
foreach (var (kind, source) in sources)
{
    // Requests on the wire for one copy.
    var log = new List<HttpRequestLogEntry>();
    using (var client = CreateClient(registry, log))
    {
        await LabImageRetagger.CopyAsync(client, repository, source, "bench_count", null, CancellationToken.None);
    }

    var counts = string.Join(", ", log.GroupBy(e => e.Method).Select(g => $"{g.Count()} {g.Key}"));
    var exact = log.Select(e => e.Method).SequenceEqual(["GET", "PUT", "HEAD"]);
    Console.WriteLine($"{kind} ({source}): one retag = {counts} ({(exact ? "exactly one GET, one PUT and the verifying HEAD" : "NOT the expected GET, PUT, HEAD")})");

    var ours = await MedianAsync(async i =>
    {
        var watch = Stopwatch.StartNew();
        using var client = CreateClient(registry, null);
        await LabImageRetagger.CopyAsync(client, repository, source, $"bench_ours_{i}", null, CancellationToken.None);
        return watch.Elapsed.TotalMilliseconds;
    });

    if (skopeo is null)
    {
        Console.WriteLine($"  retag (engine, new connection): {ours:F2} ms median of {Runs}; skopeo is not installed, no ratio");
        continue;
    }

    var all = kind == "OCI index" ? "--all " : string.Empty;
    var theirs = await MedianAsync(async i =>
    {
        var watch = Stopwatch.StartNew();
        await RunAsync(skopeo, $"copy {all}--quiet --src-tls-verify=false --dest-tls-verify=false docker://{registry.Address}/{repository}:{source} docker://{registry.Address}/{repository}:bench_skopeo_{i}");
        return watch.Elapsed.TotalMilliseconds;
    });
    Console.WriteLine($"  retag (engine, new connection): {ours:F2} ms vs skopeo copy {all}{theirs:F2} ms (medians of {Runs}): ratio {ours / theirs:F3} (target <= 1.0)");
}

// The prepull edit of the largest nublado environment of the real Phalanx fixtures.
var fixtures = FindFixtures();
if (fixtures is null)
{
    Console.WriteLine("prepull edit: the shared fixtures (../shared beside the repository) were not found; not measured");
    return 0;
}

var environmentFile = Directory.GetFiles(fixtures, "values-*.yaml", SearchOption.AllDirectories)
    .Where(f => f.Replace('\\', '/').Contains("/applications/nublado/", StringComparison.Ordinal))
    .Where(f => LabImageConfigReader.ReadPhalanx(SnapshotOf(f), EnvironmentOf(f)).Source.GetKind() == LabImageSourceType.Docker)
    .OrderByDescending(f => new FileInfo(f).Length)
    .First();
var snapshot = SnapshotOf(environmentFile);
var environment = EnvironmentOf(environmentFile);
var work = Path.Combine(Path.GetTempPath(), "rspadmin-bench-promote-" + Environment.ProcessId);
try
{
    CopyTree(snapshot, work);
    var target = Path.Combine(work, Path.GetRelativePath(snapshot, environmentFile));
    var original = File.ReadAllBytes(target);
    IReadOnlyList<string> tags = [.. Enumerable.Range(1, 10).Select(w => $"w_2099_{w:00}")];
    Task<IReadOnlyList<string>> List(LabImageConfig config, CancellationToken token) => Task.FromResult(tags);

    var plan = await MedianAsync(async _ =>
    {
        var watch = Stopwatch.StartNew();
        var changes = await LabImagePrepullPlanner.PlanAsync(work, environment, "w_2099_01", false, List, CancellationToken.None);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        return changes.Single().Diff.Length > 0 ? elapsed : throw new InvalidOperationException("no edit");
    });
    var save = await MedianAsync(async _ =>
    {
        File.WriteAllBytes(target, original);
        var changes = await LabImagePrepullPlanner.PlanAsync(work, environment, "w_2099_01", false, List, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var saved = changes.Single().Save();
        return saved ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException("nothing saved");
    });
    Console.WriteLine($"prepull edit of {Path.GetRelativePath(fixtures, environmentFile)} ({original.Length:N0} bytes, over values.yaml {new FileInfo(Path.Combine(snapshot, "applications/nublado/values.yaml")).Length:N0} bytes):");
    Console.WriteLine($"  read both files + pin + diff: {plan:F3} ms; atomic save: {save:F3} ms; total {plan + save:F3} ms vs target {EditTargetMs} ms: ratio {(plan + save) / EditTargetMs:F3}");
}
finally
{
    Directory.Delete(work, recursive: true);
}

return 0;

static RegistryClient CreateClient(LocalRegistry registry, List<HttpRequestLogEntry>? log) => new(new RegistryClientOptions
{
    Registry = registry.Address,
    UseDockerConfig = false,
    RequestLog = log is null ? null : log.Add,
});

static async Task<double> MedianAsync(Func<int, Task<double>> run)
{
    for (var i = 0; i < 3; i++)
    {
        await run(-1 - i);
    }

    var samples = new List<double>();
    for (var i = 0; i < Runs; i++)
    {
        samples.Add(await run(i));
    }

    samples.Sort();
    return samples[Runs / 2];
}

static async Task RunAsync(string file, string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var error = process.StandardError.ReadToEndAsync();
    await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {arguments} failed: {await error}");
    }
}

static string? FindOnPath(string name) =>
    (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
        .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

static string? FindFixtures()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RspAdmin.sln")))
    {
        dir = dir.Parent;
    }

    var fixtures = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "nublado", "phalanx"));
    return fixtures is not null && Directory.Exists(fixtures) ? fixtures : null;
}

static string SnapshotOf(string valuesFile) => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(valuesFile)!, "..", ".."));

static string EnvironmentOf(string valuesFile) => Path.GetFileNameWithoutExtension(valuesFile)["values-".Length..];

static void CopyTree(string from, string to)
{
    foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
    {
        var target = Path.Combine(to, Path.GetRelativePath(from, file));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(file, target);
    }
}
