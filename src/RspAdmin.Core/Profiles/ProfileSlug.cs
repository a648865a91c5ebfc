using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace RspAdmin.Core.Profiles;

/// <summary>
/// The slug KubeSpawner gives a profile that has none: python-slugify with its default arguments.
/// </summary>
/// <remarks>
/// The steps, in python-slugify's order: runs of <c>'</c> become <c>-</c>; the text is NFKD-normalized
/// and transliterated to ASCII; HTML character entities (named, decimal and hexadecimal) are decoded;
/// the text is NFKD-normalized again and lower-cased; a <c>,</c> between two digits is removed; every
/// run of characters outside <c>[-a-z0-9]</c> becomes <c>-</c>; runs of <c>-</c> collapse and leading
/// and trailing <c>-</c> are stripped. Transliteration covers combining marks (dropped) and the common
/// Latin letters that do not decompose (<c>ß</c>, <c>æ</c>, <c>ø</c>, <c>ł</c> ...); other non-ASCII
/// characters are dropped, which is where python-slugify (through Unidecode) may differ:
/// <see cref="IsExact"/> says whether a name is in the covered range.
/// </remarks>
public static partial class ProfileSlug
{
    private static readonly Dictionary<char, string> Latin = new()
    {
        ['ß'] = "ss", ['æ'] = "ae", ['Æ'] = "AE", ['ø'] = "o", ['Ø'] = "O", ['œ'] = "oe", ['Œ'] = "OE",
        ['ł'] = "l", ['Ł'] = "L", ['đ'] = "d", ['Đ'] = "D", ['ð'] = "d", ['Ð'] = "D", ['þ'] = "th", ['Þ'] = "Th",
        ['ı'] = "i", ['ħ'] = "h", ['Ħ'] = "H", ['ŧ'] = "t", ['Ŧ'] = "T", ['ŋ'] = "ng", ['Ŋ'] = "NG",
        ['\u2018'] = "'", ['\u2019'] = "'", ['\u201C'] = "\"", ['\u201D'] = "\"", ['\u2013'] = "-", ['\u2014'] = "--",
        ['\u00A0'] = " ", ['\u2026'] = "...", ['«'] = "<<", ['»'] = ">>", ['×'] = "x", ['·'] = "*",
    };

    /// <summary>The slug python-slugify gives <paramref name="text"/>.</summary>
    public static string Slugify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = Quotes().Replace(text, "-");
        s = Transliterate(s.Normalize(NormalizationForm.FormKD));
        s = Entities().Replace(s, m => DecodeEntity(m.Value));
        s = s.Normalize(NormalizationForm.FormKD).ToLowerInvariant();
        s = Quotes().Replace(s, string.Empty);
        s = DigitComma().Replace(s, string.Empty);
        s = Disallowed().Replace(s, "-");
        s = Dashes().Replace(s, "-").Trim('-');
        return s;
    }

    /// <summary>True when every character of <paramref name="text"/> is one this implementation transliterates as python-slugify does.</summary>
    public static bool IsExact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
        {
            if (c < 0x80 || Latin.ContainsKey(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            return false;
        }

        return true;
    }

    private static string Transliterate(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                builder.Append(c);
            }
            else if (Latin.TryGetValue(c, out var replacement))
            {
                builder.Append(replacement);
            }

            // Combining marks and characters outside the table are dropped.
        }

        return builder.ToString();
    }

    private static string DecodeEntity(string entity)
    {
        var decoded = WebUtility.HtmlDecode(entity);
        return decoded == entity ? entity : decoded;
    }

    [GeneratedRegex("'+")]
    private static partial Regex Quotes();

    [GeneratedRegex(@"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);")]
    private static partial Regex Entities();

    [GeneratedRegex("(?<=[0-9]),(?=[0-9])")]
    private static partial Regex DigitComma();

    [GeneratedRegex("[^-a-z0-9]+")]
    private static partial Regex Disallowed();

    [GeneratedRegex("-{2,}")]
    private static partial Regex Dashes();
}
