namespace RspAdmin.Core.Images;

/// <summary>
/// The semantic version a typed tag carries: (major, minor, patch) for releases and release
/// candidates, (year, week, 0) for weeklies, (year, month, day) for dailies.
/// </summary>
/// <remarks>
/// Prerelease identifiers (<c>rc1</c>, <c>rc10</c>) compare with their numeric part as a number, so
/// <c>rc10</c> is newer than <c>rc2</c>. Nublado compares them as plain strings (so <c>rc10</c>
/// sorts below <c>rc2</c>); RspAdmin orders them the way an operator reads them.
/// </remarks>
public sealed class LabImageVersion : IComparable<LabImageVersion>, IEquatable<LabImageVersion>
{
    public LabImageVersion(long major, long minor, long patch, string? prerelease = null)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = string.IsNullOrEmpty(prerelease) ? null : prerelease;
    }

    public long Major { get; }

    public long Minor { get; }

    public long Patch { get; }

    /// <summary>The prerelease identifier (<c>rc1</c>), or null for a final version.</summary>
    public string? Prerelease { get; }

    public int CompareTo(LabImageVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        if (c != 0)
        {
            return c;
        }

        // A version without a prerelease is newer than the same version with one.
        if (Prerelease is null)
        {
            return other.Prerelease is null ? 0 : 1;
        }

        if (other.Prerelease is null)
        {
            return -1;
        }

        return ComparePrerelease(Prerelease, other.Prerelease);
    }

    public bool Equals(LabImageVersion? other) => other is not null && CompareTo(other) == 0 && Prerelease == other.Prerelease;

    public override bool Equals(object? obj) => obj is LabImageVersion v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, Prerelease);

    public override string ToString() =>
        Prerelease is null ? $"{Major}.{Minor}.{Patch}" : $"{Major}.{Minor}.{Patch}-{Prerelease}";

    /// <summary>
    /// Compares prerelease strings as a sequence of runs: digit runs by numeric value, other runs
    /// ordinally; ties broken ordinally so that distinct strings never compare equal.
    /// </summary>
    internal static int ComparePrerelease(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            bool da = char.IsAsciiDigit(a[i]), db = char.IsAsciiDigit(b[j]);
            int si = i, sj = j;
            if (da && db)
            {
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var c = CompareDigitRuns(a.AsSpan(si, i - si), b.AsSpan(sj, j - sj));
                if (c != 0)
                {
                    return c;
                }
            }
            else if (!da && !db)
            {
                while (i < a.Length && !char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && !char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var c = a.AsSpan(si, i - si).SequenceCompareTo(b.AsSpan(sj, j - sj));
                if (c != 0)
                {
                    return Math.Sign(c);
                }
            }
            else
            {
                // Numeric runs sort before alphanumeric ones, as in semantic versioning.
                return da ? -1 : 1;
            }
        }

        if (i < a.Length)
        {
            return 1;
        }

        if (j < b.Length)
        {
            return -1;
        }

        return Math.Sign(string.CompareOrdinal(a, b));
    }

    private static int CompareDigitRuns(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        x = x.TrimStart('0');
        y = y.TrimStart('0');
        if (x.Length != y.Length)
        {
            return x.Length < y.Length ? -1 : 1;
        }

        return Math.Sign(x.SequenceCompareTo(y));
    }
}
