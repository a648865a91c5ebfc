using System.Collections.ObjectModel;

namespace RspAdmin.Core.Toolforge;

/// <summary>
/// A read-only list whose text is its items joined by <c>", "</c>, so a list-valued property reads
/// well in a table cell or a CSV column and still serializes as an array.
/// </summary>
public sealed class ToolforgeList<T> : ReadOnlyCollection<T>
{
    /// <summary>The empty list.</summary>
    public static readonly ToolforgeList<T> None = new([]);

    /// <summary>Wraps a copy of <paramref name="items"/>.</summary>
    public ToolforgeList(IEnumerable<T> items)
        : base(items.ToArray())
    {
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", this);
}
