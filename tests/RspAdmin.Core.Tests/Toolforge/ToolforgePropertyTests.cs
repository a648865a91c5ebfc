using CsCheck;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Core.Tests.Toolforge;

/// <summary>Properties of resolution and validation over generated inputs and catalogs.</summary>
public sealed class ToolforgePropertyTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e", "f"];
    private static readonly string[] Paths = ["p1", "p2", "a", "b", "x"];
    private static readonly string[] AliasPool = ["a", "b", "p1", "x", "y", "z"];
    private static readonly string[] Hosts = ["h1.example.org", "h2.example.org"];
    private static readonly string[] Tags = ["", "latest", "v1"];

    private sealed record GenEntry(string Name, string Host, string Path, string Tag, string[] Aliases, bool Deprecated);

    private static Gen<T> Pick<T>(T[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static readonly Gen<GenEntry[]> CatalogGen =
        Gen.Select(
                Gen.Shuffle(Names).Select(n => n.ToArray()),
                Gen.Int[1, 5],
                Gen.Select(Pick(Hosts), Pick(Paths), Pick(Tags), Gen.Int[0, (1 << AliasPool.Length) - 1], Gen.Bool).Array[6])
            .Select((names, count, parts) => names.Take(count).Select((n, i) =>
                new GenEntry(n, parts[i].Item1, parts[i].Item2, parts[i].Item3,
                    AliasPool.Where((_, bit) => (parts[i].Item4 & (1 << bit)) != 0).ToArray(), parts[i].Item5)).ToArray());

    private static string Render(IEnumerable<GenEntry> entries, bool flow)
    {
        var text = new System.Text.StringBuilder();
        foreach (var e in entries)
        {
            var image = e.Host + "/" + e.Path + (e.Tag.Length > 0 ? ":" + e.Tag : string.Empty);
            var state = e.Deprecated ? "deprecated" : "stable";
            if (flow)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{e.Name}: {{state: {state}, aliases: [{string.Join(", ", e.Aliases)}], image: \"{image}\"}}\n");
            }
            else
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{e.Name}:\n  image: {image}\n  state: {state}\n  aliases:\n");
                foreach (var a in e.Aliases)
                {
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $"    - {a}\n");
                }
            }
        }

        return text.ToString();
    }

    private static ToolforgeImageResolver Resolver(IEnumerable<GenEntry> entries, bool flow = false) =>
        new(ToolforgeImageConfigParser.Parse(Render(entries, flow), "generated.yaml"));

    /// <summary>The spec's literal rule: the first entry in file order whose path, name or alias equals the name, host and tag agreeing when given.</summary>
    private static string? Model(GenEntry[] entries, string input)
    {
        var r = ToolforgeImageReference.Parse(input);
        if (r.Project.Length > 0 || r.Digest.Length > 0)
        {
            return null;
        }

        foreach (var e in entries)
        {
            var tag = e.Tag.Length > 0 ? e.Tag : "latest";
            if ((r.Host.Length > 0 && r.Host != e.Host) || (r.Tag.Length > 0 && r.Tag != tag))
            {
                continue;
            }

            if (e.Path == r.Path || e.Name == r.Name || e.Aliases.Contains(r.Name))
            {
                return e.Name;
            }
        }

        return null;
    }

    private static IEnumerable<string> Queries()
    {
        foreach (var key in Names.Concat(Paths).Concat(AliasPool).Distinct())
        {
            yield return key;
            foreach (var host in Hosts)
            {
                yield return host + "/" + key;
                foreach (var tag in Tags.Where(t => t.Length > 0))
                {
                    yield return host + "/" + key + ":" + tag;
                    yield return key + ":" + tag;
                }
            }
        }
    }

    private static readonly Gen<string> TrickyString = Gen.OneOf(
        Gen.String,
        Gen.Char["@/:.-_tol 0a\t\n\u00e9"].Array[0, 30].Select(c => new string(c)),
        Gen.Select(Pick(["tool-", "tool-x/", "h.o/", "@", ":", "/", "a.b/tool-"]), Gen.String).Select((a, b) => a + b));

    [Fact]
    public void ResolvingNeverThrows()
    {
        var catalog = ToolforgeImageConfigParser.Load(ToolforgeTestData.Own("images-v1.yaml"));
        var plain = new ToolforgeImageResolver(catalog);
        var harbor = new FixedHarbor("harbor.example.org");
        harbor.Add([new ToolforgeHarborImage("harbor.example.org", "tool-x", "app", "latest", "sha256:00")]);
        var withHarbor = new ToolforgeImageResolver(catalog, harbor: harbor);
        TrickyString.Sample(input =>
        {
            var image = plain.Resolve(input);
            Assert.NotNull(image.ShortName);
            Assert.NotNull(image.Url);
            var viaHarbor = withHarbor.ResolveAsync(input).AsTask().GetAwaiter().GetResult();
            Assert.NotNull(viaHarbor.State);
            Assert.Equal(image.Exists || viaHarbor.Exists, viaHarbor.Exists || image.Exists);
        }, iter: 20000);
    }

    [Fact]
    public void FirstMatchFollowsFileOrderOnly()
    {
        CatalogGen.Sample(entries =>
        {
            var block = Resolver(entries);
            var flow = Resolver(entries, flow: true);
            foreach (var q in Queries())
            {
                var expected = Model(entries, q);
                var got = block.Resolve(q);
                Assert.Equal(expected, got.Exists ? got.ShortName : null);
                Assert.Equal(got.ShortName, flow.Resolve(q).ShortName);
            }
        }, iter: 300);
    }

    [Fact]
    public void ConflictReportedExactlyWhenReverseMappingDependsOnOrder()
    {
        CatalogGen.Sample(entries =>
        {
            var forward = Resolver(entries);
            var backward = Resolver(entries.Reverse());
            var dependsOnOrder = Queries().Any(q => forward.Resolve(q).ShortName != backward.Resolve(q).ShortName);
            var findings = ToolforgeImageConfigValidator.Validate(Render(entries, flow: false), "generated.yaml");
            var reported = findings.Any(f => f.Code is "Toolforge.NameConflict" or "Toolforge.AliasShadowsName");
            Assert.Equal(dependsOnOrder, reported);
        }, iter: 500);
    }
}
