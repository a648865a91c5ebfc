using CsCheck;
using RspAdmin.Core.Profiles;
using RspAdmin.Core.Tests.Support;

namespace RspAdmin.Core.Tests.Profiles;

/// <summary>
/// RspAdmin's verdict in each regex dialect, and its <c>{value}</c> expansion, against the real
/// engines: Python's <c>re.match</c> and <c>str.format_map</c>, Node's <c>RegExp</c> with the HTML
/// pattern's <c>v</c> flag and fancy-profiles' <c>g</c> search.
/// </summary>
public sealed class DialectDifferentialTests
{
    private const string PythonRegexScript = """
        import json, re, sys
        cases = json.load(sys.stdin)
        out = []
        for pattern, values in cases:
            try:
                compiled = re.compile(pattern)
            except re.error as e:
                out.append(None)
                continue
            out.append([compiled.match(v) is not None for v in values])
        json.dump(out, sys.stdout)
        """;

    private const string NodeRegexScript = """
        const fs = require('fs');
        const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
        const out = cases.map(([pattern, values]) => {
          let html = null, fancy = null;
          try { new RegExp('^(?:' + pattern + ')$', 'v'); html = values.map(v => new RegExp('^(?:' + pattern + ')$', 'v').test(v)); } catch (e) { html = null; }
          try { new RegExp(pattern, 'g'); fancy = values.map(v => new RegExp(pattern, 'g').test(v)); } catch (e) { fancy = null; }
          return [html, fancy];
        });
        process.stdout.write(JSON.stringify(out));
        """;

    private const string PythonFormatScript = """
        import json, sys
        class IgnoreMissing(dict):
            def __missing__(self, key):
                return "{" + key + "}"
        out = []
        for template, value in json.load(sys.stdin):
            try:
                out.append([True, template.format_map(IgnoreMissing(value=value))])
            except (ValueError, KeyError, IndexError, AttributeError, TypeError) as e:
                out.append([False, type(e).__name__])
        json.dump(out, sys.stdout)
        """;

    /// <summary>Patterns written the ways operators write them, and the corners where the dialects part.</summary>
    internal static readonly string[] Patterns =
    [
        "^.+:.+$", "pangeo", "^pangeo/.*$", "^jupyter/.+:.+$", @"[a-z]+/[a-z-]+:\d+", @"^[\w.-]+/[\w.-]+:[\w.-]+$",
        @"^[\w.\-]+/[\w.\-]+:[\w.\-]+$", @"^(quay\.io|docker\.io)/.+$", "(?i)^QUAY", "^(?P<repo>[^:]+):(?P<tag>.+)$",
        @"^\S+:\S+\Z", ".*:latest$", "^[^ ]+$", @"\bfoo\b", "^a{2,3}$", "x{", "x}", @"^\d+$", @"^[^\s]+:[^\s]+$",
        "^.*$", "^$", "a|b:c", "^(?=.*:).+$", "(?<=/)x", @"^\w+$", "[", "(", "^[a-z-]+$", "^[-a-z]+$", "a]",
        @"^\s*\S+\s*$", "^(?<name>[a-z]+):", @"\/", @"^[a-z]+\.[a-z]+$", "^[^:]+$", "*a", "a**", @"\$",
        "^(a|ab)(c|bcd)(d*)$", "^[a-z0-9]+(?:[._-][a-z0-9]+)*/[a-z0-9]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
    ];

    private static readonly string[] FixedValues =
    [
        "pangeo/pangeo-notebook:2024.06.02", "pangeo/pangeo-notebook", "foo:bar\n", " x:y ", "quay.io/jupyter/base-notebook:latest",
        "pangeo-extra", "", ":", "\n", "QUAY.io/x:1", "a/b:c\r", "x\u2028:y", "naïve/img:1", "img:١٢", "foo", "a foo b", "ab", "aaa",
        "abcd", "/x", "x/x", "ab\n", "a\tb:c", "repo:tag\n\n", "\u00a0a:b",
    ];

    private static readonly Gen<string> Values =
        Gen.String[Gen.OneOf('a', 'b', 'z', 'A', 'Q', '0', '9', ':', '/', '.', '-', '_', ' ', '\n', '\t', '\r', 'é', '٣', '\u2028', '\u00a0', '@', 'x'), 0, 12];

    [SkippableFact]
    public void RegexVerdictsEqualPythonAndNode()
    {
        Skip.If(ExternalEngines.PythonPath is null, "python3 is not installed.");
        Skip.If(ExternalEngines.NodePath is null, "node is not installed and could not be installed.");
        var values = FixedValues.Concat(Sample(Values.Array[300], 7)).Distinct().ToArray();
        RunRegexComparison(Patterns, values);
    }

    [SkippableFact]
    public void RegexVerdictsEqualPythonAndNodeOnTheFixtureHubs()
    {
        Skip.If(SharedFixtures.Root is null, SharedFixtures.SkipMessage);
        Skip.If(ExternalEngines.PythonPath is null || ExternalEngines.NodePath is null, "python3 or node is not available.");
        var patterns = new HashSet<string>(StringComparer.Ordinal);
        var images = new List<string>();
        foreach (var file in FixtureHubs.ProfileFiles())
        {
            var list = HubProfileList.FromValues(HubValues.Load([file]));
            foreach (var option in list.Profiles.SelectMany(p => p.Options))
            {
                if (option.ValidationRegexText is { } pattern)
                {
                    patterns.Add(pattern);
                }

                images.AddRange(option.Choices.Select(c => c.Image).OfType<string>());
            }
        }

        Assert.NotEmpty(patterns);
        RunRegexComparison(patterns.ToArray(), FixedValues.Concat(images).Distinct().ToArray());
    }

    // A fixed sample, so a failure names values that repeat on the next run.
    private static T Sample<T>(Gen<T> gen, ulong seed) => gen.Generate(new PCG(1, seed), null, out _);

    private static void RunRegexComparison(string[] patterns, string[] values)
    {
        var cases = patterns.Select(p => new object[] { p, values }).ToArray();
        var python = ExternalEngines.Run<bool[]?[]>(ExternalEngines.PythonPath!, PythonRegexScript, cases, ".py");
        var node = ExternalEngines.Run<bool[]?[][]>(ExternalEngines.NodePath!, NodeRegexScript, cases, ".js");
        var mismatches = new List<string>();
        for (var p = 0; p < patterns.Length; p++)
        {
            var regex = new ValidationRegex(patterns[p]);
            Compare(RegexDialect.Server, python[p]);
            Compare(RegexDialect.HtmlPattern, node[p][0]);
            Compare(RegexDialect.FancyProfiles, node[p][1]);

            // The checker's shortcut: where RspAdmin says the dialects agree on printable ASCII, the engines do.
            for (var v = 0; regex.DialectsAgreeOnAscii && v < values.Length; v++)
            {
                if (ValidationRegex.IsPrintableAscii(values[v]) && !(python[p]![v] == node[p][0]![v] && node[p][0]![v] == node[p][1]![v]))
                {
                    mismatches.Add($"/{patterns[p]}/ said to agree on ASCII, but the engines differ on {System.Text.Json.JsonSerializer.Serialize(values[v])}");
                }
            }

            void Compare(RegexDialect dialect, bool[]? real)
            {
                var error = regex.ErrorOf(dialect);
                if ((real is null) != (error is not null))
                {
                    mismatches.Add($"{dialect} /{patterns[p]}/: engine {(real is null ? "refuses" : "compiles")}, RspAdmin {(error is null ? "compiles" : "refuses: " + error)}");
                    return;
                }

                for (var v = 0; real is not null && v < values.Length; v++)
                {
                    if (regex.Matches(dialect, values[v]) != real[v])
                    {
                        mismatches.Add($"{dialect} /{patterns[p]}/ on {System.Text.Json.JsonSerializer.Serialize(values[v])}: engine {real[v]}");
                    }
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(40)));
    }

    private static readonly Gen<string> TemplateTokens = Gen.OneOf(
        "{value}", "{value!r}", "{value!s}", "{value!a}", "{value:>8}", "{value:_^9}", "{value:.3}", "{value:05}", "{other}", "{other:<6}",
        "{other!r}", "{}", "{0}", "{{", "}}", "{", "}", "$", "image:", "/", "x", "{value!x}", "{value:+}", "{value:d}", "{value:=5}", "{ value}",
        "{a{b}c}", "{value!}", "{value:,}", "${JUPYTER_USER}", "${{JUPYTER_USER}}", "{value[0}");

    [SkippableFact]
    public void TemplateExpansionEqualsPythonFormatMap()
    {
        Skip.If(ExternalEngines.PythonPath is null, "python3 is not installed.");
        var templates = Sample(TemplateTokens.Array[0, 5].Select(a => string.Concat(a)).Array[400], 11);
        var values = Sample(Gen.String[Gen.OneOf('a', 'Z', ':', '/', '\'', '"', '\n', '\\', 'é', '\u0001', '{', '}', ' '), 0, 8].Array[400], 13);
        var cases = templates.Zip(values).Select(t => new object[] { t.First, t.Second }).ToArray();
        var python = ExternalEngines.Run<System.Text.Json.JsonElement[][]>(ExternalEngines.PythonPath!, PythonFormatScript, cases, ".py");
        var mismatches = new List<string>();
        for (var i = 0; i < cases.Length; i++)
        {
            var ours = ValueTemplate.Expand(templates[i], values[i]);
            var ok = python[i][0].GetBoolean();
            if (ours.Error == ValueTemplateErrorKind.Unpredictable)
            {
                continue;
            }

            if (ok != ours.Succeeded || (ok && python[i][1].GetString() != ours.Text))
            {
                mismatches.Add($"{System.Text.Json.JsonSerializer.Serialize(templates[i])} with {System.Text.Json.JsonSerializer.Serialize(values[i])}: python {python[i][1]}, RspAdmin {ours.Text ?? ours.Message}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(40)));
    }
}
