using System.Diagnostics;
using RspAdmin.Core.Yaml;

// Usage: RspAdmin.Bench.YamlEdit [values-file]
// Without an argument, edits the largest values file under ../shared/fixtures/nublado/phalanx
// (found from the repository root): ensure controller.config.images.pin holds w_2099_01.
const double TargetMs = 20.0;
const int Warmup = 30;
const int Runs = 41;
var pin = YamlPath.Parse("controller.config.images.pin");

var source = args.Length > 0 ? args[0] : LargestFixture();
if (source is null)
{
    Console.Error.WriteLine("No values file given and the shared fixtures (../shared beside the repository) were not found.");
    return 2;
}

var bytes = File.ReadAllBytes(source);
Console.WriteLine($"file: {source} ({bytes.Length:N0} bytes)");

var work = Path.Combine(Path.GetTempPath(), "rspadmin-bench-yamledit-" + Environment.ProcessId);
Directory.CreateDirectory(work);
var copy = Path.Combine(work, Path.GetFileName(source));
try
{
    File.WriteAllBytes(copy, bytes);

    // Load + edit + render (what -WhatIf costs, diff excluded).
    double EditOnce()
    {
        var sw = Stopwatch.StartNew();
        var document = EditableYamlDocument.Load(copy);
        if (!document.EnsureSequenceItem(pin, "w_2099_01"))
        {
            throw new InvalidOperationException("the pin was already there");
        }

        var rendered = document.ToBytes();
        sw.Stop();
        if (rendered.Length <= bytes.Length)
        {
            throw new InvalidOperationException("the edit added nothing");
        }

        return sw.Elapsed.TotalMilliseconds;
    }

    // The unified diff for -WhatIf, timed on its own.
    double DiffOnce()
    {
        var document = EditableYamlDocument.Load(copy);
        document.EnsureSequenceItem(pin, "w_2099_01");
        var sw = Stopwatch.StartNew();
        var diff = document.GetUnifiedDiff();
        sw.Stop();
        return diff.Length > 0 ? sw.Elapsed.TotalMilliseconds : throw new InvalidOperationException("empty diff");
    }

    // Save alone: the changed-on-disk check, temporary file, flush to disk, rename.
    double SaveOnce()
    {
        File.WriteAllBytes(copy, bytes);
        var document = EditableYamlDocument.Load(copy);
        document.EnsureSequenceItem(pin, "w_2099_01");
        var sw = Stopwatch.StartNew();
        var saved = document.Save();
        sw.Stop();
        return saved ? sw.Elapsed.TotalMilliseconds : throw new InvalidOperationException("nothing saved");
    }

    var edit = Median(EditOnce);
    var diff = Median(DiffOnce);
    var save = Median(SaveOnce);
    Console.WriteLine($"load+edit+render: {edit:F3} ms per edit (median of {Runs}); ratio = measured / {TargetMs} ms = {edit / TargetMs:F3}");
    Console.WriteLine($"unified diff:     {diff:F3} ms (median of {Runs})");
    Console.WriteLine($"save (atomic):    {save:F3} ms per save (median of {Runs}); ratio = measured / {TargetMs} ms = {save / TargetMs:F3}");
    Console.WriteLine($"edit+diff+save:   {edit + diff + save:F3} ms; ratio = measured / {TargetMs} ms = {(edit + diff + save) / TargetMs:F3}");
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static double Median(Func<double> run)
{
    for (var i = 0; i < Warmup; i++)
    {
        run();
    }

    Thread.Sleep(200); // let tiered compilation finish its background work
    var samples = Enumerable.Range(0, Runs).Select(_ => run()).Order().ToList();
    return samples[Runs / 2];
}

static string? LargestFixture()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RspAdmin.sln")))
    {
        dir = dir.Parent;
    }

    var fixtures = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "nublado", "phalanx"));
    return fixtures is null || !Directory.Exists(fixtures)
        ? null
        : Directory.GetFiles(fixtures, "*.yaml", SearchOption.AllDirectories).OrderByDescending(f => new FileInfo(f).Length).ThenBy(f => f, StringComparer.Ordinal).First();
}
