using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RspAdmin.Core.Tests.Yaml;

/// <summary>
/// Reads YAML with YamlDotNet's own object model (independently of the editor) into JSON nodes,
/// resolving plain scalars with the YAML 1.2 core schema, so documents compare as data.
/// </summary>
internal static partial class YamlData
{
    public static JsonNode? Read(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    public static JsonNode? At(JsonNode? root, params string[] keys)
    {
        var node = root;
        foreach (var key in keys)
        {
            node = (node as JsonObject)?[key];
        }

        return node;
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
            {
                var result = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    result.Add(((YamlScalarNode)key).Value!, Convert(value));
                }

                return result;
            }

            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(Convert).ToArray());

            case YamlScalarNode scalar:
                return Resolve(scalar);

            default:
                throw new NotSupportedException(node.GetType().Name);
        }
    }

    private static JsonNode? Resolve(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value.StartsWith('t') || value.StartsWith('T'));
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(value))
        {
            return JsonValue.Create(double.Parse(value, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex(@"\A[-+]?[0-9]+\z")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"\A[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z")]
    private static partial Regex FloatPattern();
}
