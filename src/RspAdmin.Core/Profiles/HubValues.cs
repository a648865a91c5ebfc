using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RspAdmin.Core.Profiles;

/// <summary>
/// A hub's Helm values read as data: anchors and aliases resolved, plain scalars typed the way the
/// chart's YAML reader types them (YAML 1.1 booleans, integers, floats, null), each node's line kept
/// for findings. Several files layer the way Helm merges <c>-f</c> files: mappings merge key by key,
/// anything else from a later file replaces the earlier value.
/// </summary>
public sealed partial class HubValues
{
    private const long MaxFileBytes = 16 * 1024 * 1024;
    private const int MaxDepth = 128;
    private readonly Dictionary<JsonNode, (string File, int Line)> _locations = new(ReferenceEqualityComparer.Instance);

    private HubValues(JsonObject root, IReadOnlyList<string> files)
    {
        Root = root;
        Files = files;
    }

    /// <summary>The merged values (a mapping; empty for empty files).</summary>
    public JsonObject Root { get; }

    /// <summary>The files read, base first.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The file and line a node came from; null when unknown.</summary>
    public (string File, int Line)? LocationOf(JsonNode? node) =>
        node is not null && _locations.TryGetValue(node, out var location) ? location : null;

    /// <summary>Reads and layers <paramref name="paths"/>, base first.</summary>
    /// <exception cref="RspException"><c>HubValues.NotFound</c>, <c>HubValues.Unreadable</c>, <c>HubValues.Malformed</c>.</exception>
    public static HubValues Load(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("At least one values file is needed.", nameof(paths));
        }

        var texts = paths.Select(p => (p, ReadText(p))).ToList();
        return Parse(texts);
    }

    /// <summary>Reads one values document from text.</summary>
    public static HubValues Parse(string text, string sourceName) => Parse([(sourceName, text)]);

    private static HubValues Parse(IReadOnlyList<(string Name, string Text)> documents)
    {
        var locations = new Dictionary<JsonNode, (string, int)>(ReferenceEqualityComparer.Instance);
        JsonObject? merged = null;
        foreach (var (name, text) in documents)
        {
            var root = ParseOne(text, name, locations);
            merged = merged is null ? root : Merge(merged, root);
        }

        var values = new HubValues(merged ?? [], documents.Select(d => d.Name).ToList());
        foreach (var (node, location) in locations)
        {
            values._locations[node] = location;
        }

        return values;
    }

    private static string ReadText(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new RspException("HubValues.NotFound", ErrorKind.NotFound, $"The values file '{path}' does not exist.", path, "Give the path of the hub's Helm values file.");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new RspException("HubValues.Unreadable", ErrorKind.LimitExceeded, $"The values file '{path}' is larger than 16 MiB.", path);
            }

            return File.ReadAllText(path, new UTF8Encoding(false, true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw new RspException("HubValues.Unreadable", ErrorKind.ReadFailed, $"The values file '{path}' cannot be read: {e.Message}", path, inner: e);
        }
    }

    private static JsonObject ParseOne(string text, string name, Dictionary<JsonNode, (string, int)> locations)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new RspException("HubValues.Malformed", ErrorKind.Malformed,
                $"'{name}' is not valid YAML (line {e.Start.Line}): {Describe(e)}", name, "Fix the YAML syntax and run the command again.", e);
        }

        if (stream.Documents.Count == 0)
        {
            return [];
        }

        if (stream.Documents.Count > 1)
        {
            throw new RspException("HubValues.Malformed", ErrorKind.Malformed, $"'{name}' holds more than one YAML document.", name);
        }

        var root = Convert(stream.Documents[0].RootNode, name, 0, locations);
        return root switch
        {
            JsonObject mapping => mapping,
            null => [],
            _ => throw new RspException("HubValues.Malformed", ErrorKind.Malformed, $"'{name}' does not hold a mapping at its top level.", name),
        };
    }

    private static JsonNode? Convert(YamlNode node, string name, int depth, Dictionary<JsonNode, (string, int)> locations)
    {
        if (depth > MaxDepth)
        {
            throw new RspException("HubValues.Malformed", ErrorKind.Malformed, $"'{name}' is nested too deeply.", name);
        }

        JsonNode? result;
        switch (node)
        {
            case YamlScalarNode scalar:
                result = Scalar(scalar);
                break;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var child in sequence.Children)
                {
                    array.Add(Convert(child, name, depth + 1, locations));
                }

                result = array;
                break;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var pair in mapping.Children)
                {
                    var key = pair.Key is YamlScalarNode { Value: { } k } ? k : pair.Key.ToString();
                    if (key == "<<" && pair.Value is YamlMappingNode merge)
                    {
                        foreach (var (mk, mv) in (JsonObject)Convert(merge, name, depth + 1, locations)!)
                        {
                            if (!obj.ContainsKey(mk))
                            {
                                obj[mk] = mv?.DeepClone();
                            }
                        }

                        continue;
                    }

                    obj[key] = Convert(pair.Value, name, depth + 1, locations);
                }

                result = obj;
                break;
            default:
                result = null;
                break;
        }

        if (result is not null)
        {
            locations[result] = (name, (int)node.Start.Line);
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || tag == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON")
        {
            return JsonValue.Create(true);
        }

        if (value is "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF")
        {
            return JsonValue.Create(false);
        }

        if (IntegerText().IsMatch(value) && long.TryParse(value.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatText().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    /// <summary>Helm's merge of two values trees: mappings key by key, anything else replaced; a null overlay value removes the key.</summary>
    public static JsonObject Merge(JsonObject baseValues, JsonObject overlay)
    {
        ArgumentNullException.ThrowIfNull(baseValues);
        ArgumentNullException.ThrowIfNull(overlay);
        foreach (var (key, value) in overlay.ToList())
        {
            overlay.Remove(key);
            if (value is null)
            {
                baseValues.Remove(key);
            }
            else if (value is JsonObject overlayObject && baseValues[key] is JsonObject baseObject)
            {
                Merge(baseObject, overlayObject);
            }
            else
            {
                baseValues[key] = value;
            }
        }

        return baseValues;
    }

    /// <summary>The node at a path of keys; null when any key is missing.</summary>
    public static JsonNode? At(JsonNode? node, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Python's truthiness of a YAML value.</summary>
    public static bool IsTruthy(JsonNode? node) => node switch
    {
        null => false,
        JsonObject o => o.Count > 0,
        JsonArray a => a.Count > 0,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0,
        JsonValue v when v.TryGetValue<long>(out var l) => l != 0,
        JsonValue v when v.TryGetValue<double>(out var d) => d != 0,
        _ => true,
    };

    /// <summary>The string of a scalar (booleans and numbers as YAML writes them); null for anything else.</summary>
    public static string? AsString(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Describe(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    [GeneratedRegex(@"\A[-+]?(?:0|[1-9][0-9_]*)\z")]
    private static partial Regex IntegerText();

    [GeneratedRegex(@"\A[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?\z|\A[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+\z")]
    private static partial Regex FloatText();
}
