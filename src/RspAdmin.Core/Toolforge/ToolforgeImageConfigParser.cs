using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RspAdmin.Core.Toolforge;

/// <summary>
/// Reads an image catalog in any of its three schema generations: the pre-2022 list of
/// <c>{shortname, image}</c> (also inside its ConfigMap manifest), the 2022-11 mapping of names to
/// <c>aliases</c>, <c>state</c> and <c>variants</c>, and the 2026-01 mapping with a top-level
/// <c>image</c>. A ConfigMap manifest is read through its <c>images-v1.yaml</c> (or <c>images.yaml</c>) key.
/// </summary>
public static class ToolforgeImageConfigParser
{
    /// <summary>The largest catalog text read (a ConfigMap holds at most 1 MiB).</summary>
    public const int MaxTextLength = 4 * 1024 * 1024;

    /// <summary>
    /// Parses catalog text. With <paramref name="findings"/> an entry of the wrong shape is reported
    /// there and skipped; without, it stops the parse.
    /// </summary>
    /// <exception cref="RspException"><c>Toolforge.ConfigInvalid</c> (YAML errors, a malformed entry),
    /// <c>Toolforge.ConfigNotMapping</c> (not a mapping or a list), <c>Toolforge.KeyMissing</c>
    /// (a ConfigMap manifest without the catalog key).</exception>
    public static ToolforgeImageConfig Parse(string text, string source, List<ToolforgeConfigFinding>? findings = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var state = new ParseState(source, findings);
        var (entries, dataKey) = ParseText(text, state, 0, 0, allowManifest: true);
        return new ToolforgeImageConfig
        {
            Entries = entries,
            Text = state.CatalogText ?? text,
            Source = source,
            DataKey = dataKey,
            ReadFindings = findings is null ? [] : findings.ToArray(),
        };
    }

    /// <summary>Reads a catalog file (a bare catalog or a ConfigMap manifest).</summary>
    /// <exception cref="RspException"><c>Toolforge.FileNotFound</c>, <c>Toolforge.FileUnreadable</c> and those of <see cref="Parse"/>.</exception>
    public static ToolforgeImageConfig Load(string path, List<ToolforgeConfigFinding>? findings = null)
    {
        var text = ReadText(path);
        var config = Parse(text, path, findings);
        return new ToolforgeImageConfig
        {
            Entries = config.Entries,
            Text = config.Text,
            Source = path,
            Path = path,
            DataKey = config.DataKey,
            ReadFindings = config.ReadFindings,
        };
    }

    /// <summary>Reads a catalog file's text.</summary>
    /// <exception cref="RspException"><c>Toolforge.FileNotFound</c>, <c>Toolforge.FileUnreadable</c>.</exception>
    public static string ReadText(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxTextLength)
            {
                throw ToolforgeErrors.FileUnreadable(path, $"it is larger than {MaxTextLength / (1024 * 1024)} MiB", null);
            }

            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw ToolforgeErrors.FileNotFound(path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw ToolforgeErrors.FileUnreadable(path, e.Message, e);
        }
    }

    private sealed class ParseState(string source, List<ToolforgeConfigFinding>? findings)
    {
        public string Source { get; } = source;

        public List<ToolforgeConfigFinding>? Findings { get; } = findings;

        public string? CatalogText { get; set; }

        public int LineOffset { get; set; }

        public int ColumnOffset { get; set; }

        public int Line(Mark mark) => (int)Math.Max(1, mark.Line) + LineOffset;

        public int Column(Mark mark) => (int)Math.Max(1, mark.Column) + ColumnOffset;

        /// <summary>Reports a malformed part: a finding when lenient, else a thrown error.</summary>
        public void Malformed(string entry, string message, Mark at)
        {
            var line = Line(at);
            var column = Column(at);
            if (Findings is null)
            {
                throw ToolforgeErrors.ConfigInvalid(Source, line, column, message, null);
            }

            Findings.Add(new ToolforgeConfigFinding
            {
                Severity = ToolforgeConfigFinding.ErrorSeverity,
                Code = "Toolforge.EntryInvalid",
                Message = message,
                Entry = entry,
                Source = Source,
                Line = line,
                Column = column,
            });
        }
    }

    private static (IReadOnlyList<ToolforgeImageEntry> Entries, string? DataKey) ParseText(string text, ParseState state, int lineOffset, int columnOffset, bool allowManifest)
    {
        if (text.Length > MaxTextLength)
        {
            throw ToolforgeErrors.ConfigInvalid(state.Source, 0, 0, $"the catalog is larger than {MaxTextLength / (1024 * 1024)} MiB", null);
        }

        state.LineOffset = lineOffset;
        state.ColumnOffset = columnOffset;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw ToolforgeErrors.ConfigInvalid(state.Source, state.Line(e.Start), state.Column(e.Start), Describe(e), e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw ToolforgeErrors.ConfigInvalid(state.Source, 0, 0, e.Message, e);
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw ToolforgeErrors.ConfigInvalid(state.Source, state.Line(second.Start), state.Column(second.Start), "it holds more than one YAML document", null);
        }

        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is null || IsNull(root))
        {
            throw ToolforgeErrors.ConfigNotMapping(state.Source, "the document is empty");
        }

        if (allowManifest && root is YamlMappingNode manifest && IsConfigMapManifest(manifest))
        {
            return ParseManifest(manifest, text, state);
        }

        state.CatalogText ??= text;
        return root switch
        {
            YamlMappingNode mapping => (ParseMapping(mapping, state), null),
            YamlSequenceNode sequence => (ParseList(sequence, state), null),
            _ => throw ToolforgeErrors.ConfigNotMapping(state.Source, $"the document is a scalar at line {state.Line(root.Start)}, not a mapping of image names"),
        };
    }

    private static bool IsConfigMapManifest(YamlMappingNode root) =>
        Scalar(root, "kind") == "ConfigMap" && root.Children.ContainsKey(new YamlScalarNode("data"));

    private static (IReadOnlyList<ToolforgeImageEntry>, string?) ParseManifest(YamlMappingNode manifest, string text, ParseState state)
    {
        if (manifest.Children[new YamlScalarNode("data")] is not YamlMappingNode data)
        {
            throw ToolforgeErrors.KeyMissing(state.Source, "its data is not a mapping");
        }

        foreach (var key in new[] { ToolforgeNames.DataKey, ToolforgeNames.LegacyDataKey })
        {
            if (data.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                if (value is not YamlScalarNode { Value: { } inner })
                {
                    throw ToolforgeErrors.ConfigInvalid(state.Source, state.Line(value.Start), state.Column(value.Start), $"data.{key} is not a string", null);
                }

                // A block scalar's content starts on the next line, indented; positions are mapped back to the file.
                var lineOffset = 0;
                var columnOffset = 0;
                if (value is YamlScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded })
                {
                    lineOffset = (int)value.Start.Line;
                    var lines = text.Split('\n');
                    var first = lines.Skip(lineOffset).FirstOrDefault(l => l.Trim().Length > 0) ?? string.Empty;
                    columnOffset = first.Length - first.TrimStart(' ').Length;
                }

                state.CatalogText = inner;
                var (entries, _) = ParseText(inner, state, lineOffset, columnOffset, allowManifest: false);
                return (entries, key);
            }
        }

        throw ToolforgeErrors.KeyMissing(state.Source, $"its data has no key '{ToolforgeNames.DataKey}'");
    }

    private static List<ToolforgeImageEntry> ParseMapping(YamlMappingNode root, ParseState state)
    {
        var entries = new List<ToolforgeImageEntry>(root.Children.Count);
        foreach (var (keyNode, value) in root.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } || IsNull(keyNode))
            {
                state.Malformed(string.Empty, "An image name must be a string.", keyNode.Start);
                continue;
            }

            var line = state.Line(keyNode.Start);
            var column = state.Column(keyNode.Start);
            if (value is not YamlMappingNode body)
            {
                state.Malformed(name, $"The entry '{name}' is {Describe(value)}; an entry must be a mapping with image, state, aliases and variants.", value.Start);
                continue;
            }

            var ok = true;
            var image = OptionalString(body, "image", name, state, ref ok);
            var imageState = OptionalString(body, "state", name, state, ref ok);
            var aliases = StringList(body, "aliases", name, state, ref ok);
            var variants = Variants(body, name, state, ref ok);
            if (!ok)
            {
                continue;
            }

            entries.Add(new ToolforgeImageEntry(name, entries.Count, image is null ? 2 : 3, image, imageState, aliases, variants, state.Source, line, column));
        }

        return entries;
    }

    private static List<ToolforgeImageEntry> ParseList(YamlSequenceNode root, ParseState state)
    {
        var entries = new List<ToolforgeImageEntry>(root.Children.Count);
        foreach (var item in root.Children)
        {
            if (item is not YamlMappingNode body)
            {
                state.Malformed(string.Empty, $"An item of the image list is {Describe(item)}; each must be a mapping with shortname and image.", item.Start);
                continue;
            }

            var ok = true;
            var name = OptionalString(body, "shortname", string.Empty, state, ref ok);
            var image = OptionalString(body, "image", name ?? string.Empty, state, ref ok);
            if (!ok)
            {
                continue;
            }

            if (name is null)
            {
                state.Malformed(string.Empty, "An item of the image list has no shortname.", body.Start);
                continue;
            }

            // The list had no state; its names carried deprecation as a -DEPRECATED suffix.
            var derivedState = name.EndsWith("-DEPRECATED", StringComparison.Ordinal) ? ToolforgeNames.StateDeprecated : ToolforgeNames.StateStable;
            entries.Add(new ToolforgeImageEntry(name, entries.Count, 1, image, derivedState, [], [], state.Source, state.Line(body.Start), state.Column(body.Start)));
        }

        return entries;
    }

    private static string? OptionalString(YamlMappingNode body, string key, string entry, ParseState state, ref bool ok)
    {
        if (!body.Children.TryGetValue(new YamlScalarNode(key), out var value) || IsNull(value))
        {
            return null;
        }

        if (value is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        state.Malformed(entry, $"'{key}' of '{entry}' is {Describe(value)}; it must be a string.", value.Start);
        ok = false;
        return null;
    }

    private static IReadOnlyList<string> StringList(YamlMappingNode body, string key, string entry, ParseState state, ref bool ok)
    {
        if (!body.Children.TryGetValue(new YamlScalarNode(key), out var value) || IsNull(value))
        {
            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            state.Malformed(entry, $"'{key}' of '{entry}' is {Describe(value)}; it must be a list of names.", value.Start);
            ok = false;
            return [];
        }

        var items = new List<string>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { } s } && !IsNull(item))
            {
                items.Add(s);
            }
            else
            {
                state.Malformed(entry, $"An item of '{key}' of '{entry}' is {Describe(item)}; it must be a name.", item.Start);
                ok = false;
            }
        }

        return items;
    }

    private static IReadOnlyList<ToolforgeImageVariant> Variants(YamlMappingNode body, string entry, ParseState state, ref bool ok)
    {
        if (!body.Children.TryGetValue(new YamlScalarNode("variants"), out var value) || IsNull(value))
        {
            return [];
        }

        if (value is not YamlMappingNode variants)
        {
            state.Malformed(entry, $"'variants' of '{entry}' is {Describe(value)}; it must be a mapping of consumer names.", value.Start);
            ok = false;
            return [];
        }

        var result = new List<ToolforgeImageVariant>();
        foreach (var (keyNode, variantNode) in variants.Children)
        {
            var variantName = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (variantNode is not YamlMappingNode variantBody)
            {
                state.Malformed(entry, $"The variant '{variantName}' of '{entry}' is {Describe(variantNode)}; it must be a mapping with image.", variantNode.Start);
                ok = false;
                continue;
            }

            var image = OptionalString(variantBody, "image", entry, state, ref ok);
            var extra = new Dictionary<string, string>(StringComparer.Ordinal);
            if (variantBody.Children.TryGetValue(new YamlScalarNode("extra"), out var extraNode) && !IsNull(extraNode))
            {
                if (extraNode is YamlMappingNode extraMap)
                {
                    foreach (var (k, v) in extraMap.Children)
                    {
                        if (k is YamlScalarNode { Value: { } ks } && v is YamlScalarNode { Value: { } vs })
                        {
                            extra[ks] = vs;
                        }
                    }
                }
                else
                {
                    state.Malformed(entry, $"'extra' of the variant '{variantName}' of '{entry}' is {Describe(extraNode)}; it must be a mapping.", extraNode.Start);
                    ok = false;
                }
            }

            result.Add(new ToolforgeImageVariant(variantName, image, extra, state.Line(keyNode.Start), state.Column(keyNode.Start)));
        }

        return result;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode s && ((!s.Tag.IsEmpty && !s.Tag.IsNonSpecific && s.Tag.Value == "tag:yaml.org,2002:null")
            || (s.Style is ScalarStyle.Plain or ScalarStyle.Any && s.Value is null or "" or "~" or "null" or "Null" or "NULL"));

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ when IsNull(node) => "empty",
        YamlScalarNode s => string.Create(CultureInfo.InvariantCulture, $"the scalar '{Truncate(s.Value)}'"),
        _ => "not a mapping",
    };

    private static string Truncate(string? value) => value is null ? string.Empty : value.Length <= 40 ? value : value[..40] + "...";

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes its messages with "(Line: x, Col: y, Idx: z) - (...): "; the position is reported separately.
        var message = (e.Message + " " + e.InnerException?.Message).Contains("Duplicate key", StringComparison.OrdinalIgnoreCase)
            ? "a key appears twice"
            : e.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }
}
