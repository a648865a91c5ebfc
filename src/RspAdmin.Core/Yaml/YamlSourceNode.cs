using YamlDotNet.Core;

namespace RspAdmin.Core.Yaml;

/// <summary>
/// One node of a parsed YAML document together with where it sits in the text: character offsets
/// into the text the parser read, so that an edit can splice the text around it.
/// </summary>
internal sealed class YamlSourceNode
{
    public YamlSourceNode(YamlSourceNodeKind kind, int start, int line, int column)
    {
        Kind = kind;
        Start = start;
        Line = line;
        Column = column;
    }

    public YamlSourceNodeKind Kind { get; }

    /// <summary>Offset of the node's first character (its anchor or tag, when it has one).</summary>
    public int Start { get; }

    /// <summary>1-based line of <see cref="Start"/>.</summary>
    public int Line { get; }

    /// <summary>1-based column of <see cref="Start"/>.</summary>
    public int Column { get; }

    /// <summary>
    /// Offset just past the node as the parser reports it. Block scalars include the blank lines
    /// after them; block collections end where their last child ends; flow collections end just
    /// past their closing bracket.
    /// </summary>
    public int End { get; set; }

    /// <summary>Offset just past the node's last non-blank character.</summary>
    public int ContentEnd { get; set; }

    public bool IsFlow { get; init; }

    public ScalarStyle ScalarStyle { get; init; }

    /// <summary>The scalar's value (for a scalar); null otherwise.</summary>
    public string? Value { get; init; }

    public string? Anchor { get; init; }

    /// <summary>True when the node carries an explicit tag such as <c>!!str</c>.</summary>
    public bool HasTag { get; init; }

    public List<YamlSourceNode> Items { get; } = [];

    public List<KeyValuePair<YamlSourceNode, YamlSourceNode>> Entries { get; } = [];

    public YamlSourceNode? Parent { get; set; }

    public bool IsScalar => Kind == YamlSourceNodeKind.Scalar;

    /// <summary>True for a plain scalar that reads as null: empty, <c>~</c> or <c>null</c> in any case form.</summary>
    public bool IsNull =>
        Kind == YamlSourceNodeKind.Scalar && ScalarStyle == ScalarStyle.Plain && !HasTag
        && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>True for an empty flow mapping or sequence (<c>{}</c> or <c>[]</c>).</summary>
    public bool IsEmptyFlowCollection =>
        IsFlow && Kind is YamlSourceNodeKind.Mapping or YamlSourceNodeKind.Sequence && Items.Count == 0 && Entries.Count == 0;

    /// <summary>The value node for a scalar key, or null when the mapping has no such key.</summary>
    public KeyValuePair<YamlSourceNode, YamlSourceNode>? FindEntry(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.IsScalar && string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }
}
