using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RspAdmin.Core.Yaml;

/// <summary>
/// The documents of a YAML text as <see cref="YamlSourceNode"/> trees with text offsets, plus the
/// layout habits the text shows (indentation unit, whether block sequences are indented under
/// their key). Parsing refuses malformed text and duplicate keys anywhere in the stream.
/// </summary>
internal sealed class YamlSourceTree
{
    private const int DefaultIndentUnit = 2;

    private YamlSourceTree(List<YamlSourceNode?> documents, string sourceName)
    {
        Documents = documents;
        SourceName = sourceName;
        (IndentUnit, SequenceIndent) = DetectIndentation(documents);
    }

    /// <summary>The root node of each document; null for a document with no content.</summary>
    public IReadOnlyList<YamlSourceNode?> Documents { get; }

    public string SourceName { get; }

    /// <summary>Columns a nested block mapping sits to the right of its key (most common; 2 when none).</summary>
    public int IndentUnit { get; }

    /// <summary>Columns a block sequence's dash sits to the right of its key (0 for indentless sequences).</summary>
    public int SequenceIndent { get; }

    public static YamlSourceTree Parse(string text, string sourceName)
    {
        var documents = new List<YamlSourceNode?>();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                YamlSourceNode? root = null;
                if (!parser.Accept<DocumentEnd>(out _))
                {
                    root = ReadNode(parser, sourceName, null);
                }

                parser.Consume<DocumentEnd>();
                documents.Add(root);
            }

            parser.Consume<StreamEnd>();
        }
        catch (YamlException e)
        {
            throw new YamlEditException(
                YamlEditReason.Malformed, "Not well-formed YAML: " + e.Message, sourceName, (int)e.Start.Line, (int)e.Start.Column, e);
        }

        // The editor only touches what the parser reports; a null root of an empty document is fine.
        if (documents.Count == 1 && documents[0] is { IsNull: true, Value: "" })
        {
            documents[0] = null;
        }

        var tree = new YamlSourceTree(documents, sourceName);
        tree.TrimBlockScalars(text);
        return tree;
    }

    private static YamlSourceNode ReadNode(IParser parser, string sourceName, YamlSourceNode? parent)
    {
        var current = parser.Current ?? throw new YamlException("Unexpected end of the YAML stream.");
        parser.MoveNext();
        switch (current)
        {
            case Scalar scalar:
            {
                var node = new YamlSourceNode(YamlSourceNodeKind.Scalar, (int)scalar.Start.Index, (int)scalar.Start.Line, (int)scalar.Start.Column)
                {
                    Value = scalar.Value,
                    ScalarStyle = scalar.Style,
                    Anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value,
                    HasTag = !scalar.Tag.IsEmpty,
                    End = (int)scalar.End.Index,
                    Parent = parent,
                };
                node.ContentEnd = node.End;
                return node;
            }

            case AnchorAlias alias:
                return new YamlSourceNode(YamlSourceNodeKind.Alias, (int)alias.Start.Index, (int)alias.Start.Line, (int)alias.Start.Column)
                {
                    Anchor = alias.Value.Value,
                    End = (int)alias.End.Index,
                    ContentEnd = (int)alias.End.Index,
                    Parent = parent,
                };

            case SequenceStart sequenceStart:
            {
                var node = new YamlSourceNode(YamlSourceNodeKind.Sequence, (int)sequenceStart.Start.Index, (int)sequenceStart.Start.Line, (int)sequenceStart.Start.Column)
                {
                    IsFlow = sequenceStart.Style == SequenceStyle.Flow,
                    Anchor = sequenceStart.Anchor.IsEmpty ? null : sequenceStart.Anchor.Value,
                    HasTag = !sequenceStart.Tag.IsEmpty,
                    Parent = parent,
                };
                while (!parser.Accept<SequenceEnd>(out _))
                {
                    node.Items.Add(ReadNode(parser, sourceName, node));
                }

                var end = parser.Consume<SequenceEnd>();
                FinishCollection(node, (int)end.Start.Index, node.Items.Count > 0 ? node.Items[^1] : null);
                return node;
            }

            case MappingStart mappingStart:
            {
                var node = new YamlSourceNode(YamlSourceNodeKind.Mapping, (int)mappingStart.Start.Index, (int)mappingStart.Start.Line, (int)mappingStart.Start.Column)
                {
                    IsFlow = mappingStart.Style == MappingStyle.Flow,
                    Anchor = mappingStart.Anchor.IsEmpty ? null : mappingStart.Anchor.Value,
                    HasTag = !mappingStart.Tag.IsEmpty,
                    Parent = parent,
                };
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.Accept<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, sourceName, node);
                    if (key.IsScalar && !seen.Add(key.Value!))
                    {
                        throw new YamlEditException(
                            YamlEditReason.DuplicateKey, $"Duplicate key '{key.Value}' in a mapping.", sourceName, key.Line, key.Column);
                    }

                    var value = ReadNode(parser, sourceName, node);
                    node.Entries.Add(new(key, value));
                }

                var end = parser.Consume<MappingEnd>();
                FinishCollection(node, (int)end.Start.Index, node.Entries.Count > 0 ? node.Entries[^1].Value : null);
                return node;
            }

            default:
                throw new YamlException(current.Start, current.End, $"Unexpected {current.GetType().Name} in the YAML stream.");
        }
    }

    private static void FinishCollection(YamlSourceNode node, int closerIndex, YamlSourceNode? lastChild)
    {
        if (node.IsFlow)
        {
            node.End = closerIndex + 1;
            node.ContentEnd = node.End;
        }
        else
        {
            node.End = lastChild?.ContentEnd ?? node.Start;
            node.ContentEnd = node.End;
        }
    }

    /// <summary>Trims a block scalar's reported end back over the blank lines that follow its content.</summary>
    private void TrimBlockScalars(string text)
    {
        foreach (var root in Documents)
        {
            if (root is not null)
            {
                Trim(root, text);
            }
        }
    }

    private static int Trim(YamlSourceNode node, string text)
    {
        switch (node.Kind)
        {
            case YamlSourceNodeKind.Scalar when node.ScalarStyle is ScalarStyle.Literal or ScalarStyle.Folded:
            {
                var end = node.End;
                while (end > node.Start && char.IsWhiteSpace(text[end - 1]))
                {
                    end--;
                }

                node.ContentEnd = end;
                break;
            }

            case YamlSourceNodeKind.Sequence:
                foreach (var item in node.Items)
                {
                    Trim(item, text);
                }

                if (!node.IsFlow && node.Items.Count > 0)
                {
                    node.End = node.ContentEnd = node.Items[^1].ContentEnd;
                }

                break;

            case YamlSourceNodeKind.Mapping:
                foreach (var entry in node.Entries)
                {
                    Trim(entry.Key, text);
                    Trim(entry.Value, text);
                }

                if (!node.IsFlow && node.Entries.Count > 0)
                {
                    node.End = node.ContentEnd = node.Entries[^1].Value.ContentEnd;
                }

                break;
        }

        return node.ContentEnd;
    }

    private static (int IndentUnit, int SequenceIndent) DetectIndentation(List<YamlSourceNode?> documents)
    {
        var mappingSteps = new Dictionary<int, int>();
        var sequenceSteps = new Dictionary<int, int>();
        var stack = new Stack<YamlSourceNode>(documents.Where(d => d is not null)!);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var item in node.Items)
            {
                stack.Push(item);
            }

            foreach (var (key, value) in node.Entries)
            {
                stack.Push(value);
                if (node.IsFlow || value.IsFlow || value.Line == key.Line)
                {
                    continue;
                }

                var step = value.Column - key.Column;
                if (value.Kind == YamlSourceNodeKind.Mapping && step > 0)
                {
                    mappingSteps[step] = mappingSteps.GetValueOrDefault(step) + 1;
                }
                else if (value.Kind == YamlSourceNodeKind.Sequence && step >= 0)
                {
                    sequenceSteps[step] = sequenceSteps.GetValueOrDefault(step) + 1;
                }
            }
        }

        var unit = MostCommon(mappingSteps) ?? DefaultIndentUnit;
        var sequenceIndent = MostCommon(sequenceSteps) ?? unit;
        return (unit, sequenceIndent);
    }

    private static int? MostCommon(Dictionary<int, int> counts) =>
        counts.Count == 0 ? null : counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First().Key;
}
