using RspAdmin.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace RspAdmin.Core.Migration;

/// <summary>The shapes the Phalanx environment file has had (told apart by shape, never by date).</summary>
public enum EnvironmentFileEra
{
    /// <summary><c>science-platform/values-ENV.yaml</c>, one top-level <c>app: {enabled: bool}</c> per application, underscores in names.</summary>
    A,

    /// <summary><c>environments/values-ENV.yaml</c>, one top-level <c>app: {enabled: bool}</c> per application.</summary>
    B,

    /// <summary><c>applications: {app: {enabled: true}}</c>, disabled applications left out.</summary>
    C,

    /// <summary><c>applications: {app: bool}</c>, defaults in <c>environments/values.yaml</c>.</summary>
    D,
}

/// <summary>
/// Reads and edits which applications an environment file turns on, in each era's own shape.
/// A missing entry means the chart default, which is off for every application this migration
/// touches.
/// </summary>
public static class EnvironmentFile
{
    /// <summary>The era of an environment file's text (<paramref name="underScienceplatform"/>: the file lives in <c>science-platform/</c>).</summary>
    /// <exception cref="RspException"><c>Migration.EnvironmentFileUnreadable</c> when the text is not a YAML mapping.</exception>
    public static EnvironmentFileEra DetectEra(string text, string sourceName, bool underScienceplatform)
    {
        var root = LoadRoot(text, sourceName);
        if (root.Children.TryGetValue(new YamlScalarNode("applications"), out var apps))
        {
            if (apps is YamlMappingNode map && map.Children.Count > 0 && map.Children.Values.All(v => v is YamlMappingNode))
            {
                return EnvironmentFileEra.C;
            }

            return EnvironmentFileEra.D;
        }

        var underscored = root.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "vault_path_prefix")
            || root.Children.Any(e => e.Key is YamlScalarNode k && k.Value!.Contains('_') && e.Value is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode("enabled")));
        return underScienceplatform || underscored ? EnvironmentFileEra.A : EnvironmentFileEra.B;
    }

    /// <summary>
    /// What the file says about <paramref name="application"/>: true or false when it has an
    /// entry, null when it has none (the chart default applies).
    /// </summary>
    public static bool? ReadEnabled(string text, string sourceName, EnvironmentFileEra era, string application)
    {
        var root = LoadRoot(text, sourceName);
        var key = KeyFor(era, application);
        YamlNode? entry;
        if (era is EnvironmentFileEra.C or EnvironmentFileEra.D)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode("applications"), out var apps) || apps is not YamlMappingNode map
                || !map.Children.TryGetValue(new YamlScalarNode(key), out entry))
            {
                return null;
            }
        }
        else if (!root.Children.TryGetValue(new YamlScalarNode(key), out entry))
        {
            return null;
        }

        var value = entry switch
        {
            YamlScalarNode scalar when era == EnvironmentFileEra.D => scalar,
            YamlMappingNode m when m.Children.TryGetValue(new YamlScalarNode("enabled"), out var e) => e as YamlScalarNode,
            _ => null,
        };
        return value?.Value switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" or null or "" or "~" or "null" => false,
            _ => throw new RspException("Migration.EnvironmentFileUnreadable", ErrorKind.InvalidData,
                $"The entry for '{application}' in {sourceName} is neither true nor false.", sourceName,
                "Correct the entry by hand, then run the command again."),
        };
    }

    /// <summary>
    /// Turns <paramref name="application"/> on or off in the era's own shape: format D writes
    /// <c>app: true</c> and deletes the entry to turn it off (as the sites did), format C writes
    /// <c>app: {enabled: true}</c> and deletes the entry, formats A and B write <c>enabled</c>.
    /// Returns false when the file already says so.
    /// </summary>
    public static bool SetEnabled(EditableYamlDocument document, EnvironmentFileEra era, string application, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(document);
        var key = KeyFor(era, application);
        var current = ReadEnabled(document.Text, document.SourceName, era, application);
        if ((current == true) == enabled)
        {
            return false;
        }

        var placement = document.NewKeyPlacement;
        document.NewKeyPlacement = YamlKeyPlacement.Sorted;
        try
        {
            return era switch
            {
                EnvironmentFileEra.D when enabled => document.SetBoolean(new YamlPath("applications", key), true),
                EnvironmentFileEra.D => document.RemoveKey(new YamlPath("applications", key)),
                EnvironmentFileEra.C when enabled => document.SetBoolean(new YamlPath("applications", key, "enabled"), true),
                EnvironmentFileEra.C => document.RemoveKey(new YamlPath("applications", key)),
                _ => document.SetBoolean(new YamlPath(key, "enabled"), enabled),
            };
        }
        finally
        {
            document.NewKeyPlacement = placement;
        }
    }

    /// <summary>The key an application has in a file of <paramref name="era"/> (underscores in format A).</summary>
    public static string KeyFor(EnvironmentFileEra era, string application) =>
        era == EnvironmentFileEra.A ? application.Replace('-', '_') : application;

    internal static YamlMappingNode LoadRoot(string text, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new RspException("Migration.EnvironmentFileUnreadable", ErrorKind.InvalidData,
                $"{sourceName} is not valid YAML: {e.Message}", sourceName, "Correct the file, then run the command again.", e);
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode();
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new RspException("Migration.EnvironmentFileUnreadable", ErrorKind.InvalidData,
                $"{sourceName} is not a YAML mapping.", sourceName, "Correct the file, then run the command again.");
    }
}
