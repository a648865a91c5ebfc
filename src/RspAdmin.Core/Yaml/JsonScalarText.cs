using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiffPlex;

namespace RspAdmin.Core.Yaml;

/// <summary>
/// Writes an edited JSON document back in the layout of the text it was read from: the same
/// indentation unit (or the same one-line separators), and every line whose content did not
/// change kept exactly as it was, odd indentation included. Unchanged numbers and strings keep
/// their original spelling and escapes.
/// </summary>
internal static class JsonScalarText
{
    public static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>Renders <paramref name="edited"/> in the style of <paramref name="original"/> (without any trailing line break).</summary>
    public static string Rewrite(string original, JsonNode? edited)
    {
        var body = original.TrimEnd();
        if (!body.Contains('\n', StringComparison.Ordinal))
        {
            var itemSeparator = body.Contains(", ", StringComparison.Ordinal) || !body.Contains(',', StringComparison.Ordinal) ? ", " : ",";
            var nameSeparator = body.Contains("\": ", StringComparison.Ordinal) || !body.Contains("\":", StringComparison.Ordinal) ? ": " : ":";
            var compact = new StringBuilder();
            WriteCompact(compact, edited, itemSeparator, nameSeparator);
            return compact.ToString();
        }

        var newLine = body.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var indented = new StringBuilder();
        WriteIndented(indented, edited, DetectIndent(body), 0, newLine);
        var canonical = indented.ToString();
        var merged = KeepUnchangedLines(body, canonical, newLine);
        return ReadsAs(merged, edited) ? merged : canonical;
    }

    private static string DetectIndent(string body)
    {
        var smallest = int.MaxValue;
        var tabs = false;
        foreach (var line in body.Split('\n'))
        {
            var width = 0;
            while (width < line.Length && line[width] is ' ' or '\t')
            {
                tabs |= line[width] == '\t';
                width++;
            }

            if (width > 0 && width < line.TrimEnd('\r').Length)
            {
                smallest = Math.Min(smallest, width);
            }
        }

        return smallest == int.MaxValue ? "  " : new string(tabs ? '\t' : ' ', tabs ? 1 : smallest);
    }

    // Lines equal up to leading and trailing blanks are taken from the original text.
    private static string KeepUnchangedLines(string original, string canonical, string newLine)
    {
        var diff = Differ.Instance.CreateLineDiffs(original, canonical, ignoreWhitespace: true);
        var oldLines = diff.PiecesOld;
        var newLines = diff.PiecesNew;
        var result = new List<string>(newLines.Count);
        int oldIndex = 0, newIndex = 0;
        foreach (var block in diff.DiffBlocks)
        {
            while (newIndex < block.InsertStartB)
            {
                result.Add(oldLines[oldIndex++]);
                newIndex++;
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                result.Add(newLines[newIndex++]);
            }

            oldIndex = block.DeleteStartA + block.DeleteCountA;
        }

        while (newIndex < newLines.Count)
        {
            result.Add(oldLines[oldIndex++]);
            newIndex++;
        }

        return string.Join(newLine, result.Select(l => l.TrimEnd('\r'))).TrimEnd();
    }

    private static bool ReadsAs(string text, JsonNode? expected)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(text, documentOptions: ReadOptions), expected);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteIndented(StringBuilder builder, JsonNode? node, string indent, int depth, string newLine)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
            {
                builder.Append('{');
                var first = true;
                foreach (var (name, value) in obj)
                {
                    builder.Append(first ? "" : ",").Append(newLine);
                    first = false;
                    Indent(builder, indent, depth + 1);
                    WriteString(builder, name);
                    builder.Append(": ");
                    WriteIndented(builder, value, indent, depth + 1, newLine);
                }

                builder.Append(newLine);
                Indent(builder, indent, depth);
                builder.Append('}');
                break;
            }

            case JsonArray array when array.Count > 0:
            {
                builder.Append('[');
                var first = true;
                foreach (var item in array)
                {
                    builder.Append(first ? "" : ",").Append(newLine);
                    first = false;
                    Indent(builder, indent, depth + 1);
                    WriteIndented(builder, item, indent, depth + 1, newLine);
                }

                builder.Append(newLine);
                Indent(builder, indent, depth);
                builder.Append(']');
                break;
            }

            default:
                WriteLeaf(builder, node);
                break;
        }
    }

    private static void WriteCompact(StringBuilder builder, JsonNode? node, string itemSeparator, string nameSeparator)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                builder.Append('{');
                var first = true;
                foreach (var (name, value) in obj)
                {
                    builder.Append(first ? "" : itemSeparator);
                    first = false;
                    WriteString(builder, name);
                    builder.Append(nameSeparator);
                    WriteCompact(builder, value, itemSeparator, nameSeparator);
                }

                builder.Append('}');
                break;
            }

            case JsonArray array:
            {
                builder.Append('[');
                var first = true;
                foreach (var item in array)
                {
                    builder.Append(first ? "" : itemSeparator);
                    first = false;
                    WriteCompact(builder, item, itemSeparator, nameSeparator);
                }

                builder.Append(']');
                break;
            }

            default:
                WriteLeaf(builder, node);
                break;
        }
    }

    private static void WriteLeaf(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject:
                builder.Append("{}");
                break;
            case JsonArray:
                builder.Append("[]");
                break;
            case JsonValue value when value.TryGetValue<JsonElement>(out var element):
                builder.Append(element.GetRawText());
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                WriteString(builder, text);
                break;
            default:
                builder.Append(node.ToJsonString());
                break;
        }
    }

    // Escapes what JSON requires and nothing else, so non-ASCII text stays readable.
    private static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    private static void Indent(StringBuilder builder, string indent, int depth)
    {
        for (var i = 0; i < depth; i++)
        {
            builder.Append(indent);
        }
    }
}
