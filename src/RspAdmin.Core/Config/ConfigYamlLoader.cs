using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RspAdmin.Core.Config;

/// <summary>
/// Reads a YAML file into <see cref="ConfigNode"/>s with their locations. Every failure is a
/// <see cref="LabImageConfigException"/>: no YamlDotNet or I/O exception escapes.
/// </summary>
internal static class ConfigYamlLoader
{
    // Guards against documents built to exhaust memory through nested or repeated aliases.
    private const int MaxDepth = 128;
    private const int MaxNodes = 1_000_000;
    private const long MaxFileBytes = 16 * 1024 * 1024;

    public static ConfigNode Load(string path)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new LabImageConfigException(LabImageConfigErrorReason.FileNotFound, "The file does not exist.", path);
            }

            if (info.Length > MaxFileBytes)
            {
                throw new LabImageConfigException(
                    LabImageConfigErrorReason.FileUnreadable, $"The file is larger than {MaxFileBytes / (1024 * 1024)} MiB.", path);
            }

            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException
                ? LabImageConfigErrorReason.FileNotFound
                : LabImageConfigErrorReason.FileUnreadable;
            throw new LabImageConfigException(reason, $"The file cannot be read: {e.Message}", path, innerException: e);
        }

        return Parse(text, path);
    }

    public static ConfigNode Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new LabImageConfigException(
                LabImageConfigErrorReason.MalformedYaml, $"Malformed YAML: {Describe(e)}", path, Line(e.Start), Column(e.Start), innerException: e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new LabImageConfigException(LabImageConfigErrorReason.MalformedYaml, $"Malformed YAML: {e.Message}", path, innerException: e);
        }

        if (stream.Documents.Count == 0)
        {
            return ConfigNode.Null(new ConfigLocation(path, 1, 1));
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw new LabImageConfigException(
                LabImageConfigErrorReason.MalformedYaml, "The file holds more than one YAML document.", path, Line(second.Start), Column(second.Start));
        }

        var count = 0;
        return Convert(stream.Documents[0].RootNode, path, 0, ref count);
    }

    private static ConfigNode Convert(YamlNode node, string path, int depth, ref int count)
    {
        var location = new ConfigLocation(path, Line(node.Start), Column(node.Start));
        if (depth > MaxDepth || ++count > MaxNodes)
        {
            throw new LabImageConfigException(
                LabImageConfigErrorReason.MalformedYaml, "The document is nested too deeply or is too large.", path, location.Line, location.Column);
        }

        switch (node)
        {
            case YamlScalarNode scalar:
            {
                var value = scalar.Value ?? string.Empty;
                var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
                var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
                if (tag is "tag:yaml.org,2002:null" || (tag is null && plain && IsNullText(value)))
                {
                    return ConfigNode.Null(location);
                }

                return ConfigNode.Scalar(value, plain && tag is null, location);
            }

            case YamlSequenceNode sequence:
            {
                var items = new List<ConfigNode>(sequence.Children.Count);
                foreach (var child in sequence.Children)
                {
                    items.Add(Convert(child, path, depth + 1, ref count));
                }

                return ConfigNode.Sequence(items, location);
            }

            case YamlMappingNode mapping:
            {
                var entries = new List<ConfigEntry>(mapping.Children.Count);
                foreach (var pair in mapping.Children)
                {
                    var keyLocation = new ConfigLocation(path, Line(pair.Key.Start), Column(pair.Key.Start));
                    if (pair.Key is not YamlScalarNode { Value: { } key })
                    {
                        throw new LabImageConfigException(
                            LabImageConfigErrorReason.InvalidValue, "Mapping keys must be strings.", path, keyLocation.Line, keyLocation.Column);
                    }

                    entries.Add(new ConfigEntry(key, keyLocation, Convert(pair.Value, path, depth + 1, ref count)));
                }

                return ConfigNode.Mapping(entries, location);
            }

            default:
                throw new LabImageConfigException(
                    LabImageConfigErrorReason.MalformedYaml, "Unsupported YAML node.", path, location.Line, location.Column);
        }
    }

    internal static bool IsNullText(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes its messages with "(Line: x, Col: y, Idx: z) - (...): "; the location is reported separately.
        var message = e.InnerException is not null && e.Message.Contains("Duplicate key", StringComparison.Ordinal)
            ? "Duplicate key."
            : e.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);
}
