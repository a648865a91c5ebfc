using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace RspAdmin.Core.Yaml;

/// <summary>Edits that write whole blocks (an item of a sequence of mappings) and anchored values.</summary>
public sealed partial class EditableYamlDocument
{
    /// <summary>
    /// Writes <paramref name="item"/> (a mapping of strings, numbers, booleans, nulls, mappings and
    /// lists) as the item of the block sequence at <paramref name="sequencePath"/> whose
    /// <paramref name="matchKey"/> equals the item's own <paramref name="matchKey"/>: that item's lines
    /// are replaced (other items, and comments outside it, stay as they were), or the item is appended
    /// when none matches. Missing parents and a missing, null or <c>[]</c> sequence are created.
    /// Returns false when an item with the same content is already there (its formatting is kept).
    /// </summary>
    /// <exception cref="YamlEditException"><c>Yaml.NotASequence</c>, <c>Yaml.Unsupported</c> (a flow sequence), and the refusals of path lookup.</exception>
    public bool SetSequenceMappingItem(YamlPath sequencePath, string matchKey, JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(sequencePath);
        ArgumentNullException.ThrowIfNull(matchKey);
        ArgumentNullException.ThrowIfNull(item);
        var matchValue = item[matchKey]?.GetValue<string>() ?? throw new ArgumentException($"The item has no string '{matchKey}'.", nameof(item));
        var body = BlockLines(item, _tree.IndentUnit);
        var wanted = Canonical(YamlSourceTree.Parse(string.Join("\n", body) + "\n", SourceName).Documents[0]);
        bool Verify(YamlSourceTree t) =>
            Find(t, sequencePath) is { Found: true } f && f.Node!.Kind == YamlSourceNodeKind.Sequence
            && f.Node.Items.Count(i => Matches(i, matchKey, matchValue)) == 1
            && Canonical(f.Node.Items.First(i => Matches(i, matchKey, matchValue))) == wanted;

        var lookup = Find(sequencePath);
        if (!lookup.Found)
        {
            Apply(CreateBlockSplice(sequencePath, lookup, body), Verify);
            return true;
        }

        var node = RequireUnaliased(lookup.Node!);
        if (node.IsNull || (node.IsEmptyFlowCollection && node.Kind == YamlSourceNodeKind.Sequence))
        {
            var key = lookup.Key!;
            if (key.Parent!.IsFlow)
            {
                throw Refuse(YamlEditReason.Unsupported, $"'{sequencePath}' sits in a flow mapping; edit it by hand.", node);
            }

            var afterColon = AfterColon(key);
            var lineEnd = YamlText.LineEnd(_text, node.End);
            var lines = ItemLines(body, key.Column - 1 + _tree.SequenceIndent);
            Apply(new TextSplice(afterColon, lineEnd - afterColon, _text[node.End..lineEnd] + NewLine + string.Join(NewLine, lines)), Verify);
            return true;
        }

        if (node.Kind != YamlSourceNodeKind.Sequence)
        {
            throw Refuse(YamlEditReason.NotASequence, $"'{sequencePath}' is not a sequence.", node);
        }

        if (node.IsFlow)
        {
            throw Refuse(YamlEditReason.Unsupported, $"'{sequencePath}' is a flow sequence; edit it by hand.", node);
        }

        var existing = node.Items.Where(i => Matches(i, matchKey, matchValue)).ToList();
        if (existing.Count > 1)
        {
            throw Refuse(YamlEditReason.Unsupported, $"'{sequencePath}' holds {existing.Count} items with {matchKey} '{matchValue}'; fix that by hand first.", existing[1]);
        }

        if (existing.Count == 1)
        {
            var current = RequireUnaliased(existing[0]);
            if (Canonical(current) == wanted)
            {
                return false;
            }

            var dash = DashColumn(current);
            var (from, to) = YamlText.WholeLines(_text, YamlText.LineStart(_text, current.Start), current.ContentEnd);
            var replacement = string.Join(NewLine, ItemLines(body, dash));
            var endsWithBreak = to > from && _text[to - 1] == '\n';
            Apply(new TextSplice(from, to - from, replacement + (endsWithBreak ? NewLine : string.Empty)), Verify);
            return true;
        }

        var column = node.Items.Count > 0 ? DashColumn(node.Items[^1]) : node.Column - 1;
        Apply(InsertLines(node.ContentEnd, ItemLines(body, column)), Verify);
        return true;
    }

    /// <summary>
    /// Sets the string at <paramref name="path"/> and gives it the anchor <paramref name="anchor"/>
    /// (<c>key: &amp;anchor value</c>), creating missing parents. Returns false when it already is that
    /// string with that anchor, or an alias whose anchor holds that string.
    /// </summary>
    /// <exception cref="YamlEditException"><c>Yaml.AliasOnPath</c> when the node has another anchor or is an alias of another value; <c>Yaml.Conflict</c>-kind refusal when the anchor name is used elsewhere.</exception>
    public bool SetAnchoredString(YamlPath path, string anchor, string value)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(value);
        var written = "&" + anchor + " " + YamlScalarFormatter.FormatString(value, ScalarStyle.Plain, inFlow: false);
        bool Verify(YamlSourceTree t) => Find(t, path) is { Found: true } f && f.Node!.Anchor == anchor && YamlScalarFormatter.ReadsAsString(f.Node, value);
        var lookup = Find(path);
        if (lookup.Found)
        {
            var node = lookup.Node!;
            if (node.Kind == YamlSourceNodeKind.Alias)
            {
                if (ResolveAlias(_tree, node) is { } target && YamlScalarFormatter.ReadsAsString(target, value))
                {
                    return false;
                }

                throw Refuse(YamlEditReason.AliasOnPath, $"'{path}' is an alias (*{node.Anchor}) of another value; edit it by hand.", node);
            }

            if (node.Anchor == anchor && YamlScalarFormatter.ReadsAsString(node, value))
            {
                return false;
            }

            if (node.Anchor is not null)
            {
                throw Refuse(YamlEditReason.AliasOnPath, $"'{path}' carries the anchor &{node.Anchor}; its aliases would change too. Edit it by hand.", node);
            }

            RequireFreeAnchor(anchor, node);
            if (!node.IsScalar || node.HasTag || node.ScalarStyle is ScalarStyle.Literal or ScalarStyle.Folded)
            {
                throw Refuse(YamlEditReason.Unsupported, $"'{path}' is not a simple scalar; edit it by hand.", node);
            }

            var splice = node.IsNull && node.Value!.Length == 0
                ? new TextSplice(node.Start, 0, " " + written)
                : new TextSplice(node.Start, node.End - node.Start, written);
            Apply(splice, Verify);
            return true;
        }

        RequireFreeAnchor(anchor, null);
        Apply(CreateSplice(path, lookup, new YamlScalarValue(written, IsString: false), asSequence: false), Verify);
        return true;
    }

    /// <summary>
    /// Makes the value at <paramref name="path"/> the alias <c>*anchor</c> of a scalar anchored earlier in
    /// the file, creating missing parents. Returns false when it already is that alias.
    /// </summary>
    /// <exception cref="YamlEditException"><c>Yaml.NotFound</c> when no earlier node has the anchor; <c>Yaml.AliasOnPath</c> when the node carries an anchor itself.</exception>
    public bool SetAlias(YamlPath path, string anchor)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(anchor);
        var lookup = Find(path);
        bool Verify(YamlSourceTree t) =>
            Find(t, path) is { Found: true } f && f.Node!.Kind == YamlSourceNodeKind.Alias && f.Node.Anchor == anchor && ResolveAlias(t, f.Node) is not null;
        if (lookup.Found)
        {
            var node = lookup.Node!;
            if (node.Kind == YamlSourceNodeKind.Alias && node.Anchor == anchor)
            {
                return false;
            }

            if (node.Anchor is not null)
            {
                throw Refuse(YamlEditReason.AliasOnPath, $"'{path}' carries the anchor &{node.Anchor}; edit it by hand.", node);
            }

            if (!(node.IsScalar || node.Kind == YamlSourceNodeKind.Alias) || node.HasTag || node.ScalarStyle is ScalarStyle.Literal or ScalarStyle.Folded)
            {
                throw Refuse(YamlEditReason.Unsupported, $"'{path}' is not a simple scalar; edit it by hand.", node);
            }

            var splice = node.IsNull && node.Value!.Length == 0
                ? new TextSplice(node.Start, 0, " *" + anchor)
                : new TextSplice(node.Start, node.End - node.Start, "*" + anchor);
            Apply(splice, Verify);
            return true;
        }

        Apply(CreateSplice(path, lookup, new YamlScalarValue("*" + anchor, IsString: false), asSequence: false), Verify);
        return true;
    }

    /// <summary>The anchor the node at <paramref name="path"/> carries, or the one it is an alias of; nulls when neither or missing.</summary>
    public (string? Anchor, bool IsAlias) AnchorAt(YamlPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var node = Find(path).Node;
        return node is null ? (null, false) : (node.Anchor, node.Kind == YamlSourceNodeKind.Alias);
    }

    /// <summary>The anchor names defined anywhere in the document.</summary>
    public IReadOnlySet<string> AnchorNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in AllNodes(_tree))
        {
            if (node.Kind != YamlSourceNodeKind.Alias && node.Anchor is not null)
            {
                names.Add(node.Anchor);
            }
        }

        return names;
    }

    /// <summary>The string at <paramref name="path"/> with an alias followed to its anchor; null when missing, null or not a scalar.</summary>
    public string? GetResolvedScalar(YamlPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lookup = Find(path);
        var node = lookup.Node;
        if (node?.Kind == YamlSourceNodeKind.Alias)
        {
            node = ResolveAlias(_tree, node);
        }

        return node is { IsScalar: true, IsNull: false } ? node.Value : null;
    }

    private void RequireFreeAnchor(string anchor, YamlSourceNode? except)
    {
        foreach (var node in AllNodes(_tree))
        {
            if (node != except && node.Kind != YamlSourceNodeKind.Alias && node.Anchor == anchor)
            {
                throw Refuse(YamlEditReason.AliasOnPath, $"The anchor &{anchor} is already defined elsewhere; choose another name.", node);
            }
        }
    }

    private static YamlSourceNode? ResolveAlias(YamlSourceTree source, YamlSourceNode alias)
    {
        YamlSourceNode? found = null;
        foreach (var node in AllNodes(source))
        {
            if (node.Start < alias.Start && node.Kind != YamlSourceNodeKind.Alias && node.Anchor == alias.Anchor)
            {
                found = node; // the latest definition before the alias wins
            }
        }

        return found;
    }

    private static IEnumerable<YamlSourceNode> AllNodes(YamlSourceTree source)
    {
        var pending = new Stack<YamlSourceNode>(source.Documents.OfType<YamlSourceNode>());
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            yield return node;
            node.Items.ForEach(pending.Push);
            foreach (var (key, value) in node.Entries)
            {
                pending.Push(key);
                pending.Push(value);
            }
        }
    }

    private static bool Matches(YamlSourceNode item, string key, string value) =>
        item.Kind == YamlSourceNodeKind.Mapping && item.FindEntry(key) is { } entry && entry.Value.IsScalar && entry.Value.Value == value;

    private int DashColumn(YamlSourceNode item)
    {
        var lineStart = YamlText.LineStart(_text, item.Start);
        var prefix = _text[lineStart..item.Start];
        if (!ItemPrefix().IsMatch(prefix))
        {
            throw Refuse(YamlEditReason.Unsupported, "A sequence item that does not start its line with '- '; edit it by hand.", item);
        }

        return prefix.IndexOf('-', StringComparison.Ordinal);
    }

    private static List<string> ItemLines(IReadOnlyList<string> body, int dashColumn)
    {
        var indent = new string(' ', dashColumn);
        return body.Select((line, i) => i == 0 ? indent + "- " + line : line.Length == 0 ? line : indent + "  " + line).ToList();
    }

    // Creates the missing keys of path and a block sequence holding one item.
    private TextSplice CreateBlockSplice(YamlPath path, YamlPathLookup lookup, IReadOnlyList<string> body)
    {
        var keys = path.Keys.Skip(lookup.Resolved).ToList();
        List<string> Lines(int column)
        {
            var lines = new List<string>();
            for (var i = 0; i < keys.Count; i++)
            {
                lines.Add(new string(' ', column + (i * _tree.IndentUnit)) + YamlScalarFormatter.FormatString(keys[i], ScalarStyle.Plain, inFlow: false) + ":");
            }

            lines.AddRange(ItemLines(body, column + ((keys.Count - 1) * _tree.IndentUnit) + _tree.SequenceIndent));
            return lines;
        }

        var holder = lookup.Holder;
        if (holder is null && lookup.Key is null)
        {
            var lines = Lines(0);
            return _text.Length == 0 || _text.EndsWith('\n')
                ? new TextSplice(_text.Length, 0, string.Concat(lines.Select(l => l + NewLine)))
                : new TextSplice(_text.Length, 0, NewLine + string.Join(NewLine, lines));
        }

        if (holder is not null && (holder.IsNull || holder.IsEmptyFlowCollection))
        {
            if (lookup.Key is null || lookup.Key.Parent!.IsFlow)
            {
                throw Refuse(YamlEditReason.Unsupported, $"'{path}' cannot be created here; edit it by hand.", holder);
            }

            var afterColon = AfterColon(lookup.Key);
            var lineEnd = YamlText.LineEnd(_text, holder.End);
            return new TextSplice(afterColon, lineEnd - afterColon, _text[holder.End..lineEnd] + NewLine + string.Join(NewLine, Lines(lookup.Key.Column - 1 + _tree.IndentUnit)));
        }

        if (holder!.IsFlow)
        {
            throw Refuse(YamlEditReason.Unsupported, $"'{path}' would go into a flow mapping; edit it by hand.", holder);
        }

        return InsertLines(holder.ContentEnd, Lines(holder.Column - 1));
    }

    /// <summary>The block lines of a mapping written at column 0 with <paramref name="indent"/> spaces per level.</summary>
    internal static List<string> BlockLines(JsonObject mapping, int indent)
    {
        var lines = new List<string>();
        WriteMapping(mapping, 0, indent, lines);
        return lines;
    }

    private static void WriteMapping(JsonObject mapping, int column, int indent, List<string> lines)
    {
        var pad = new string(' ', column);
        foreach (var (key, value) in mapping)
        {
            var k = YamlScalarFormatter.FormatString(key, ScalarStyle.Plain, inFlow: false);
            switch (value)
            {
                case JsonObject { Count: > 0 } inner:
                    lines.Add(pad + k + ":");
                    WriteMapping(inner, column + indent, indent, lines);
                    break;
                case JsonArray { Count: > 0 } items:
                    lines.Add(pad + k + ":");
                    WriteSequence(items, column, indent, lines);
                    break;
                default:
                    lines.Add(pad + k + ": " + Scalar(value));
                    break;
            }
        }
    }

    private static void WriteSequence(JsonArray items, int column, int indent, List<string> lines)
    {
        var pad = new string(' ', column);
        foreach (var item in items)
        {
            switch (item)
            {
                case JsonObject { Count: > 0 } inner:
                    var nested = new List<string>();
                    WriteMapping(inner, 0, indent, nested);
                    lines.AddRange(nested.Select((l, i) => pad + (i == 0 ? "- " : "  ") + l));
                    break;
                case JsonArray { Count: > 0 }:
                    throw new YamlEditException(YamlEditReason.Unsupported, "Nested sequences are not written by the editor.");
                default:
                    lines.Add(pad + "- " + Scalar(item));
                    break;
            }
        }
    }

    private static string Scalar(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.TryGetValue<string>(out var s) => YamlScalarFormatter.FormatString(s, ScalarStyle.Plain, inFlow: false),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => YamlScalarFormatter.FormatString(value.ToJsonString(), ScalarStyle.Plain, inFlow: false),
    };

    // A comparable rendering of a node's content: keys, values and whether a scalar is plain (typed) or quoted.
    private static string Canonical(YamlSourceNode? node)
    {
        var builder = new StringBuilder();
        Write(node);
        return builder.ToString();

        void Write(YamlSourceNode? n)
        {
            switch (n)
            {
                case null:
                    builder.Append('~');
                    break;
                case { Kind: YamlSourceNodeKind.Mapping }:
                    builder.Append('{');
                    foreach (var (key, value) in n.Entries)
                    {
                        Write(key);
                        builder.Append(':');
                        Write(value);
                        builder.Append(',');
                    }

                    builder.Append('}');
                    break;
                case { Kind: YamlSourceNodeKind.Sequence }:
                    builder.Append('[');
                    n.Items.ForEach(i =>
                    {
                        Write(i);
                        builder.Append(',');
                    });
                    builder.Append(']');
                    break;
                case { Kind: YamlSourceNodeKind.Alias }:
                    builder.Append('*').Append(n.Anchor);
                    break;
                default:
                    var typed = n.ScalarStyle == ScalarStyle.Plain && (n.IsNull || YamlScalarFormatter.ResolvesToNonString(n.Value!));
                    builder.Append(typed ? "p" : "s").Append(n.Value!.Length).Append(':').Append(n.Value);
                    break;
            }
        }
    }
}
