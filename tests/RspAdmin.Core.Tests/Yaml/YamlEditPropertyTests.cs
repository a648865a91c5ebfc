using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Tests.Yaml;

/// <summary>
/// Properties over generated mapping trees rendered to YAML in varied layouts (indentation 2 or 4,
/// LF or CRLF, with or without a final line break, comments, three quoting styles): set-then-read
/// returns the value and leaves all other data alone, no-op edits are byte-identical, and an edit
/// never touches text outside the value it replaces.
/// </summary>
public class YamlEditPropertyTests
{
    private static readonly string[] KeyPool = ["a", "b", "c", "name", "tag", "image", "on", "y", "1", "x.y", "with space"];
    private static readonly HashSet<string> PlainKeys = ["a", "b", "c", "name", "tag", "image", "x.y"];
    private static readonly string[] PlainValues = ["abc", "w_2022_40", "r29_2_0_rsp2697", "nb", "/nb/hub", "sciplat-lab", "1.2.3", "3m"];
    private static readonly string[] TrickyValues =
    [
        "true", "1.0", "null", "yes", "on", "0x1F", "~", "", "a: b", "x #y", " lead", "trail ", "it's", "say \"hi\"",
        "back\\slash", "ünïcödé", "tab\there", "multi\nline", "#hash", "- dash", "[x]", "{y}", "a,b", "@at", "`tick",
        "%pct", "!bang", "&amp", "*star", "|pipe", ">gt", "?q", "12", "-3", "2001-12-14", ".inf",
    ];

    private abstract record Node;

    private sealed record Leaf(string Value, char Style, bool TrailingComment) : Node;

    private sealed record Branch(IReadOnlyList<Entry> Entries) : Node;

    private sealed record Entry(string Key, Node Value, bool CommentBefore);

    private sealed record Layout(string NewLine, int Unit, bool FinalNewLine);

    private sealed record Rendered(string Text, Dictionary<string, (int Start, int End)> LeafSpans);

    private static Gen<T> Pick<T>(params T[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static readonly Gen<Node> LeafGen = Gen.Frequency(
        (2, (IGen<Node>)Gen.Select(Pick(PlainValues), Gen.Bool, (v, c) => (Node)new Leaf(v, 'p', c))),
        (2, Gen.Select(Pick([.. PlainValues, .. TrickyValues]), Gen.Bool, (v, c) => (Node)new Leaf(v, 'd', c))),
        (1, Gen.Select(Pick([.. PlainValues, .. TrickyValues.Where(v => !v.Contains('\n') && !v.Contains('\t'))]), Gen.Bool, (v, c) => (Node)new Leaf(v, 's', c))));

    private static Gen<Node> NodeGen(int depth) =>
        depth == 0 ? LeafGen : Gen.Frequency((3, (IGen<Node>)LeafGen), (1, BranchGen(depth - 1).Select(b => (Node)b)));

    private static Gen<Branch> BranchGen(int depth) =>
        from keys in Gen.Shuffle(KeyPool, 1, 4)
        from values in NodeGen(depth).Array[keys.Length]
        from comments in Gen.Bool.Array[keys.Length]
        select new Branch(keys.Select((k, i) => new Entry(k, values[i], comments[i])).ToList());

    private static readonly Gen<Layout> LayoutGen =
        Gen.Select(Pick("\n", "\r\n"), Pick(2, 4), Gen.Bool, (n, u, f) => new Layout(n, u, f));

    private static readonly Gen<string> NewValueGen = Pick([.. PlainValues, .. TrickyValues]);

    [Fact]
    public void SetThenReadReturnsTheValueAndKeepsEverythingElse()
    {
        Gen.Select(BranchGen(2), LayoutGen, Gen.Int[0, 1000], NewValueGen, Gen.Bool).Sample((root, layout, pick, value, existing) =>
        {
            var rendered = Render(root, layout);
            var document = EditableYamlDocument.Parse(rendered.Text);
            var leaves = LeafPaths(root, []).ToList();
            var branches = BranchPaths(root, []).ToList();
            var path = existing
                ? leaves[pick % leaves.Count].Path
                : [.. branches[pick % branches.Count], "new" + (pick % 3), .. (pick % 2 == 0 ? new[] { "deeper" } : [])];

            document.SetString(new YamlPath(path), value);

            Assert.Equal(value, document.GetScalar(new YamlPath(path)));
            var expected = ToJson(root);
            SetIn(expected, path, value);
            Assert.True(JsonNode.DeepEquals(expected, YamlData.Read(document.Text)), document.Text);
            Assert.Equal(layout.FinalNewLine, document.Text.EndsWith('\n'));
            // New lines use the text's line break (LF when the text has none to show).
            Assert.False(layout.NewLine == "\r\n" && rendered.Text.Contains('\n', StringComparison.Ordinal)
                ? document.Text.Replace("\r\n", "", StringComparison.Ordinal).Contains('\n', StringComparison.Ordinal)
                : document.Text.Contains('\r', StringComparison.Ordinal),
                (rendered.Text + "\n=====\n" + document.Text).Replace("\r", "<CR>", StringComparison.Ordinal));
        }, iter: 300);
    }

    [Fact]
    public void NoOpEditsAreByteIdentical()
    {
        Gen.Select(BranchGen(2), LayoutGen).Sample((root, layout) =>
        {
            var rendered = Render(root, layout);
            var document = EditableYamlDocument.Parse(rendered.Text);
            foreach (var (path, leaf) in LeafPaths(root, []))
            {
                Assert.False(document.SetString(new YamlPath(path), leaf.Value));
            }

            Assert.Equal(rendered.Text, document.Text);
            Assert.Equal(Encoding.UTF8.GetBytes(rendered.Text), document.ToBytes());
        }, iter: 300);
    }

    [Fact]
    public void ReplacingAValueTouchesOnlyItsOwnSpan()
    {
        Gen.Select(BranchGen(2), LayoutGen, Gen.Int[0, 1000], NewValueGen).Sample((root, layout, pick, value) =>
        {
            var rendered = Render(root, layout);
            var document = EditableYamlDocument.Parse(rendered.Text);
            var leaves = LeafPaths(root, []).ToList();
            var (path, _) = leaves[pick % leaves.Count];
            var (start, end) = rendered.LeafSpans[string.Join("\u0001", path)];

            document.SetString(new YamlPath(path), value);

            var before = rendered.Text;
            var after = document.Text;
            Assert.Equal(before[..start], after[..start]);
            Assert.Equal(before[end..], after[(after.Length - (before.Length - end))..]);
        }, iter: 300);
    }

    [Fact]
    public void AddingAKeyOnlyInsertsText()
    {
        Gen.Select(BranchGen(2), LayoutGen, Gen.Int[0, 1000], NewValueGen).Sample((root, layout, pick, value) =>
        {
            var rendered = Render(root, layout);
            var document = EditableYamlDocument.Parse(rendered.Text);
            var branches = BranchPaths(root, []).ToList();
            string[] path = [.. branches[pick % branches.Count], "added"];

            Assert.True(document.SetString(new YamlPath(path), value));

            var before = rendered.Text;
            var after = document.Text;
            var prefix = 0;
            while (prefix < before.Length && before[prefix] == after[prefix])
            {
                prefix++;
            }

            Assert.EndsWith(before[prefix..], after, StringComparison.Ordinal);
        }, iter: 300);
    }

    private static Rendered Render(Branch root, Layout layout)
    {
        var builder = new StringBuilder();
        var spans = new Dictionary<string, (int, int)>();
        RenderEntries(builder, spans, root, 0, [], layout);
        if (!layout.FinalNewLine)
        {
            builder.Length -= layout.NewLine.Length;
        }

        return new Rendered(builder.ToString(), spans);
    }

    private static void RenderEntries(StringBuilder builder, Dictionary<string, (int, int)> spans, Branch branch, int indent, string[] prefix, Layout layout)
    {
        var pad = new string(' ', indent);
        foreach (var entry in branch.Entries)
        {
            if (entry.CommentBefore)
            {
                builder.Append(pad).Append("# note about ").Append(entry.Key).Append(layout.NewLine);
            }

            builder.Append(pad).Append(PlainKeys.Contains(entry.Key) ? entry.Key : "\"" + entry.Key + "\"").Append(':');
            string[] path = [.. prefix, entry.Key];
            switch (entry.Value)
            {
                case Leaf leaf:
                    builder.Append(' ');
                    var start = builder.Length;
                    builder.Append(leaf.Style switch
                    {
                        'p' => leaf.Value,
                        's' => "'" + leaf.Value.Replace("'", "''", StringComparison.Ordinal) + "'",
                        _ => "\"" + leaf.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"",
                    });
                    spans[string.Join("\u0001", path)] = (start, builder.Length);
                    if (leaf.TrailingComment)
                    {
                        builder.Append("  # trailing");
                    }

                    builder.Append(layout.NewLine);
                    break;
                case Branch child:
                    builder.Append(layout.NewLine);
                    RenderEntries(builder, spans, child, indent + layout.Unit, path, layout);
                    break;
            }
        }
    }

    private static IEnumerable<(string[] Path, Leaf Leaf)> LeafPaths(Branch branch, string[] prefix)
    {
        foreach (var entry in branch.Entries)
        {
            string[] path = [.. prefix, entry.Key];
            if (entry.Value is Leaf leaf)
            {
                yield return (path, leaf);
            }
            else
            {
                foreach (var inner in LeafPaths((Branch)entry.Value, path))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<string[]> BranchPaths(Branch branch, string[] prefix)
    {
        yield return prefix;
        foreach (var entry in branch.Entries)
        {
            if (entry.Value is Branch child)
            {
                foreach (var inner in BranchPaths(child, [.. prefix, entry.Key]))
                {
                    yield return inner;
                }
            }
        }
    }

    private static JsonObject ToJson(Branch branch)
    {
        var result = new JsonObject();
        foreach (var entry in branch.Entries)
        {
            result[entry.Key] = entry.Value is Leaf leaf ? JsonValue.Create(leaf.Value) : ToJson((Branch)entry.Value);
        }

        return result;
    }

    private static void SetIn(JsonObject root, string[] path, string value)
    {
        var node = root;
        foreach (var key in path[..^1])
        {
            if (node[key] is not JsonObject child)
            {
                child = new JsonObject();
                node[key] = child;
            }

            node = child;
        }

        node[path[^1]] = value;
    }
}
