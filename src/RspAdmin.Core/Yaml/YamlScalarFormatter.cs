using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace RspAdmin.Core.Yaml;

/// <summary>
/// Writes scalar values as YAML text. A string is written plain only when every YAML 1.1 and 1.2
/// reader takes it back as the same string: anything that could read as null, a boolean, a number,
/// a timestamp, or that holds indicator characters, is quoted instead.
/// </summary>
internal static partial class YamlScalarFormatter
{
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "~", "null", "true", "false", "yes", "no", "y", "n", "on", "off", "=", "<<",
    };

    // Integers and floats of YAML 1.1 and 1.2 (decimal, binary, octal, hexadecimal, sexagesimal,
    // underscores, exponents, .inf/.nan), read generously: a false match only costs quotes. A
    // version such as 1.2.3 has two dots and reads as a string everywhere.
    [GeneratedRegex(@"\A[-+]?(?:[0-9][0-9_]*|0b[01_]+|0o?[0-7_]+|0x[0-9a-f_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[0-9][0-9_]*\.[0-9_]*(?:e[-+]?[0-9]+)?|\.[0-9][0-9_]*(?:e[-+]?[0-9]+)?|[0-9][0-9_]*(?:\.[0-9_]*)?e[-+]?[0-9]+|\.inf|\.nan)\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberLike();

    // YAML 1.1 timestamps (2001-12-14, 2001-12-14t21:59:43.10-05:00, ...), matched by their date part.
    [GeneratedRegex(@"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ]|\z)", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampLike();

    /// <summary>True when a plain scalar with this text reads as something other than a string in YAML 1.1 or 1.2.</summary>
    public static bool ResolvesToNonString(string value) =>
        value.Length == 0 || ReservedWords.Contains(value) || NumberLike().IsMatch(value) || TimestampLike().IsMatch(value);

    private const string LeadingIndicators = "-?:,[]{}#&*!|>'\"%@`";
    private const string FlowIndicators = ",[]{}";

    /// <summary>True when <paramref name="value"/> can be written plain and still read back as that string.</summary>
    public static bool CanBePlain(string value, bool inFlow)
    {
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        if (LeadingIndicators.Contains(value[0], StringComparison.Ordinal) || ResolvesToNonString(value))
        {
            return false;
        }

        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.EndsWith(':'))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsInline(c) || (inFlow && FlowIndicators.Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="value"/> fits on one line in single quotes.</summary>
    public static bool CanBeSingleQuoted(string value)
    {
        foreach (var c in value)
        {
            if (!IsInline(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Writes a string in <paramref name="preferred"/> style when it fits there, else the safest
    /// fallback (plain → double-quoted, single-quoted → double-quoted).
    /// </summary>
    public static string FormatString(string value, ScalarStyle preferred, bool inFlow)
    {
        switch (preferred)
        {
            case ScalarStyle.Plain or ScalarStyle.Any when CanBePlain(value, inFlow):
                return value;
            case ScalarStyle.SingleQuoted when CanBeSingleQuoted(value):
                return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
            default:
                return DoubleQuote(value);
        }
    }

    /// <summary>Writes a string in double quotes with YAML escapes for control and break characters.</summary>
    public static string DoubleQuote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                case '\u0085': builder.Append("\\N"); break;
                case '\u00A0': builder.Append("\\_"); break;
                case '\u2028': builder.Append("\\L"); break;
                case '\u2029': builder.Append("\\P"); break;
                default:
                    if (IsPrintable(c))
                    {
                        builder.Append(c);
                    }
                    else
                    {
                        builder.Append(c <= 0xFF ? "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture) : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>
    /// True when an existing scalar reads as the string <paramref name="value"/>: same value and not
    /// a plain scalar that a reader would take as another type.
    /// </summary>
    public static bool ReadsAsString(YamlSourceNode node, string value) =>
        node.IsScalar && !node.HasTag && node.Value == value && (node.ScalarStyle != ScalarStyle.Plain || !ResolvesToNonString(value));

    // Printable and not a tab or any character a YAML 1.1 reader takes as a line break.
    private static bool IsInline(char c) => c >= 0x20 && c != 0x85 && c != 0x2028 && c != 0x2029 && IsPrintable(c);

    // Surrogates are printable when paired; a lone one is not, but .NET strings from YAML never hold one.
    private static bool IsPrintable(char c) =>
        c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xD800 && c <= 0xDFFF) || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
}
