using System.Text;

namespace RspAdmin.Core.Yaml;

/// <summary>
/// A path of mapping keys from the document root, e.g. <c>controller.config.images.pin</c>. In the
/// dotted form a key that holds a dot or a backslash escapes it with a backslash
/// (<c>nodeSelector.edu\.stanford\.slac\.sdf\.project/rsp</c>). A path may also step into an
/// existing item of a sequence (<see cref="AppendIndex"/>, shown as <c>config.autostart[2].name</c>).
/// </summary>
public sealed class YamlPath : IEquatable<YamlPath>
{
    private readonly string[] _keys;
    private readonly bool[] _indexes;

    /// <summary>Creates a path from its keys, outermost first.</summary>
    public YamlPath(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length == 0)
        {
            throw new ArgumentException("A YAML path needs at least one key.", nameof(keys));
        }

        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
        }

        _keys = (string[])keys.Clone();
        _indexes = new bool[keys.Length];
    }

    private YamlPath(string[] keys, bool[] indexes)
    {
        _keys = keys;
        _indexes = indexes;
    }

    /// <summary>The keys, outermost first.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>The last key.</summary>
    public string Leaf => _keys[^1];

    /// <summary>Parses the dotted form (<c>a.b.c</c>, with <c>\.</c> and <c>\\</c> escapes).</summary>
    /// <exception cref="FormatException">The text is empty, has an empty key or a dangling escape.</exception>
    public static YamlPath Parse(string dotted)
    {
        ArgumentNullException.ThrowIfNull(dotted);
        var result = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < dotted.Length; i++)
        {
            var c = dotted[i];
            if (c == '\\')
            {
                if (i + 1 >= dotted.Length || (dotted[i + 1] != '.' && dotted[i + 1] != '\\'))
                {
                    throw new FormatException($"Bad escape in YAML path '{dotted}': only \\. and \\\\ are allowed.");
                }

                current.Append(dotted[++i]);
            }
            else if (c == '.')
            {
                result.Add(TakeKey(current, dotted));
            }
            else
            {
                current.Append(c);
            }
        }

        result.Add(TakeKey(current, dotted));
        return new YamlPath(result.ToArray());
    }

    /// <summary>This path with one more key at the end.</summary>
    public YamlPath Append(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new([.. _keys, key], [.. _indexes, false]);
    }

    /// <summary>This path followed by item <paramref name="index"/> (0-based) of the sequence it leads to.</summary>
    public YamlPath AppendIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new([.. _keys, index.ToString(System.Globalization.CultureInfo.InvariantCulture)], [.. _indexes, true]);
    }

    /// <summary>True when step <paramref name="position"/> is a sequence index (then <see cref="Index"/> gives it).</summary>
    public bool IsIndex(int position) => _indexes[position];

    /// <summary>The sequence index at step <paramref name="position"/>.</summary>
    public int Index(int position) =>
        _indexes[position] ? int.Parse(_keys[position], System.Globalization.CultureInfo.InvariantCulture) : throw new InvalidOperationException($"Step {position} of '{this}' is a key.");

    /// <summary>True when any step is a sequence index.</summary>
    internal bool HasIndex => Array.IndexOf(_indexes, true) >= 0;

    /// <summary>The first <paramref name="count"/> keys as a path.</summary>
    internal YamlPath Prefix(int count) => new(_keys[..count], _indexes[..count]);

    /// <summary>The dotted form, escaping dots and backslashes inside keys; indexes as <c>[n]</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < _keys.Length; i++)
        {
            if (_indexes[i])
            {
                text.Append('[').Append(_keys[i]).Append(']');
                continue;
            }

            if (i > 0)
            {
                text.Append('.');
            }

            text.Append(_keys[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace(".", "\\.", StringComparison.Ordinal));
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(YamlPath? other) => other is not null && _keys.AsSpan().SequenceEqual(other._keys) && _indexes.AsSpan().SequenceEqual(other._indexes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as YamlPath);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var i = 0; i < _keys.Length; i++)
        {
            hash.Add(_keys[i], StringComparer.Ordinal);
            hash.Add(_indexes[i]);
        }

        return hash.ToHashCode();
    }

    private static string TakeKey(StringBuilder current, string dotted)
    {
        if (current.Length == 0)
        {
            throw new FormatException($"YAML path '{dotted}' has an empty key.");
        }

        var key = current.ToString();
        current.Clear();
        return key;
    }
}
