using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace RspAdmin.Core.Config;

/// <summary>
/// Durations as Nublado's configuration writes them: a number of seconds, an ISO 8601 duration
/// (<c>PT5M</c>), or integer amounts of weeks, days, hours, minutes and seconds in that order with
/// optional spaces (<c>5m</c>, <c>1h30m</c>, <c>2 weeks 1 day</c>).
/// </summary>
public static partial class LabImageDuration
{
    [GeneratedRegex(
        @"\A\s*(?:(?<w>[0-9]+)\s*(?:weeks|week|w))?\s*(?:(?<d>[0-9]+)\s*(?:days|day|d))?\s*(?:(?<h>[0-9]+)\s*(?:hours|hour|hr|h))?\s*(?:(?<m>[0-9]+)\s*(?:minutes|minute|mins|min|m))?\s*(?:(?<s>[0-9]+)\s*(?:seconds|second|secs|sec|s))?\s*\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex HumanPattern();

    /// <summary>Parses a duration; false when the text is none of the accepted forms or is negative.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            if (double.IsFinite(seconds) && seconds <= TimeSpan.MaxValue.TotalSeconds)
            {
                duration = TimeSpan.FromSeconds(seconds);
                return true;
            }

            return false;
        }

        if (trimmed.StartsWith('P'))
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(trimmed);
                return duration >= TimeSpan.Zero;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        var m = HumanPattern().Match(trimmed);
        if (!m.Success || !(m.Groups["w"].Success || m.Groups["d"].Success || m.Groups["h"].Success || m.Groups["m"].Success || m.Groups["s"].Success))
        {
            return false;
        }

        try
        {
            var total = checked(
                (Part(m, "w") * 7 * 86400) + (Part(m, "d") * 86400) + (Part(m, "h") * 3600) + (Part(m, "m") * 60) + Part(m, "s"));
            if (total > (long)TimeSpan.MaxValue.TotalSeconds)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(total);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Formats a duration in the short human form, e.g. <c>1h30m</c>, <c>2w</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return "-" + Format(duration.Negate());
        }

        var seconds = (long)duration.TotalSeconds;
        var fraction = duration - TimeSpan.FromSeconds(seconds);
        var text = new StringBuilder();
        Append(text, seconds / (7 * 86400), "w");
        Append(text, seconds / 86400 % 7, "d");
        Append(text, seconds / 3600 % 24, "h");
        Append(text, seconds / 60 % 60, "m");
        if (fraction > TimeSpan.Zero)
        {
            text.Append((seconds % 60 + fraction.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        }
        else
        {
            Append(text, seconds % 60, "s");
        }

        return text.Length == 0 ? "0s" : text.ToString();
    }

    private static void Append(StringBuilder text, long amount, string unit)
    {
        if (amount > 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    private static long Part(Match m, string group)
    {
        var g = m.Groups[group];
        if (!g.Success)
        {
            return 0;
        }

        return long.Parse(g.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
