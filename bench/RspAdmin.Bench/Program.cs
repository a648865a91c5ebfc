using System.Diagnostics;
using RspAdmin.Bench;
using RspAdmin.Core.Images;

// Usage: RspAdmin.Bench tags [count]
var which = args.Length > 0 ? args[0] : "tags";
switch (which)
{
    case "tags":
        return TagBenchmark(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
    case "catalog":
        return CatalogBenchmark(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5_000);
    case "registry":
        return RegistryBreakdown(args[1], args[2]);
    case "list":
        // Prints the realistic tag population, one per line, for benchmarks run from PowerShell.
        foreach (var tag in RealisticTags.Generate(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000))
        {
            Console.WriteLine(tag);
        }

        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}'; known: tags, catalog, list");
        return 2;
}

static int TagBenchmark(int count)
{
    const double targetMs = 20.0;
    var tags = RealisticTags.Generate(count);
    var aliases = new HashSet<string>(StringComparer.Ordinal) { "recommended", "recommended_c0044" };

    List<LabImageTag> Run()
    {
        var parsed = new List<LabImageTag>(tags.Count);
        foreach (var tag in tags)
        {
            parsed.Add(aliases.Contains(tag) ? LabImageTagParser.ParseAlias(tag) : LabImageTagParser.Parse(tag));
        }

        parsed.Sort(LabImageTagComparer.MenuOrder);
        return parsed;
    }

    // Warm up (JIT, regex construction), then take the median of timed runs.
    for (var i = 0; i < 30; i++)
    {
        Run();
    }

    Thread.Sleep(200); // let tiered compilation finish its background work
    var samples = new List<double>();
    for (var i = 0; i < 25; i++)
    {
        var sw = Stopwatch.StartNew();
        var result = Run();
        sw.Stop();
        if (result.Count != tags.Count)
        {
            throw new InvalidOperationException("lost tags");
        }

        samples.Add(sw.Elapsed.TotalMilliseconds);
    }

    var parseOnly = new List<double>();
    for (var i = 0; i < 25; i++)
    {
        var sw = Stopwatch.StartNew();
        foreach (var tag in tags)
        {
            LabImageTagParser.Parse(tag);
        }

        parseOnly.Add(sw.Elapsed.TotalMilliseconds);
    }

    parseOnly.Sort();
    Console.WriteLine($"  parse only: median {parseOnly[parseOnly.Count / 2]:F2} ms");
    samples.Sort();
    var median = samples[samples.Count / 2];
    var types = Run().GroupBy(t => t.GetKind()).Select(g => $"{g.Key}={g.Count()}");
    Console.WriteLine($"parse+sort {count} tags ({string.Join(", ", types)})");
    Console.WriteLine($"  median {median:F2} ms, min {samples[0]:F2} ms, max {samples[^1]:F2} ms over {samples.Count} runs");
    Console.WriteLine($"  target {targetMs} ms: ratio {median / targetMs:F2} ({(median <= targetMs ? "met" : "MISSED")})");
    return 0;
}

static int CatalogBenchmark(int count)
{
    var tags = RealisticTags.Generate(count);
    var config = new RspAdmin.Core.Config.LabImageConfig { Source = RspAdmin.Core.Config.LabImageSource.Docker("lsst-sqre/sciplat-lab", "ghcr.io") };
    var builder = new RspAdmin.Core.Images.LabImageCatalogBuilder(config);
    var options = new RspAdmin.Core.Images.LabImageCatalogOptions { ResolveDigest = RspAdmin.Core.Images.LabImageDigestMode.None };
    for (var i = 0; i < 30; i++)
    {
        builder.BuildAsync(tags, null, options).GetAwaiter().GetResult();
    }

    Thread.Sleep(200);
    var samples = new List<double>();
    for (var i = 0; i < 25; i++)
    {
        var sw = Stopwatch.StartNew();
        builder.BuildAsync(tags, null, options).GetAwaiter().GetResult();
        samples.Add(sw.Elapsed.TotalMilliseconds);
    }

    samples.Sort();
    Console.WriteLine($"catalog of {count} tags (no digests): median {samples[samples.Count / 2]:F2} ms, min {samples[0]:F2} ms");
    return 0;
}

static int RegistryBreakdown(string registry, string repository)
{
    var config = new RspAdmin.Core.Config.LabImageConfig { Source = RspAdmin.Core.Config.LabImageSource.Docker(repository, registry) };
    var access = new RspAdmin.Core.Images.RegistryAccess();
    double Median(Func<Task> run)
    {
        for (var i = 0; i < 10; i++)
        {
            run().GetAwaiter().GetResult();
        }

        var samples = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var sw = Stopwatch.StartNew();
            run().GetAwaiter().GetResult();
            samples.Add(sw.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }

    using var shared = access.CreateClient(registry);
    IReadOnlyList<string> tags = shared.ListTagsAsync(repository).GetAwaiter().GetResult();
    Console.WriteLine($"list, new client each time: {Median(async () => { using var c = access.CreateClient(registry); await c.ListTagsAsync(repository); }):F2} ms");
    Console.WriteLine($"list, one client:           {Median(async () => await shared.ListTagsAsync(repository)):F2} ms");
    var none = new RspAdmin.Core.Images.LabImageCatalogOptions { ResolveDigest = RspAdmin.Core.Images.LabImageDigestMode.None };
    Console.WriteLine($"catalog from listed tags:   {Median(async () => await new RspAdmin.Core.Images.LabImageCatalogBuilder(config).BuildAsync(tags, null, none)):F2} ms");
    IReadOnlyList<RspAdmin.Core.Images.LabImageTag> parsed = null!;
    Console.WriteLine($"  parse+sort tags:          {Median(async () => { parsed = RspAdmin.Core.Images.LabImageCatalogBuilder.ParseTags(tags, config); await Task.CompletedTask; }):F2} ms");
    List<RspAdmin.Core.Images.LabImageTag> unsorted = null!;
    Console.WriteLine($"    parse only:             {Median(async () => { unsorted = tags.Select(t => RspAdmin.Core.Images.LabImageTagParser.Parse(t)).ToList(); await Task.CompletedTask; }):F2} ms");
    Console.WriteLine($"    sort only:              {Median(async () => { var copy = new List<RspAdmin.Core.Images.LabImageTag>(unsorted); copy.Sort(RspAdmin.Core.Images.LabImageTagComparer.MenuOrder); await Task.CompletedTask; }):F2} ms");
    List<RspAdmin.Core.Images.LabImage> images = null!;
    Console.WriteLine($"  images:                   {Median(async () => { images = parsed.Select(t => new RspAdmin.Core.Images.LabImage(t, registry, repository)).ToList(); await Task.CompletedTask; }):F2} ms");
    Console.WriteLine($"  collection:               {Median(async () => { _ = new RspAdmin.Core.Images.LabImageCollection(parsed.Select(t => new RspAdmin.Core.Images.LabImage(t, registry, repository))); await Task.CompletedTask; }):F2} ms (images included)");
    Console.WriteLine($"  dropdown:                 {Median(async () => { _ = config.DropdownMenu.Apply(images, i => i.GetParsedTag(), DateTimeOffset.UtcNow).ToList(); await Task.CompletedTask; }):F2} ms");
    Console.WriteLine($"service, no digests:        {Median(async () => await RspAdmin.Core.Images.LabImageCatalogService.LoadAsync(config, access, none, CancellationToken.None)):F2} ms");
    Console.WriteLine($"service, prepull digests:   {Median(async () => await RspAdmin.Core.Images.LabImageCatalogService.LoadAsync(config, access, new RspAdmin.Core.Images.LabImageCatalogOptions(), CancellationToken.None)):F2} ms");
    return 0;
}
