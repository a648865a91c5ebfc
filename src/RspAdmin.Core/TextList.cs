using System.Collections.ObjectModel;

namespace RspAdmin.Core;

/// <summary>
/// A read-only list that reads as text: its string form is its items joined with <c>", "</c>. Output objects
/// hand out their collections as this type, so that Export-Csv (which writes a value's string form) shows
/// <c>w_2022_40, r23_0_0</c> instead of a type name, while ConvertTo-Json still writes an array.
/// </summary>
/// <typeparam name="T">The item type; each item's own string form is used.</typeparam>
public sealed class TextList<T> : ReadOnlyCollection<T>
{
    /// <summary>An empty list.</summary>
    public static readonly TextList<T> None = new([]);

    /// <summary>Wraps <paramref name="items"/> (copied, so later changes to the source do not show).</summary>
    public TextList(IEnumerable<T> items)
        : base((items ?? throw new ArgumentNullException(nameof(items))).ToArray())
    {
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", this);
}

/// <summary>A read-only map that reads as text: <c>key=value, key=value</c> in key order.</summary>
public sealed class TextMap : ReadOnlyDictionary<string, string>
{
    /// <summary>Wraps a copy of <paramref name="items"/> (ordinal keys).</summary>
    public TextMap(IEnumerable<KeyValuePair<string, string>> items)
        : base(new Dictionary<string, string>(items ?? throw new ArgumentNullException(nameof(items)), StringComparer.Ordinal))
    {
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(", ", this.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>Helpers to make <see cref="TextList{T}"/> and <see cref="TextMap"/>.</summary>
public static class Text
{
    /// <summary>The items as a <see cref="TextList{T}"/> (the same instance when they already are one).</summary>
    public static TextList<T> List<T>(IEnumerable<T>? items) => items switch
    {
        null => TextList<T>.None,
        TextList<T> list => list,
        _ => new TextList<T>(items),
    };

    /// <summary>The pairs as a <see cref="TextMap"/> (the same instance when they already are one).</summary>
    public static TextMap Map(IEnumerable<KeyValuePair<string, string>>? items) => items switch
    {
        null => new TextMap([]),
        TextMap map => map,
        _ => new TextMap(items),
    };
}

/// <summary>A set of strings that reads as text: its items in ordinal order joined with <c>", "</c>.</summary>
public sealed class TextSet : HashSet<string>
{
    /// <summary>A set of <paramref name="items"/> with ordinal comparison.</summary>
    public TextSet(IEnumerable<string> items)
        : base(items ?? throw new ArgumentNullException(nameof(items)), StringComparer.Ordinal)
    {
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", this.Order(StringComparer.Ordinal));
}
