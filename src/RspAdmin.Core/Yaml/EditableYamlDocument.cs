using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace RspAdmin.Core.Yaml;

/// <summary>
/// A YAML file edited in place, the way a person would: each edit replaces only the text of the
/// node it changes (or inserts the lines it adds), so comments, key order, quoting, indentation,
/// blank lines, line breaks (LF or CRLF), a UTF-8 byte order mark and a missing final line break
/// all stay as they were. Setting a value to what it already is changes nothing.
/// </summary>
/// <remarks>
/// <para>New keys go at the end of their parent mapping, right after the parent's last value, so
/// comment lines and blank lines that follow the mapping stay where they are (they usually
/// introduce what comes next). Missing parent mappings are created with the file's own
/// indentation unit (2 when the file shows none). A null value (<c>key:</c>, <c>~</c>) or an empty
/// <c>{}</c> on the path becomes a block mapping.</para>
/// <para>The editor refuses (with <see cref="YamlEditException"/>) duplicate keys anywhere,
/// anchors, aliases and merge keys on the edited path, paths through non-mappings, malformed text,
/// several documents in one file, and saving over a file that changed since it was read. Every
/// edit is read back before it is kept; a failed edit leaves the document as it was.</para>
/// </remarks>
public sealed partial class EditableYamlDocument
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private byte[] _originalHash;
    private string _text;
    private YamlSourceTree _tree;

    private EditableYamlDocument(string text, bool hasByteOrderMark, string sourceName, string? filePath, byte[] originalHash)
    {
        _text = text;
        _originalHash = originalHash;
        OriginalText = text;
        HasByteOrderMark = hasByteOrderMark;
        SourceName = sourceName;
        FilePath = filePath;
        NewLine = YamlText.DetectNewLine(text);
        _tree = YamlSourceTree.Parse(text, sourceName);
    }

    /// <summary>The file the document was loaded from; null for a document made from text.</summary>
    public string? FilePath { get; }

    /// <summary>The name used in errors and diff headers (the path, or the name given).</summary>
    public string SourceName { get; }

    /// <summary>True when the file starts with a UTF-8 byte order mark (kept on save).</summary>
    public bool HasByteOrderMark { get; }

    /// <summary>The line break new lines are written with: the file's own (LF or CRLF).</summary>
    public string NewLine { get; }

    /// <summary>The text as loaded (or as last saved), without the byte order mark.</summary>
    public string OriginalText { get; private set; }

    /// <summary>The current text, without the byte order mark.</summary>
    public string Text => _text;

    /// <summary>True when the current text differs from <see cref="OriginalText"/>.</summary>
    public bool HasChanges => !string.Equals(_text, OriginalText, StringComparison.Ordinal);

    /// <summary>Where keys added to an existing block mapping go: at its end (the default) or in key order.</summary>
    public YamlKeyPlacement NewKeyPlacement { get; set; } = YamlKeyPlacement.Last;

    /// <summary>The indentation unit new nested mappings get.</summary>
    public int IndentUnit => _tree.IndentUnit;

    /// <summary>Reads a YAML file (UTF-8, with or without a byte order mark).</summary>
    /// <exception cref="YamlEditException">The file cannot be read (<c>Yaml.Unreadable</c>), is not UTF-8 or not YAML (<c>Yaml.Malformed</c>), or has duplicate keys.</exception>
    public static EditableYamlDocument Load(string path) => Load(path, path);

    /// <summary>Reads a YAML file, naming it <paramref name="sourceName"/> in errors and diff headers (for instance its path inside a repository).</summary>
    /// <exception cref="YamlEditException">As <see cref="Load(string)"/>.</exception>
    public static EditableYamlDocument Load(string path, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(sourceName);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new YamlEditException(YamlEditReason.Unreadable, "The file cannot be read: " + e.Message, path, innerException: e);
        }

        return FromBytes(bytes, sourceName, path);
    }

    /// <summary>Reads YAML from bytes (UTF-8, with or without a byte order mark); <paramref name="sourceName"/> names it in errors.</summary>
    public static EditableYamlDocument Parse(ReadOnlySpan<byte> bytes, string sourceName) => FromBytes(bytes, sourceName, null);

    /// <summary>Reads YAML from text; a leading U+FEFF is taken as a byte order mark.</summary>
    public static EditableYamlDocument Parse(string text, string sourceName = "<text>")
    {
        ArgumentNullException.ThrowIfNull(text);
        var bom = text.StartsWith('\uFEFF');
        var body = bom ? text[1..] : text;
        return new EditableYamlDocument(body, bom, sourceName, null, AtomicFileWriter.Hash(Encode(body, bom)));
    }

    private static EditableYamlDocument FromBytes(ReadOnlySpan<byte> bytes, string sourceName, string? filePath)
    {
        var bom = bytes.StartsWith(Utf8Bom);
        string body;
        try
        {
            body = StrictUtf8.GetString(bom ? bytes[3..] : bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new YamlEditException(YamlEditReason.Malformed, "The file is not valid UTF-8.", sourceName, innerException: e);
        }

        return new EditableYamlDocument(body, bom, sourceName, filePath, AtomicFileWriter.Hash(bytes));
    }

    /// <summary>The current content as the bytes <see cref="Save()"/> would write.</summary>
    public byte[] ToBytes() => Encode(_text, HasByteOrderMark);

    /// <summary>
    /// A unified diff from the original to the current text with <paramref name="context"/> lines
    /// of context, headed <c>--- a/name</c> / <c>+++ b/name</c>; empty when nothing changed.
    /// </summary>
    public string GetUnifiedDiff(int context = 3) =>
        UnifiedDiff.Create(OriginalText, _text, "a/" + SourceName.TrimStart('/'), "b/" + SourceName.TrimStart('/'), context);

    /// <summary>
    /// Writes the current text over the file it was loaded from, atomically and with the file's
    /// permissions, unless nothing changed (then nothing is written and the result is false).
    /// </summary>
    /// <exception cref="YamlEditException"><c>Yaml.ChangedOnDisk</c> when the file changed since it was read; <c>Yaml.WriteFailed</c> when it cannot be written.</exception>
    /// <exception cref="InvalidOperationException">The document was not loaded from a file.</exception>
    public bool Save() => Save(null);

    internal bool Save(Action<string>? beforeReplace)
    {
        if (FilePath is null)
        {
            throw new InvalidOperationException("This document was not loaded from a file; use ToBytes to get its content.");
        }

        if (!HasChanges)
        {
            return false;
        }

        var bytes = ToBytes();
        AtomicFileWriter.Replace(FilePath, bytes, _originalHash, beforeReplace);
        _originalHash = AtomicFileWriter.Hash(bytes);
        OriginalText = _text;
        return true;
    }

    /// <summary>The string value of the scalar at <paramref name="path"/>; null when it is missing or null.</summary>
    /// <exception cref="YamlEditException"><c>Yaml.NotAScalar</c>, <c>Yaml.NotAMapping</c>, <c>Yaml.AliasOnPath</c>, <c>Yaml.MultipleDocuments</c>.</exception>
    public string? GetScalar(YamlPath path)
    {
        var lookup = Find(path);
        if (!lookup.Found || lookup.Node!.IsNull)
        {
            return null;
        }

        var node = RequireUnaliased(lookup.Node!);
        return node.IsScalar ? node.Value : throw Refuse(YamlEditReason.NotAScalar, $"'{path}' is not a scalar.", node);
    }

    /// <summary>The scalar items of the sequence at <paramref name="path"/>; null when it is missing or null.</summary>
    /// <exception cref="YamlEditException"><c>Yaml.NotASequence</c> and the refusals of <see cref="GetScalar"/>.</exception>
    public IReadOnlyList<string>? GetSequence(YamlPath path)
    {
        var lookup = Find(path);
        if (!lookup.Found || lookup.Node!.IsNull)
        {
            return null;
        }

        var node = RequireUnaliased(lookup.Node!);
        if (node.Kind != YamlSourceNodeKind.Sequence)
        {
            throw Refuse(YamlEditReason.NotASequence, $"'{path}' is not a sequence.", node);
        }

        return node.Items.Select(i => RequireUnaliased(i).IsScalar ? i.Value! : throw Refuse(YamlEditReason.NotAScalar, $"An item of '{path}' is not a scalar.", i)).ToList();
    }

    /// <summary>True when <paramref name="path"/> exists (with any value, null included).</summary>
    public bool Contains(YamlPath path) => Find(path).Found;

    /// <summary>Sets the string at <paramref name="path"/>, creating missing parents. Returns false when it already was that string.</summary>
    /// <remarks>The existing quoting style is kept when the value can be written in it; a new value
    /// is written plain when that reads back as the same string, else quoted like its neighbours.</remarks>
    public bool SetString(YamlPath path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SetScalar(path, new YamlScalarValue(value, IsString: true));
    }

    /// <summary>Sets a plain integer at <paramref name="path"/>, creating missing parents. Returns false when nothing changed.</summary>
    public bool SetInteger(YamlPath path, long value) =>
        SetScalar(path, new YamlScalarValue(value.ToString(CultureInfo.InvariantCulture), IsString: false));

    /// <summary>Sets a plain <c>true</c> or <c>false</c> at <paramref name="path"/>, creating missing parents. Returns false when nothing changed.</summary>
    public bool SetBoolean(YamlPath path, bool value) =>
        SetScalar(path, new YamlScalarValue(value ? "true" : "false", IsString: false));

    /// <summary>
    /// Makes sure the sequence at <paramref name="path"/> holds the string <paramref name="item"/>,
    /// appending it (in the sequence's block or flow style) when absent and creating the sequence
    /// (and missing parents) when needed. Returns false when it was already there.
    /// </summary>
    public bool EnsureSequenceItem(YamlPath path, string item)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(item);
        var value = new YamlScalarValue(item, IsString: true);
        var lookup = Find(path);
        if (!lookup.Found)
        {
            Apply(CreateSplice(path, lookup, value, asSequence: true), t => SequenceHolds(t, path, item));
            return true;
        }

        var node = RequireUnaliased(lookup.Node!);
        if (node.IsNull)
        {
            Apply(ReplaceNullSplice(lookup.Key!, node, [], value, asSequence: true), t => SequenceHolds(t, path, item));
            return true;
        }

        if (node.Kind != YamlSourceNodeKind.Sequence)
        {
            throw Refuse(YamlEditReason.NotASequence, $"'{path}' is not a sequence.", node);
        }

        foreach (var existing in node.Items)
        {
            RequireUnaliased(existing);
            if (existing.IsScalar && existing.Value == item)
            {
                return false;
            }
        }

        var style = PreferredStyle(node);
        TextSplice splice;
        if (node.IsFlow)
        {
            var written = value.Format(style, inFlow: true);
            splice = node.Items.Count == 0
                ? new TextSplice(node.Start, node.End - node.Start, "[" + written + "]")
                : new TextSplice(node.Items[^1].End, 0, ", " + written);
        }
        else
        {
            var last = node.Items[^1];
            var prefix = _text[YamlText.LineStart(_text, last.Start)..last.Start];
            if (!ItemPrefix().IsMatch(prefix))
            {
                prefix = new string(' ', node.Column - 1) + "- ";
            }

            splice = InsertLines(last.ContentEnd, [prefix + value.Format(style, inFlow: false)]);
        }

        Apply(splice, t => SequenceHolds(t, path, item));
        return true;
    }

    /// <summary>
    /// Removes every item equal to the string <paramref name="item"/> from the sequence at
    /// <paramref name="path"/>; a block sequence left empty becomes <c>[]</c>. Returns false when
    /// the item (or the sequence) was not there.
    /// </summary>
    public bool RemoveSequenceItem(YamlPath path, string item)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(item);
        var changed = false;
        while (true)
        {
            var lookup = Find(path);
            if (!lookup.Found || lookup.Node!.IsNull)
            {
                return changed;
            }

            var node = RequireUnaliased(lookup.Node!);
            if (node.Kind != YamlSourceNodeKind.Sequence)
            {
                throw Refuse(YamlEditReason.NotASequence, $"'{path}' is not a sequence.", node);
            }

            node.Items.ForEach(i => RequireUnaliased(i));
            var index = node.Items.FindIndex(i => i.IsScalar && i.Value == item);
            if (index < 0)
            {
                return changed;
            }

            var target = node.Items[index];
            TextSplice splice;
            if (node.IsFlow)
            {
                splice = RemoveFlowElement(node.Items.Select(i => (i, i)).ToList(), index);
            }
            else if (node.Items.Count > 1)
            {
                RequireLinePrefix(target, ItemPrefix(), "a sequence item that does not start its line");
                splice = RemoveLines(target.Start, target.ContentEnd);
            }
            else
            {
                splice = ReplaceWithEmpty(lookup.Key, node, "[]");
            }

            var before = node.Items.Count(i => i.IsScalar && i.Value == item);
            Apply(splice, t => CountItems(t, path, item) == before - 1);
            changed = true;
        }
    }

    /// <summary>
    /// Removes the key at <paramref name="path"/> with its value (whole lines in a block mapping);
    /// a block mapping left empty becomes <c>{}</c>. Returns false when the key was not there.
    /// </summary>
    public bool RemoveKey(YamlPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lookup = Find(path);
        if (!lookup.Found)
        {
            return false;
        }

        if (path.IsIndex(path.Keys.Count - 1))
        {
            RemoveItem(path, lookup);
            return true;
        }

        var key = RequireUnaliased(lookup.Key!);
        var value = RequireUnaliased(lookup.Node!);
        var mapping = value.Parent!;
        TextSplice splice;
        if (mapping.IsFlow)
        {
            splice = RemoveFlowElement(mapping.Entries.Select(e => (e.Key, e.Value)).ToList(), mapping.Entries.FindIndex(e => e.Key == key));
        }
        else if (mapping.Entries.Count > 1 || mapping.Parent is null)
        {
            RequireLinePrefix(key, Blank(), "a key that does not start its line");
            splice = RemoveLines(key.Start, value.ContentEnd);
        }
        else
        {
            var owner = mapping.Parent.Kind == YamlSourceNodeKind.Mapping ? mapping.Parent.Entries.Find(e => e.Value == mapping).Key : null;
            splice = ReplaceWithEmpty(owner, mapping, "{}");
        }

        Apply(splice, t => !Find(t, path).Found);
        return true;
    }

    /// <summary>
    /// Removes the key at <paramref name="path"/> like <see cref="RemoveKey"/>, together with the
    /// comment lines right above it (its documentation) and one blank line that separated it from
    /// its neighbours. Returns false when the key was not there.
    /// </summary>
    public bool RemoveKeyWithComments(YamlPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lookup = Find(path);
        if (!lookup.Found || path.IsIndex(path.Keys.Count - 1))
        {
            return lookup.Found && RemoveKey(path);
        }

        var key = RequireUnaliased(lookup.Key!);
        var value = RequireUnaliased(lookup.Node!);
        var mapping = value.Parent!;
        if (mapping.IsFlow || (mapping.Entries.Count < 2 && mapping.Parent is not null))
        {
            return RemoveKey(path);
        }

        RequireLinePrefix(key, Blank(), "a key that does not start its line");
        var (from, to) = YamlText.WholeLines(_text, key.Start, value.ContentEnd);
        while (from > 0)
        {
            var previous = YamlText.LineStart(_text, from - 1);
            var line = _text[previous..from].Trim();
            if (!line.StartsWith('#'))
            {
                break;
            }

            from = previous;
        }

        var next = to < _text.Length ? YamlText.NextLineStart(_text, to) : -1;
        if (to < _text.Length && YamlText.IsBlank(_text, to, YamlText.LineEnd(_text, to)) && next >= 0)
        {
            to = next;
        }
        else if (from > 0)
        {
            var previous = YamlText.LineStart(_text, from - 1);
            if (YamlText.IsBlank(_text, previous, YamlText.LineEnd(_text, previous)))
            {
                from = previous;
            }
        }

        Apply(new TextSplice(from, to - from, string.Empty), t => !Find(t, path).Found);
        return true;
    }

    /// <summary>
    /// Edits the JSON document held in the string scalar at <paramref name="path"/> (for instance
    /// a cachemachine <c>autostart</c> entry). <paramref name="edit"/> gets a copy of the parsed
    /// JSON and returns the new document (it may change and return the same instance). The JSON is
    /// written back with its own indentation, untouched lines kept as they were, in the same
    /// scalar style (a literal block keeps its indentation). Returns false when the JSON is equal.
    /// </summary>
    /// <exception cref="YamlEditException"><c>Yaml.NotFound</c> when the path is missing; <c>Yaml.NotJson</c> when the scalar is not JSON.</exception>
    public bool EditJson(YamlPath path, Func<JsonNode?, JsonNode?> edit)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(edit);
        var lookup = Find(path);
        if (!lookup.Found || lookup.Node!.IsNull)
        {
            throw Refuse(YamlEditReason.NotFound, $"'{path}' is not set.", lookup.Holder ?? lookup.Node);
        }

        var node = RequireUnaliased(lookup.Node!);
        if (!node.IsScalar)
        {
            throw Refuse(YamlEditReason.NotAScalar, $"'{path}' is not a scalar holding JSON.", node);
        }

        JsonNode? original;
        try
        {
            original = JsonNode.Parse(node.Value!, documentOptions: JsonScalarText.ReadOptions);
        }
        catch (JsonException e)
        {
            throw Refuse(YamlEditReason.NotJson, $"'{path}' does not hold JSON: {e.Message}", node);
        }

        var edited = edit(original?.DeepClone());
        if (JsonNode.DeepEquals(original, edited))
        {
            return false;
        }

        var body = node.Value!.TrimEnd();
        var json = JsonScalarText.Rewrite(node.Value!, edited) + node.Value![body.Length..];
        return SetScalar(path, new YamlScalarValue(json, IsString: true));
    }

    private bool SetScalar(YamlPath path, YamlScalarValue value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lookup = Find(path);
        bool Verify(YamlSourceTree t) => Find(t, path) is { Found: true } found && value.IsWrittenIn(found.Node!);
        if (!lookup.Found)
        {
            Apply(CreateSplice(path, lookup, value, asSequence: false), Verify);
            return true;
        }

        var node = RequireUnaliased(lookup.Node!);
        if (!node.IsScalar)
        {
            throw Refuse(YamlEditReason.NotAScalar, $"'{path}' is not a scalar.", node);
        }

        if (value.IsWrittenIn(node))
        {
            return false;
        }

        if (node.HasTag)
        {
            throw Refuse(YamlEditReason.Unsupported, $"'{path}' has an explicit tag; edit it by hand.", node);
        }

        var inFlow = node.Parent?.IsFlow ?? false;
        TextSplice splice;
        if (node.IsNull && node.Value!.Length == 0)
        {
            splice = new TextSplice(node.Start, 0, " " + value.Format(PreferredStyle(node.Parent), inFlow));
        }
        else if (node.ScalarStyle is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            splice = value.IsString && CanWriteAsBlock(node, value.Text)
                ? BlockScalarSplice(node, value.Text)
                : new TextSplice(node.Start, node.ContentEnd - node.Start, value.Format(ScalarStyle.DoubleQuoted, inFlow));
        }
        else
        {
            splice = new TextSplice(node.Start, node.End - node.Start, value.Format(node.IsNull ? PreferredStyle(node.Parent) : node.ScalarStyle, inFlow));
        }

        Apply(splice, Verify);
        return true;
    }

    // Removes one item of a sequence (whole lines in a block sequence; a block sequence left empty becomes []).
    private void RemoveItem(YamlPath path, YamlPathLookup lookup)
    {
        var item = RequireUnaliased(lookup.Node!);
        var sequence = item.Parent!;
        var parentPath = path.Prefix(path.Keys.Count - 1);
        var count = sequence.Items.Count;
        var index = sequence.Items.IndexOf(item);
        TextSplice splice;
        if (sequence.IsFlow)
        {
            splice = RemoveFlowElement(sequence.Items.Select(i => (i, i)).ToList(), index);
        }
        else if (count > 1)
        {
            RequireLinePrefix(item, ItemPrefix(), "a sequence item that does not start its line");
            splice = RemoveLines(item.Start, item.ContentEnd);
        }
        else
        {
            var owner = sequence.Parent?.Kind == YamlSourceNodeKind.Mapping ? sequence.Parent.Entries.Find(e => e.Value == sequence).Key : null;
            splice = ReplaceWithEmpty(owner, sequence, "[]");
        }

        Apply(splice, t => Find(t, parentPath) is { Found: true } found && found.Node!.Items.Count == count - 1);
    }

    // ---- path lookup ----------------------------------------------------------------------

    private YamlPathLookup Find(YamlPath path) => Find(_tree, path);

    private YamlPathLookup Find(YamlSourceTree source, YamlPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (source.Documents.Count > 1)
        {
            throw new YamlEditException(YamlEditReason.MultipleDocuments, "The file holds several YAML documents; a path would be ambiguous.", SourceName);
        }

        var node = source.Documents.Count == 0 ? null : source.Documents[0];
        YamlSourceNode? key = null;
        for (var i = 0; i < path.Keys.Count; i++)
        {
            if (node is null || node.IsNull || (node.IsEmptyFlowCollection && node.Kind == YamlSourceNodeKind.Mapping))
            {
                return new YamlPathLookup(null, key, node, i);
            }

            RequireUnaliased(node);
            if (path.IsIndex(i))
            {
                if (node.Kind != YamlSourceNodeKind.Sequence)
                {
                    throw Refuse(YamlEditReason.NotASequence, $"'{path.Prefix(i)}' is not a sequence, so '{path}' cannot be reached.", node);
                }

                var index = path.Index(i);
                if (index >= node.Items.Count)
                {
                    return new YamlPathLookup(null, key, node, i);
                }

                key = null;
                node = node.Items[index];
                continue;
            }

            if (node.Kind != YamlSourceNodeKind.Mapping)
            {
                var what = i == 0 ? "The document root" : $"'{path.Prefix(i)}'";
                throw Refuse(YamlEditReason.NotAMapping, $"{what} is not a mapping, so '{path}' cannot be reached.", node);
            }

            foreach (var (candidate, _) in node.Entries)
            {
                if (candidate.Kind == YamlSourceNodeKind.Alias || (candidate.IsScalar && candidate.Value == "<<" && candidate.ScalarStyle == ScalarStyle.Plain))
                {
                    throw Refuse(YamlEditReason.AliasOnPath, "A merge key or alias key lies on the path; edit this mapping by hand.", candidate);
                }
            }

            var entry = node.FindEntry(path.Keys[i]);
            if (entry is null)
            {
                return new YamlPathLookup(null, key, node, i);
            }

            key = RequireUnaliased(entry.Value.Key);
            node = entry.Value.Value;
        }

        return new YamlPathLookup(node, key, null, path.Keys.Count);
    }

    private YamlSourceNode RequireUnaliased(YamlSourceNode node)
    {
        if (node.Kind == YamlSourceNodeKind.Alias)
        {
            throw Refuse(YamlEditReason.AliasOnPath, $"An alias (*{node.Anchor}) lies on the path; edit it by hand.", node);
        }

        if (node.Anchor is not null)
        {
            throw Refuse(YamlEditReason.AliasOnPath, $"An anchor (&{node.Anchor}) lies on the path; an edit could change its aliases too.", node);
        }

        return node;
    }

    // ---- splices --------------------------------------------------------------------------

    private TextSplice CreateSplice(YamlPath path, YamlPathLookup lookup, YamlScalarValue value, bool asSequence)
    {
        for (var i = lookup.Resolved; i < path.Keys.Count; i++)
        {
            if (path.IsIndex(i))
            {
                throw Refuse(YamlEditReason.NotFound, $"'{path.Prefix(i + 1)}' does not exist; the editor does not add sequence items on a path.", lookup.Holder);
            }
        }

        var keys = path.Keys.Skip(lookup.Resolved).ToList();
        var holder = lookup.Holder;
        if (holder is null && lookup.Key is null)
        {
            // An empty document: the new keys start at column 0 at the end of the text.
            var lines = BlockLines(keys, value, asSequence, 0, ScalarStyle.Plain);
            return _text.Length == 0 || _text.EndsWith('\n')
                ? new TextSplice(_text.Length, 0, string.Concat(lines.Select(l => l + NewLine)))
                : new TextSplice(_text.Length, 0, NewLine + string.Join(NewLine, lines));
        }

        if (holder is not null && (holder.IsNull || holder.IsEmptyFlowCollection))
        {
            return lookup.Key is null
                ? new TextSplice(holder.Start, holder.End - holder.Start, string.Join(NewLine, BlockLines(keys, value, asSequence, 0, ScalarStyle.Plain)))
                : ReplaceNullSplice(lookup.Key, holder, keys, value, asSequence);
        }

        var mapping = holder!;
        var style = PreferredStyle(mapping);
        if (mapping.IsFlow)
        {
            return new TextSplice(mapping.Entries[^1].Value.End, 0, ", " + FlowText(keys, value, asSequence, style));
        }

        var block = BlockLines(keys, value, asSequence, mapping.Column - 1, style);
        if (NewKeyPlacement == YamlKeyPlacement.Sorted)
        {
            // After the last key that sorts before the new one; before the first key (above its comment lines) when none does.
            var predecessor = mapping.Entries.LastOrDefault(e => e.Key.IsScalar && string.CompareOrdinal(e.Key.Value, keys[0]) < 0);
            if (predecessor.Key is not null)
            {
                return InsertLines(predecessor.Value.ContentEnd, block);
            }

            var first = mapping.Entries[0].Key;
            if (YamlText.IsBlank(_text, YamlText.LineStart(_text, first.Start), first.Start))
            {
                var at = YamlText.LineStart(_text, first.Start);
                while (at > 0 && mapping.Parent is not null)
                {
                    var previous = YamlText.LineStart(_text, at - 1);
                    if (!_text[previous..at].TrimStart().StartsWith('#'))
                    {
                        break;
                    }

                    at = previous;
                }

                return new TextSplice(at, 0, string.Concat(block.Select(l => l + NewLine)));
            }
        }

        return InsertLines(mapping.ContentEnd, block);
    }

    // Turns a null or empty value under key into the new content (a block below the key, or flow text in a flow mapping).
    private TextSplice ReplaceNullSplice(YamlSourceNode key, YamlSourceNode holder, IReadOnlyList<string> keys, YamlScalarValue value, bool asSequence)
    {
        var style = PreferredStyle(holder.Parent);
        var mapping = key.Parent!;
        if (mapping.IsFlow)
        {
            var flow = keys.Count == 0 ? "[" + value.Format(style, inFlow: true) + "]" : "{" + FlowText(keys, value, asSequence, style) + "}";
            return holder.Start == holder.End
                ? new TextSplice(holder.Start, 0, " " + flow)
                : new TextSplice(holder.Start, holder.End - holder.Start, flow);
        }

        var afterColon = AfterColon(key);
        var lineEnd = YamlText.LineEnd(_text, holder.End);
        var keyColumn = key.Column - 1;
        var lines = keys.Count == 0
            ? [new string(' ', keyColumn + _tree.SequenceIndent) + "- " + value.Format(style, inFlow: false)]
            : BlockLines(keys, value, asSequence, keyColumn + _tree.IndentUnit, style);
        return new TextSplice(afterColon, lineEnd - afterColon, _text[holder.End..lineEnd] + NewLine + string.Join(NewLine, lines));
    }

    private List<string> BlockLines(IReadOnlyList<string> keys, YamlScalarValue value, bool asSequence, int column, ScalarStyle style)
    {
        var lines = new List<string>();
        for (var i = 0; i < keys.Count; i++)
        {
            var indent = new string(' ', column + (i * _tree.IndentUnit));
            var key = YamlScalarFormatter.FormatString(keys[i], ScalarStyle.Plain, inFlow: false);
            if (i < keys.Count - 1)
            {
                lines.Add(indent + key + ":");
            }
            else if (asSequence)
            {
                lines.Add(indent + key + ":");
                lines.Add(new string(' ', column + (i * _tree.IndentUnit) + _tree.SequenceIndent) + "- " + value.Format(style, inFlow: false));
            }
            else
            {
                lines.Add(indent + key + ": " + value.Format(style, inFlow: false));
            }
        }

        return lines;
    }

    private static string FlowText(IReadOnlyList<string> keys, YamlScalarValue value, bool asSequence, ScalarStyle style)
    {
        var leaf = value.Format(style, inFlow: true);
        var result = asSequence ? "[" + leaf + "]" : leaf;
        for (var i = keys.Count - 1; i >= 0; i--)
        {
            var key = YamlScalarFormatter.FormatString(keys[i], ScalarStyle.Plain, inFlow: true);
            result = i == keys.Count - 1 ? key + ": " + result : key + ": {" + result + "}";
        }

        return result;
    }

    // Inserts whole lines after the line holding the character before contentEnd.
    private TextSplice InsertLines(int contentEnd, IReadOnlyList<string> lines)
    {
        var at = YamlText.NextLineStart(_text, contentEnd);
        return at < 0
            ? new TextSplice(_text.Length, 0, NewLine + string.Join(NewLine, lines))
            : new TextSplice(at, 0, string.Concat(lines.Select(l => l + NewLine)));
    }

    private TextSplice RemoveLines(int start, int contentEnd)
    {
        var (from, to) = YamlText.WholeLines(_text, start, contentEnd);
        return new TextSplice(from, to - from, string.Empty);
    }

    // Removes element index of a flow collection with the separator next to it.
    private static TextSplice RemoveFlowElement(List<(YamlSourceNode First, YamlSourceNode Last)> elements, int index)
    {
        var (first, last) = elements[index];
        if (index < elements.Count - 1)
        {
            return new TextSplice(first.Start, elements[index + 1].First.Start - first.Start, string.Empty);
        }

        if (index > 0)
        {
            var previousEnd = elements[index - 1].Last.End;
            return new TextSplice(previousEnd, last.End - previousEnd, string.Empty);
        }

        return new TextSplice(first.Start, last.End - first.Start, string.Empty);
    }

    // Replaces a block collection that is about to lose its last element with "{}" or "[]" after its key.
    private TextSplice ReplaceWithEmpty(YamlSourceNode? key, YamlSourceNode collection, string empty)
    {
        if (key is null || key.Parent is null || key.Parent.IsFlow)
        {
            throw Refuse(YamlEditReason.Unsupported, "Removing the last element here would leave an empty collection the editor cannot write.", collection);
        }

        var afterColon = AfterColon(key);
        var lineEnd = YamlText.LineEnd(_text, collection.ContentEnd);
        return new TextSplice(afterColon, lineEnd - afterColon, " " + empty);
    }

    private int AfterColon(YamlSourceNode key)
    {
        var index = key.End;
        while (index < _text.Length && _text[index] is ' ' or '\t')
        {
            index++;
        }

        if (index >= _text.Length || _text[index] != ':')
        {
            throw Refuse(YamlEditReason.Unsupported, "This key is not written as 'key: value'; edit it by hand.", key);
        }

        return index + 1;
    }

    private void RequireLinePrefix(YamlSourceNode node, Regex prefix, string what)
    {
        if (!prefix.IsMatch(_text[YamlText.LineStart(_text, node.Start)..node.Start]))
        {
            throw Refuse(YamlEditReason.Unsupported, $"Cannot remove {what}; edit it by hand.", node);
        }
    }

    private static bool CanWriteAsBlock(YamlSourceNode node, string value)
    {
        var body = value.TrimEnd('\n');
        return body.Length > 0 && body[0] is not (' ' or '\t') && !body.Contains('\r', StringComparison.Ordinal)
               && body.All(c => c is '\n' or '\t' || YamlScalarFormatter.CanBeSingleQuoted(c.ToString()));
    }

    // Rewrites a literal or folded block scalar as a literal block with the same indentation;
    // the chomping indicator follows the new value's trailing line breaks.
    private TextSplice BlockScalarSplice(YamlSourceNode node, string value)
    {
        var index = node.Start + 1;
        var keep = false;
        while (index < _text.Length && _text[index] is '+' or '-' or (>= '1' and <= '9'))
        {
            if (_text[index] is >= '1' and <= '9')
            {
                throw Refuse(YamlEditReason.Unsupported, "A block scalar with an explicit indentation indicator; edit it by hand.", node);
            }

            keep |= _text[index] == '+';
            index++;
        }

        var contentStart = YamlText.NextLineStart(_text, index);
        if (contentStart < 0)
        {
            throw Refuse(YamlEditReason.Unsupported, "A block scalar header without content lines; edit it by hand.", node);
        }

        var body = value.TrimEnd('\n');
        var trailingBreaks = value.Length - body.Length;
        var chomp = trailingBreaks switch { 0 => "-", 1 => "", _ => "+" };

        var indent = -1;
        for (var line = contentStart; line >= 0 && line < node.ContentEnd; line = YamlText.NextLineStart(_text, line))
        {
            var width = 0;
            while (line + width < _text.Length && _text[line + width] == ' ')
            {
                width++;
            }

            if (line + width < _text.Length && _text[line + width] is not ('\n' or '\r'))
            {
                indent = width;
                break;
            }
        }

        if (indent < 0)
        {
            var keyLine = YamlText.LineStart(_text, node.Start);
            var keyIndent = 0;
            while (_text[keyLine + keyIndent] == ' ')
            {
                keyIndent++;
            }

            indent = keyIndent + _tree.IndentUnit;
        }

        var end = keep || trailingBreaks > 1 ? node.End : YamlText.NextLineStart(_text, node.ContentEnd);
        var atEof = end < 0 || (end == _text.Length && !_text.EndsWith('\n'));
        end = end < 0 ? _text.Length : end;

        var prefix = new string(' ', indent);
        var content = new StringBuilder();
        content.Append('|').Append(chomp).Append(_text, index, contentStart - index);
        content.Append(string.Join(NewLine, body.Split('\n').Select(l => l.Length == 0 ? l : prefix + l)));
        if (!atEof)
        {
            content.Append(NewLine);
        }

        for (var i = 1; i < trailingBreaks && chomp == "+"; i++)
        {
            content.Append(NewLine);
        }

        return new TextSplice(node.Start, end - node.Start, content.ToString());
    }

    // How strings are written near a new value: the most common style (plain, double or single
    // quotes) among the string values below the nearest enclosing collection that has any.
    private static ScalarStyle PreferredStyle(YamlSourceNode? collection)
    {
        for (var node = collection; node is not null; node = node.Parent)
        {
            int plain = 0, doubled = 0, single = 0;
            var pending = new Stack<YamlSourceNode>();
            pending.Push(node);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                if (current.IsScalar)
                {
                    switch (current.ScalarStyle)
                    {
                        case ScalarStyle.DoubleQuoted: doubled++; break;
                        case ScalarStyle.SingleQuoted: single++; break;
                        case ScalarStyle.Plain when !YamlScalarFormatter.ResolvesToNonString(current.Value!): plain++; break;
                    }
                }

                current.Items.ForEach(pending.Push);
                current.Entries.ForEach(e => pending.Push(e.Value));
            }

            if (plain + doubled + single > 0)
            {
                return doubled >= plain && doubled >= single ? ScalarStyle.DoubleQuoted
                    : single > plain ? ScalarStyle.SingleQuoted
                    : ScalarStyle.Plain;
            }
        }

        return ScalarStyle.Plain;
    }

    // ---- applying and verifying -----------------------------------------------------------

    private void Apply(TextSplice splice, Func<YamlSourceTree, bool> verify)
    {
        var edited = string.Concat(_text.AsSpan(0, splice.Start), splice.Replacement, _text.AsSpan(splice.Start + splice.Length));
        YamlSourceTree editedTree;
        try
        {
            editedTree = YamlSourceTree.Parse(edited, SourceName);
            if (!verify(editedTree))
            {
                throw new YamlEditException(YamlEditReason.VerificationFailed, "The edited text does not read back as intended; nothing was changed.", SourceName);
            }
        }
        catch (YamlEditException e) when (e.Reason != YamlEditReason.VerificationFailed)
        {
            throw new YamlEditException(YamlEditReason.VerificationFailed, "The edited text does not read back as intended (" + e.Message + "); nothing was changed.", SourceName, innerException: e);
        }

        _text = edited;
        _tree = editedTree;
    }

    private bool SequenceHolds(YamlSourceTree source, YamlPath path, string item) => CountItems(source, path, item) > 0;

    private int CountItems(YamlSourceTree source, YamlPath path, string item)
    {
        var lookup = Find(source, path);
        if (!lookup.Found || lookup.Node!.IsNull)
        {
            return 0;
        }

        return lookup.Node!.Kind == YamlSourceNodeKind.Sequence
            ? lookup.Node.Items.Count(i => i.IsScalar && i.Value == item)
            : -1;
    }

    private YamlEditException Refuse(YamlEditReason reason, string message, YamlSourceNode? node) =>
        new(reason, message, SourceName, node?.Line ?? 0, node?.Column ?? 0);

    private static byte[] Encode(string body, bool bom)
    {
        var bytes = StrictUtf8.GetBytes(body);
        return bom ? [.. Utf8Bom, .. bytes] : bytes;
    }

    [GeneratedRegex(@"\A[ ]*-[ ]+\z")]
    private static partial Regex ItemPrefix();

    [GeneratedRegex(@"\A[ ]*\z")]
    private static partial Regex Blank();
}
