namespace RspAdmin.Core.Config;

/// <summary>
/// A YAML value that remembers the file, line and column it came from, so that merged Helm values
/// still report errors at the right place. Immutable once built.
/// </summary>
internal sealed class ConfigNode
{
    private ConfigNode(ConfigNodeKind kind, ConfigLocation location)
    {
        Kind = kind;
        Location = location;
    }

    public ConfigNodeKind Kind { get; }

    public ConfigLocation Location { get; }

    /// <summary>Scalar text (empty for null).</summary>
    public string Text { get; private init; } = string.Empty;

    /// <summary>True for plain (unquoted, non-block) scalars, whose text YAML resolves to ints, bools and nulls.</summary>
    public bool IsPlain { get; private init; }

    /// <summary>Mapping entries in document order.</summary>
    public IReadOnlyList<ConfigEntry> Entries { get; private init; } = Array.Empty<ConfigEntry>();

    /// <summary>Sequence items.</summary>
    public IReadOnlyList<ConfigNode> Items { get; private init; } = Array.Empty<ConfigNode>();

    public static ConfigNode Null(ConfigLocation location) => new(ConfigNodeKind.Null, location);

    public static ConfigNode Scalar(string text, bool isPlain, ConfigLocation location) =>
        new(ConfigNodeKind.Scalar, location) { Text = text, IsPlain = isPlain };

    public static ConfigNode Mapping(IReadOnlyList<ConfigEntry> entries, ConfigLocation location) =>
        new(ConfigNodeKind.Mapping, location) { Entries = entries };

    public static ConfigNode Sequence(IReadOnlyList<ConfigNode> items, ConfigLocation location) =>
        new(ConfigNodeKind.Sequence, location) { Items = items };

    /// <summary>The entry with this key, or null.</summary>
    public ConfigEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>
    /// Merges Helm values: mappings merge key by key, anything else in <paramref name="overlay"/>
    /// replaces the base, and an explicit null in the overlay deletes the key.
    /// </summary>
    public static ConfigNode Merge(ConfigNode baseNode, ConfigNode overlay)
    {
        if (baseNode.Kind != ConfigNodeKind.Mapping || overlay.Kind != ConfigNodeKind.Mapping)
        {
            return overlay;
        }

        var merged = new List<ConfigEntry>();
        foreach (var entry in baseNode.Entries)
        {
            var over = overlay.Find(entry.Key);
            if (over is null)
            {
                merged.Add(entry);
            }
            else if (over.Value.Kind != ConfigNodeKind.Null)
            {
                merged.Add(new ConfigEntry(entry.Key, over.KeyLocation, Merge(entry.Value, over.Value)));
            }
        }

        foreach (var entry in overlay.Entries)
        {
            if (entry.Value.Kind != ConfigNodeKind.Null && baseNode.Find(entry.Key) is null)
            {
                merged.Add(entry);
            }
        }

        return Mapping(merged, baseNode.Location);
    }
}
