using System.Diagnostics;
using System.Globalization;
using System.Text;
using RspAdmin.Core.Profiles;

// Usage: RspAdmin.Bench.Profiles [fixture-folder]
// Times reading and checking profile lists as Test-HubProfileList does, warm (after warm-up runs):
// each real 2i2c hub values file of the shared fixtures (when present), and a generated list of
// 500 profiles with 50 choices each (image options with a free-text entry, a validation regex and
// dynamic image building, so every regex dialect and sample built name is exercised).
const double TargetMs = 50.0;
const int Warmup = 10;
const int Runs = 21;
const int Profiles = 500;
const int Choices = 50;

var fixtures = args.Length > 0 ? args[0] : FixtureFolder();
var work = Path.Combine(Path.GetTempPath(), "rspadmin-bench-profiles-" + Environment.ProcessId);
Directory.CreateDirectory(work);
try
{
    var generated = Path.Combine(work, "generated.values.yaml");
    File.WriteAllText(generated, Generate(Profiles, Choices));
    Console.WriteLine($"generated list: {Profiles} profiles x {Choices} choices, {new FileInfo(generated).Length:N0} bytes");

    var (readAndCheck, checkOnly, findings) = Measure(generated);
    var (readCpu, checkCpu) = MeasureCpu(generated);
    Console.WriteLine($"  wall, median: read + check {readAndCheck:F1} ms ({readAndCheck * 1000 / Profiles:F1} us per profile); check only {checkOnly:F1} ms ({checkOnly * 1000 / Profiles:F1} us per profile); {findings} findings");
    Console.WriteLine($"  CPU time of this process, mean: read {readCpu:F1} ms; check {checkCpu:F1} ms ({checkCpu * 1000 / Profiles:F1} us per profile) (wall time on a shared machine includes waiting for a core)");
    Console.WriteLine($"  target {TargetMs:F0} ms for the check of the loaded list (Test-HubProfileList -InputObject, warm): wall {checkOnly / TargetMs:F2} of target ({(checkOnly <= TargetMs ? "met" : "missed")}), CPU {checkCpu / TargetMs:F2} of target ({(checkCpu <= TargetMs ? "met" : "missed")})");
    Console.WriteLine($"  reading the {new FileInfo(generated).Length / 1024 / 1024.0:F1} MiB file (YAML parse, anchors, typing) is reported apart: CPU {readCpu:F1} ms");

    if (fixtures is null)
    {
        Console.WriteLine("fixture hubs: skipped (the shared fixtures beside the repository were not found)");
    }
    else
    {
        double total = 0;
        var profiles = 0;
        foreach (var file in Directory.GetFiles(fixtures, "*.yaml").Order(StringComparer.Ordinal))
        {
            if (!File.ReadAllText(file).Contains("profileList:", StringComparison.Ordinal))
            {
                continue;
            }

            var (ms, _, count) = Measure(file);
            var list = HubProfileList.FromValues(HubValues.Load([file]));
            profiles += list.Profiles.Count;
            total += ms;
            Console.WriteLine($"  {Path.GetFileName(file),-48} {list.Profiles.Count,3} profiles  {ms,7:F2} ms  {count} findings");
        }

        Console.WriteLine($"fixture hubs: {total:F1} ms in all, {(profiles == 0 ? 0 : total * 1000 / profiles):F0} us per profile");
    }

    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static (double ReadAndCheck, double CheckOnly, int Findings) Measure(string path)
{
    var findings = 0;
    for (var i = 0; i < Warmup; i++)
    {
        findings = HubProfileListChecker.Check(HubProfileList.FromValues(HubValues.Load([path]))).Count;
    }

    var full = new List<double>();
    var check = new List<double>();
    for (var i = 0; i < Runs; i++)
    {
        var sw = Stopwatch.StartNew();
        var list = HubProfileList.FromValues(HubValues.Load([path]));
        var read = sw.Elapsed.TotalMilliseconds;
        Settle();
        sw.Restart();
        findings = HubProfileListChecker.Check(list).Count;
        sw.Stop();
        full.Add(read + sw.Elapsed.TotalMilliseconds);
        check.Add(sw.Elapsed.TotalMilliseconds);
    }

    return (Median(full), Median(check), findings);
}

static (double Read, double Check) MeasureCpu(string path)
{
    var process = Process.GetCurrentProcess();
    double read = 0, check = 0;
    for (var i = 0; i < Runs; i++)
    {
        process.Refresh();
        var t0 = process.TotalProcessorTime;
        var list = HubProfileList.FromValues(HubValues.Load([path]));
        process.Refresh();
        var read1 = process.TotalProcessorTime;
        Settle();
        process.Refresh();
        var t1 = process.TotalProcessorTime;
        HubProfileListChecker.Check(list);
        process.Refresh();
        var t2 = process.TotalProcessorTime;
        read += (read1 - t0).TotalMilliseconds;
        check += (t2 - t1).TotalMilliseconds;
    }

    return (read / Runs, check / Runs);
}

// Collects the garbage the read left (untimed), so that the check's figure is the check's own work
// and not collections the read's allocations brought on, as for a list loaded some time before.
static void Settle()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

static string Generate(int profiles, int choices)
{
    var text = new StringBuilder("jupyterhub:\n  singleuser:\n    profileList:\n");
    for (var p = 0; p < profiles; p++)
    {
        text.Append(CultureInfo.InvariantCulture, $$"""
                  - display_name: Profile {{p}}
                    slug: profile-{{p}}
                    description: Generated profile {{p}}
                    profile_options:
                      image:
                        display_name: Image
                        dynamic_image_building:
                          enabled: true
                        unlisted_choice:
                          enabled: true
                          display_name: Custom image
                          validation_regex: ^.+:.+$
                          validation_message: Must be an image with a tag
                          kubespawner_override:
                            image: '{value}'
                            environment: {CUSTOM_IMAGE: '{value}', USER: '${JUPYTER_USER}'}
                        choices:

            """);
        for (var c = 0; c < choices; c++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                              choice-{{c}}:
                                display_name: Image {{c}}
                                kubespawner_override:
                                  image: quay.io/example-org/image-{{p}}-{{c}}:2024.{{c % 12 + 1:D2}}.01

                """);
        }
    }

    return text.ToString();
}

static string? FixtureFolder()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RspAdmin.sln")))
    {
        dir = dir.Parent;
    }

    var folder = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "toolforge-2i2c", "2i2c-infrastructure"));
    return folder is not null && Directory.Exists(folder) ? folder : null;
}
