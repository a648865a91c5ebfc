namespace RspAdmin.Core.Images;

/// <summary>
/// Orders tags as Nublado's spawner menu does: by group (Alias, Release, Weekly, Daily, Release
/// Candidate, Experimental, Unknown), newest first within a group.
/// </summary>
/// <remarks>
/// Within a type, tags compare by version when both have one, else by base (no base first), then by
/// SAL cycle, cycle build, RSP build and extra (missing first), then architecture (missing
/// <i>last</i>, so the generic image is listed before its <c>-amd64</c>/<c>-arm64</c> variants).
/// Two different tags can compare equal under those rules (<c>w_2021_22</c> and <c>w_2021_022</c>);
/// <see cref="MenuOrder"/> then orders them by tag text, so the order is total and stable.
/// </remarks>
public sealed class LabImageTagComparer : IComparer<LabImageTag>
{
    private LabImageTagComparer()
    {
    }

    /// <summary>Group order, newest first within a group, then tag text: a total order.</summary>
    public static LabImageTagComparer MenuOrder { get; } = new();

    public int Compare(LabImageTag? x, LabImageTag? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var c = ((int)x.Kind).CompareTo((int)y.Kind);
        if (c != 0)
        {
            return c;
        }

        c = CompareSameType(y, x); // newest first
        return c != 0 ? c : Math.Sign(string.CompareOrdinal(x.Tag, y.Tag));
    }

    /// <summary>Ascending (oldest first) comparison of two tags of the same type.</summary>
    internal static int CompareSameType(LabImageTag a, LabImageTag b)
    {
        int c;
        if (a.Version is not null && b.Version is not null)
        {
            c = a.Version.CompareTo(b.Version);
        }
        else
        {
            c = CompareNullFirst(a.Base, b.Base);
        }

        if (c != 0)
        {
            return c;
        }

        c = CompareNullFirst(a.Cycle, b.Cycle);
        if (c != 0)
        {
            return c;
        }

        c = CompareNullFirst(a.CycleBuild, b.CycleBuild);
        if (c != 0)
        {
            return c;
        }

        c = CompareNullFirst(a.RspBuild, b.RspBuild);
        if (c != 0)
        {
            return c;
        }

        c = CompareNullFirst(a.Extra, b.Extra);
        if (c != 0)
        {
            return c;
        }

        // No architecture sorts above any architecture.
        if (a.Architecture is null)
        {
            return b.Architecture is null ? 0 : 1;
        }

        if (b.Architecture is null)
        {
            return -1;
        }

        return CompareCodePoints(a.Architecture, b.Architecture);
    }

    private static int CompareNullFirst(string? a, string? b)
    {
        if (a is null)
        {
            return b is null ? 0 : -1;
        }

        if (b is null)
        {
            return 1;
        }

        return CompareCodePoints(a, b);
    }

    /// <summary>Compares by Unicode code point, as Python compares strings (UTF-16 ordinal order
    /// differs for characters above U+FFFF).</summary>
    internal static int CompareCodePoints(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length)
        {
            if (a[i] != b[i])
            {
                if (char.IsSurrogate(a[i]) != char.IsSurrogate(b[i]))
                {
                    return char.IsSurrogate(a[i]) ? 1 : -1;
                }

                return a[i] < b[i] ? -1 : 1;
            }

            i++;
        }

        return a.Length.CompareTo(b.Length);
    }

    private static int CompareNullFirst(int? a, int? b)
    {
        if (a is null)
        {
            return b is null ? 0 : -1;
        }

        if (b is null)
        {
            return 1;
        }

        return a.Value.CompareTo(b.Value);
    }
}
