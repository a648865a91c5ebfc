using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RspAdmin.Core.Images;

/// <summary>
/// Nublado's lab image tag grammar. A tag is tried against the patterns below in order; the first
/// one that matches and whose fields convert (a real ISO week, a real calendar day) wins. Anything
/// else is an Unknown tag: parsing never fails.
/// </summary>
public static partial class LabImageTagParser
{
    // Shared optional suffixes, always in this order: SAL cycle and cycle build, RSP build, free
    // text (non-greedy), architecture (lower case letters and digits only).
    private const string Suffixes =
        @"(?:_c(?<cycle>[0-9]+)\.(?<cbuild>[0-9]+))?(?:_rsp(?<build>[0-9]+))?(?:_(?<rest>.+?))?(?:-(?<arch>[a-z0-9]+))?\z";

    private const string ArchSuffix = @"(?:-(?<arch>[a-z0-9]+))?\z";

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    [GeneratedRegex(@"\Ar(?<major>[0-9]+)_(?<minor>[0-9]+)_(?<patch>[0-9]+)_(?<pre>rc[0-9]+)" + Suffixes, Options)]
    private static partial Regex ReleaseCandidatePattern();

    [GeneratedRegex(@"\Ar(?<major>[0-9]+)_(?<minor>[0-9]+)_(?<patch>[0-9]+)" + Suffixes, Options)]
    private static partial Regex ReleasePattern();

    [GeneratedRegex(@"\Ar(?<major>[0-9][0-9])(?<minor>[0-9])\z", Options)]
    private static partial Regex ObsoleteReleasePattern();

    [GeneratedRegex(@"\Aw_(?<year>[0-9]+)_(?<week>[0-9]+)" + Suffixes, Options)]
    private static partial Regex WeeklyPattern();

    [GeneratedRegex(@"\Ad_(?<year>[0-9]+)_(?<month>[0-9]+)_(?<day>[0-9]+)" + Suffixes, Options)]
    private static partial Regex DailyPattern();

    [GeneratedRegex(@"\A(?<base>.*?)_c(?<cycle>[0-9]+)" + ArchSuffix, Options | RegexOptions.Singleline)]
    private static partial Regex UnknownWithCyclePattern();

    [GeneratedRegex(@"\A(?<base>.*?)" + ArchSuffix, Options | RegexOptions.Singleline)]
    private static partial Regex UnknownPattern();

    private const string ExperimentalPrefix = "exp_";

    /// <summary>Parses a tag with the full grammar. Null or empty means <c>latest</c>.</summary>
    public static LabImageTag Parse(string? tag)
    {
        tag = string.IsNullOrEmpty(tag) ? "latest" : tag;

        // exp_ nests (exp_exp_x is an experimental of an experimental); unwrap the prefixes in a
        // loop rather than recursing, so that no input can exhaust the stack.
        var depth = 0;
        while (tag.Length - (depth * ExperimentalPrefix.Length) > ExperimentalPrefix.Length
               && string.CompareOrdinal(tag, depth * ExperimentalPrefix.Length, ExperimentalPrefix, 0, ExperimentalPrefix.Length) == 0)
        {
            depth++;
        }

        var inner = ParseNonExperimental(tag.Substring(depth * ExperimentalPrefix.Length));
        if (depth == 0)
        {
            return inner;
        }

        // Each exp_ level prefixes "Experimental " and keeps the inner tag's fields.
        var display = new StringBuilder(depth * 13 + inner.DisplayName.Length);
        for (var level = 0; level < depth; level++)
        {
            display.Append("Experimental ");
        }

        display.Append(inner.DisplayName);
        return new LabImageTag(
            tag,
            LabImageType.Experimental,
            display.ToString(),
            inner.Version,
            inner.Date,
            inner.Base,
            inner.Cycle,
            inner.CycleBuild,
            inner.RspBuild,
            inner.Extra,
            inner.Architecture,
            inner.IsSemantic)
        {
            CycleText = inner.CycleText,
            CycleBuildText = inner.CycleBuildText,
        };
    }

    /// <summary>
    /// Parses a tag configured as an alias (<c>recommendedTag</c> or <c>aliasTags</c>): its base
    /// with underscores as spaces, title-cased, then the cycle and architecture, e.g.
    /// <c>latest_weekly_c0046</c> is <c>Latest Weekly (SAL Cycle 0046)</c>.
    /// </summary>
    public static LabImageTag ParseAlias(string? tag)
    {
        tag = string.IsNullOrEmpty(tag) ? "latest" : tag;
        var unknown = ParseUnknown(tag);
        var display = new StringBuilder(PythonTitle(unknown.Base!.Replace('_', ' ')));
        AppendCycleAndArch(display, unknown.CycleText, unknown.Architecture);
        return new LabImageTag(
            tag,
            LabImageType.Alias,
            display.ToString(),
            @base: unknown.Base,
            cycle: unknown.Cycle,
            architecture: unknown.Architecture)
        {
            CycleText = unknown.CycleText,
        };
    }

    /// <summary>
    /// The tag an alias (or unknown tag) becomes once its digest is found to equal a typed image's:
    /// <c>recommended</c> pointing at <c>w_2022_40</c> is <c>Recommended (Weekly 2022_40)</c>. The
    /// alias takes the target's cycle and date, and its architecture unless it has its own.
    /// </summary>
    public static LabImageTag ResolveAlias(LabImageTag alias, LabImageTag target)
    {
        ArgumentNullException.ThrowIfNull(alias);
        ArgumentNullException.ThrowIfNull(target);
        var architecture = alias.Architecture ?? target.Architecture;
        var inner = target.DisplayName.Replace(" (", ", ", StringComparison.Ordinal).Replace(")", string.Empty, StringComparison.Ordinal);
        if (architecture is not null)
        {
            inner = inner.Replace($" [{architecture}]", string.Empty, StringComparison.Ordinal);
        }

        var display = $"{PythonTitle((alias.Base ?? alias.Tag).Replace('_', ' '))} ({inner})";
        if (architecture is not null)
        {
            display += $" [{architecture}]";
        }

        return alias.With(LabImageType.Alias, display, target.Cycle, target.CycleText, architecture, alias.Date ?? target.Date);
    }

    private static LabImageTag ParseNonExperimental(string tag)
    {
        // Each typed pattern is anchored on its first letter, so only the patterns that can match
        // are tried; the order among them is the grammar's. The first typed pattern that matches
        // decides the type: when its fields do not convert (a number too large for its field, a
        // week or day the calendar does not have) the tag is Unknown. It never falls through to a
        // later typed pattern: a release candidate whose RSP build overflows is not a Release
        // whose extra text is "rc0_rsp...".
        Match m;
        LabImageTag? parsed;
        switch (tag.Length > 1 ? tag[0] : '\0')
        {
            case 'r':
                if ((m = ReleaseCandidatePattern().Match(tag)).Success)
                {
                    return TryRelease(tag, m, LabImageType.ReleaseCandidate, out parsed) ? parsed : ParseUnknown(tag);
                }

                if ((m = ReleasePattern().Match(tag)).Success)
                {
                    return TryRelease(tag, m, LabImageType.Release, out parsed) ? parsed : ParseUnknown(tag);
                }

                if ((m = ObsoleteReleasePattern().Match(tag)).Success)
                {
                    return TryRelease(tag, m, LabImageType.Release, out parsed) ? parsed : ParseUnknown(tag);
                }

                break;
            case 'w':
                if ((m = WeeklyPattern().Match(tag)).Success)
                {
                    return TryWeekly(tag, m, out parsed) ? parsed : ParseUnknown(tag);
                }

                break;
            case 'd':
                if ((m = DailyPattern().Match(tag)).Success)
                {
                    return TryDaily(tag, m, out parsed) ? parsed : ParseUnknown(tag);
                }

                break;
        }

        return ParseUnknown(tag);
    }

    private static LabImageTag ParseUnknown(string tag)
    {
        var m = UnknownWithCyclePattern().Match(tag);
        var cycleGroup = m.Groups["cycle"];
        if (m.Success && TryInt(cycleGroup, out var cycle))
        {
            var @base = m.Groups["base"].Value;
            var arch = Optional(m.Groups["arch"]);
            var cycleText = cycleGroup.Value;
            var display = new StringBuilder(@base);
            AppendCycleAndArch(display, cycleText, arch);
            return new LabImageTag(tag, LabImageType.Unknown, display.ToString(), @base: @base, cycle: cycle, architecture: arch)
            {
                CycleText = cycleText,
            };
        }

        m = UnknownPattern().Match(tag);
        var plainBase = m.Success ? m.Groups["base"].Value : tag;
        var plainArch = m.Success ? Optional(m.Groups["arch"]) : null;
        var plainDisplay = plainArch is null ? plainBase : $"{plainBase} [{plainArch}]";
        return new LabImageTag(tag, LabImageType.Unknown, plainDisplay, @base: plainBase, architecture: plainArch);
    }

    private static bool TryRelease(string tag, Match m, LabImageType type, [NotNullWhen(true)] out LabImageTag? parsed)
    {
        parsed = null;
        if (!TryLong(m.Groups["major"], out var major) || !TryLong(m.Groups["minor"], out var minor))
        {
            return false;
        }

        var patch = 0L;
        var patchGroup = m.Groups["patch"];
        if (patchGroup.Success && !TryLong(patchGroup, out patch))
        {
            return false;
        }

        var pre = Optional(m.Groups["pre"]);
        var version = new LabImageVersion(major, minor, patch, pre);
        var head = type == LabImageType.ReleaseCandidate
            ? $"Release Candidate r{major}.{minor}.{patch}-{pre}"
            : $"Release r{major}.{minor}.{patch}";
        return TryTyped(tag, m, type, head, version, date: null, isSemantic: true, out parsed);
    }

    private static bool TryWeekly(string tag, Match m, [NotNullWhen(true)] out LabImageTag? parsed)
    {
        parsed = null;
        var yearGroup = m.Groups["year"];
        var weekGroup = m.Groups["week"];
        if (!TryLong(yearGroup, out var year) || !TryLong(weekGroup, out var week))
        {
            return false;
        }

        // The Thursday of the ISO week; a week the year does not have is not a weekly.
        if (year < 1 || year > 9999 || week < 1 || week > ISOWeek.GetWeeksInYear((int)year))
        {
            return false;
        }

        var date = DateTime.SpecifyKind(ISOWeek.ToDateTime((int)year, (int)week, DayOfWeek.Thursday), DateTimeKind.Utc);
        var head = $"Weekly {yearGroup.ValueSpan}_{weekGroup.ValueSpan}";
        return TryTyped(tag, m, LabImageType.Weekly, head, new LabImageVersion(year, week, 0), date, isSemantic: false, out parsed);
    }

    private static bool TryDaily(string tag, Match m, [NotNullWhen(true)] out LabImageTag? parsed)
    {
        parsed = null;
        var yearGroup = m.Groups["year"];
        var monthGroup = m.Groups["month"];
        var dayGroup = m.Groups["day"];
        if (!TryLong(yearGroup, out var year) || !TryLong(monthGroup, out var month) || !TryLong(dayGroup, out var day))
        {
            return false;
        }

        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth((int)year, (int)month))
        {
            return false;
        }

        var date = new DateTime((int)year, (int)month, (int)day, 0, 0, 0, DateTimeKind.Utc);
        var head = $"Daily {yearGroup.ValueSpan}_{monthGroup.ValueSpan}_{dayGroup.ValueSpan}";
        return TryTyped(tag, m, LabImageType.Daily, head, new LabImageVersion(year, month, day), date, isSemantic: false, out parsed);
    }

    private static bool TryTyped(
        string tag, Match m, LabImageType type, string head, LabImageVersion version, DateTime? date, bool isSemantic, [NotNullWhen(true)] out LabImageTag? parsed)
    {
        parsed = null;
        // Each group is looked up once: lookups by name cost a hash per call.
        var cycleGroup = m.Groups["cycle"];
        var cycleBuildGroup = m.Groups["cbuild"];
        var buildGroup = m.Groups["build"];
        int? cycle = null, cycleBuild = null, build = null;
        if (cycleGroup.Success)
        {
            if (!TryInt(cycleGroup, out var c) || !TryInt(cycleBuildGroup, out var cb))
            {
                return false;
            }

            cycle = c;
            cycleBuild = cb;
        }

        if (buildGroup.Success)
        {
            if (!TryInt(buildGroup, out var b))
            {
                return false;
            }

            build = b;
        }

        var extra = Optional(m.Groups["rest"]);
        var arch = Optional(m.Groups["arch"]);
        var cycleText = cycle is null ? null : cycleGroup.Value;
        var cycleBuildText = cycle is null ? null : cycleBuildGroup.Value;
        var display = new StringBuilder(head);
        if (cycle is not null)
        {
            display.Append(" (SAL Cycle ").Append(cycleText).Append(", Build ").Append(cycleBuildText).Append(')');
        }

        if (build is not null)
        {
            display.Append(" (RSP Build ").Append(buildGroup.ValueSpan).Append(')');
        }

        if (extra is not null)
        {
            display.Append(" [").Append(extra).Append(']');
        }

        if (arch is not null)
        {
            display.Append(" [").Append(arch).Append(']');
        }

        parsed = new LabImageTag(tag, type, display.ToString(), version, date, null, cycle, cycleBuild, build, extra, arch, isSemantic)
        {
            CycleText = cycleText,
            CycleBuildText = cycleBuildText,
        };
        return true;
    }

    private static void AppendCycleAndArch(StringBuilder display, string? cycleText, string? arch)
    {
        if (cycleText is not null)
        {
            display.Append(" (SAL Cycle ").Append(cycleText).Append(')');
        }

        if (arch is not null)
        {
            display.Append(" [").Append(arch).Append(']');
        }
    }

    private static string? Optional(Group g) => g.Success ? g.Value : null;

    private static bool TryLong(Group g, out long value) =>
        long.TryParse(g.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryInt(Group g, out int value) =>
        int.TryParse(g.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Python's <c>str.title()</c>: a cased character that follows a cased character is lower-cased,
    /// any other is upper-cased; digits and punctuation are not cased, so <c>rsp2991x</c> becomes
    /// <c>Rsp2991X</c>. (.NET's <c>TextInfo.ToTitleCase</c> differs: it keeps all-capital words.)
    /// </summary>
    public static string PythonTitle(string text)
    {
        var result = new StringBuilder(text.Length);
        var previousCased = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var mapped = previousCased ? Rune.ToLowerInvariant(rune) : ToTitle(rune);
            result.Append(mapped.ToString());
            previousCased = IsCased(mapped) || IsCased(rune);
        }

        return result.ToString();
    }

    private static Rune ToTitle(Rune rune) => rune.Value switch
    {
        // The Latin digraphs have a distinct title-case form.
        0x01C4 or 0x01C5 or 0x01C6 => new Rune(0x01C5),
        0x01C7 or 0x01C8 or 0x01C9 => new Rune(0x01C8),
        0x01CA or 0x01CB or 0x01CC => new Rune(0x01CB),
        0x01F1 or 0x01F2 or 0x01F3 => new Rune(0x01F2),
        _ => Rune.ToUpperInvariant(rune),
    };

    private static bool IsCased(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;
    }
}
