using System.Globalization;
using System.Text;

namespace RspAdmin.Core.Profiles;

/// <summary>
/// The <c>{value}</c> expansion KubeSpawner applies to <c>unlisted_choice.kubespawner_override</c>:
/// Python's <c>str.format_map</c> with a mapping that holds only <c>value</c> and renders any other
/// field <c>{name}</c> as the literal text <c>{name}</c>.
/// </summary>
/// <remarks>
/// Supported as Python does it: literal text, <c>{{</c> and <c>}}</c>, named fields, the conversions
/// <c>!s</c>, <c>!r</c> and <c>!a</c>, and string format specs (fill, alignment, width, precision, type
/// <c>s</c>). A lone <c>{</c> or <c>}</c>, an unclosed field, a positional field (<c>{}</c>, <c>{0}</c>),
/// a bad conversion or a spec Python refuses for a string are errors, as in Python. Attribute and
/// index access (<c>{value.upper}</c>, <c>{value[0]}</c>) and nested fields inside a spec give output
/// that depends on the Python process, so they are refused as <see cref="ValueTemplateErrorKind.Unpredictable"/>.
/// </remarks>
public static class ValueTemplate
{
    /// <summary>Expands <paramref name="template"/> with <paramref name="value"/>; the result, or the error Python would raise.</summary>
    public static ValueTemplateResult Expand(string template, string value)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(value);
        var output = new StringBuilder(template.Length + value.Length);
        var usesValue = false;
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    output.Append('}');
                    i += 2;
                    continue;
                }

                return ValueTemplateResult.Fail(ValueTemplateErrorKind.SingleClosingBrace, "Single '}' encountered in format string", i);
            }

            if (c != '{')
            {
                output.Append(c);
                i++;
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                output.Append('{');
                i += 2;
                continue;
            }

            if (i + 1 >= template.Length)
            {
                return ValueTemplateResult.Fail(ValueTemplateErrorKind.SingleOpeningBrace, "Single '{' encountered in format string", i);
            }

            // Find the end of the field, counting nested braces as Python's parser does.
            var start = i + 1;
            var depth = 1;
            var j = start;
            var inName = true;
            var inBracket = false;
            while (j < template.Length)
            {
                var ch = template[j];
                if (inName && inBracket)
                {
                    inBracket = ch != ']';
                }
                else if (inName && ch == '[')
                {
                    inBracket = true;
                }
                else if (ch == '{')
                {
                    depth++;
                }
                else if (ch == '}' && --depth == 0)
                {
                    break;
                }
                else if (inName && ch is ':' or '!')
                {
                    inName = false;
                }

                j++;
            }

            if (j >= template.Length)
            {
                return ValueTemplateResult.Fail(ValueTemplateErrorKind.UnclosedField, "expected '}' before end of string", i);
            }

            var field = template[start..j];
            var error = FormatField(field, value, output, ref usesValue, i);
            if (error is not null)
            {
                return error;
            }

            i = j + 1;
        }

        return ValueTemplateResult.Success(output.ToString(), usesValue);
    }

    private static ValueTemplateResult? FormatField(string field, string value, StringBuilder output, ref bool usesValue, int at)
    {
        // field_name [! conversion] [: format_spec]; the name ends at the first '!' or ':' outside brackets.
        var nameEnd = 0;
        var inBracket = false;
        while (nameEnd < field.Length)
        {
            var ch = field[nameEnd];
            if (ch == '[')
            {
                inBracket = true;
            }
            else if (ch == ']')
            {
                inBracket = false;
            }
            else if (!inBracket && ch is '!' or ':')
            {
                break;
            }

            nameEnd++;
        }

        var name = field[..nameEnd];
        char? conversion = null;
        string spec = string.Empty;
        var rest = field[nameEnd..];
        if (rest.StartsWith('!'))
        {
            if (rest.Length < 2)
            {
                return ValueTemplateResult.Fail(ValueTemplateErrorKind.BadConversion, "end of string while looking for conversion specifier", at);
            }

            conversion = rest[1];
            rest = rest[2..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                return ValueTemplateResult.Fail(ValueTemplateErrorKind.BadConversion, "expected ':' after conversion specifier", at);
            }
        }

        if (rest.StartsWith(':'))
        {
            spec = rest[1..];
        }

        if (name.Contains('{') || name.Contains('}'))
        {
            return ValueTemplateResult.Fail(ValueTemplateErrorKind.BadFieldName, "unexpected '{' in field name", at);
        }

        var argName = name;
        var accessor = argName.IndexOfAny(['.', '[']);
        if (accessor >= 0)
        {
            argName = argName[..accessor];
        }

        if (argName.Length == 0 || argName.All(char.IsAsciiDigit))
        {
            return ValueTemplateResult.Fail(ValueTemplateErrorKind.PositionalField, "Format string contains positional fields", at);
        }

        if (accessor >= 0)
        {
            return ValueTemplateResult.Fail(ValueTemplateErrorKind.Unpredictable, $"The field '{{{field}}}' reads an attribute or item; its output depends on the Python process.", at);
        }

        if (spec.Contains('{') || spec.Contains('}'))
        {
            return ValueTemplateResult.Fail(ValueTemplateErrorKind.Unpredictable, $"The field '{{{field}}}' has a nested field in its format spec.", at);
        }

        string text;
        if (name == "value")
        {
            text = value;
            usesValue = true;
        }
        else
        {
            text = "{" + name + "}";
        }

        switch (conversion)
        {
            case null or 's':
                break;
            case 'r':
                text = PythonRepr(text, asciiOnly: false);
                break;
            case 'a':
                text = PythonRepr(text, asciiOnly: true);
                break;
            default:
                return ValueTemplateResult.Fail(ValueTemplateErrorKind.BadConversion, $"Unknown conversion specifier {conversion}", at);
        }

        var formatted = ApplySpec(text, spec, out var specError);
        if (specError is not null)
        {
            return ValueTemplateResult.Fail(ValueTemplateErrorKind.BadFormatSpec, specError, at);
        }

        output.Append(formatted);
        return null;
    }

    // The string subset of Python's format-spec mini-language: [[fill]align][sign][z][#][0][width][grouping][.precision][type].
    private static string ApplySpec(string text, string spec, out string? error)
    {
        error = null;
        if (spec.Length == 0)
        {
            return text;
        }

        var i = 0;
        var fill = ' ';
        var fillGiven = false;
        char? align = null;
        if (spec.Length >= 2 && spec[1] is '<' or '>' or '^' or '=')
        {
            fill = spec[0];
            fillGiven = true;
            align = spec[1];
            i = 2;
        }
        else if (spec[0] is '<' or '>' or '^' or '=')
        {
            align = spec[0];
            i = 1;
        }

        if (i < spec.Length && spec[i] is '+' or '-' or ' ')
        {
            error = "Sign not allowed in string format specifier";
            return text;
        }

        if (i < spec.Length && spec[i] == 'z')
        {
            error = "Negative zero coercion (z) not allowed in format specifier";
            return text;
        }

        if (i < spec.Length && spec[i] == '#')
        {
            error = "Alternate form (#) not allowed in string format specifier";
            return text;
        }

        if (i < spec.Length && spec[i] == '0')
        {
            if (!fillGiven)
            {
                fill = '0';
            }

            i++;
        }

        var widthStart = i;
        while (i < spec.Length && char.IsAsciiDigit(spec[i]))
        {
            i++;
        }

        var width = i > widthStart ? int.Parse(spec[widthStart..i], CultureInfo.InvariantCulture) : 0;
        if (i < spec.Length && spec[i] is ',' or '_')
        {
            error = $"Cannot specify '{spec[i]}' with 's'.";
            return text;
        }

        int? precision = null;
        if (i < spec.Length && spec[i] == '.')
        {
            i++;
            var precisionStart = i;
            while (i < spec.Length && char.IsAsciiDigit(spec[i]))
            {
                i++;
            }

            if (i == precisionStart)
            {
                error = "Format specifier missing precision";
                return text;
            }

            precision = int.Parse(spec[precisionStart..i], CultureInfo.InvariantCulture);
        }

        if (i < spec.Length - 1)
        {
            error = "Invalid format specifier";
            return text;
        }

        if (i == spec.Length - 1 && spec[i] != 's')
        {
            error = $"Unknown format code '{spec[i]}' for object of type 'str'";
            return text;
        }

        if (align == '=')
        {
            error = "'=' alignment not allowed in string format specifier";
            return text;
        }

        var points = ToCodePoints(text);
        if (precision is int p && points.Count > p)
        {
            points = points.GetRange(0, p);
        }

        var body = string.Concat(points);
        var pad = width - points.Count;
        if (pad <= 0)
        {
            return body;
        }

        var padding = (int n) => new string(fill, n);
        return align switch
        {
            '>' => padding(pad) + body,
            '^' => padding(pad / 2) + body + padding(pad - (pad / 2)),
            _ => body + padding(pad),
        };
    }

    private static List<string> ToCodePoints(string text)
    {
        var result = new List<string>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Add(text.Substring(i, 2));
                i++;
            }
            else
            {
                result.Add(text[i].ToString());
            }
        }

        return result;
    }

    /// <summary>Python's <c>repr()</c> of a string (or <c>ascii()</c> when <paramref name="asciiOnly"/>).</summary>
    public static string PythonRepr(string text, bool asciiOnly)
    {
        ArgumentNullException.ThrowIfNull(text);
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder(text.Length + 2).Append(quote);
        for (var i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            switch (cp)
            {
                case '\\': builder.Append("\\\\"); continue;
                case '\n': builder.Append("\\n"); continue;
                case '\r': builder.Append("\\r"); continue;
                case '\t': builder.Append("\\t"); continue;
            }

            if (cp == quote)
            {
                builder.Append('\\').Append(quote);
            }
            else if (cp < 0x20 || cp == 0x7F)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{cp:x2}");
            }
            else if (cp < 0x7F)
            {
                builder.Append((char)cp);
            }
            else if (asciiOnly || !IsPrintable(cp))
            {
                builder.Append(cp switch
                {
                    <= 0xFF => string.Create(CultureInfo.InvariantCulture, $"\\x{cp:x2}"),
                    <= 0xFFFF => string.Create(CultureInfo.InvariantCulture, $"\\u{cp:x4}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $"\\U{cp:x8}"),
                });
            }
            else
            {
                builder.Append(char.ConvertFromUtf32(cp));
            }
        }

        return builder.Append(quote).ToString();
    }

    // Python's str.isprintable for one code point: not in the categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (space excepted).
    private static bool IsPrintable(int cp)
    {
        if (cp == ' ')
        {
            return true;
        }

        var category = cp <= 0xFFFF ? CharUnicodeInfo.GetUnicodeCategory((char)cp) : CharUnicodeInfo.GetUnicodeCategory(cp);
        return category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
    }
}

/// <summary>Why a template cannot be expanded.</summary>
public enum ValueTemplateErrorKind
{
    /// <summary>No error.</summary>
    None,

    /// <summary>A <c>{</c> with nothing after it (Python: ValueError).</summary>
    SingleOpeningBrace,

    /// <summary>A <c>}</c> that is not doubled (Python: ValueError).</summary>
    SingleClosingBrace,

    /// <summary>A field that never closes (Python: ValueError).</summary>
    UnclosedField,

    /// <summary><c>{}</c> or <c>{0}</c> (Python: ValueError from format_map).</summary>
    PositionalField,

    /// <summary>A brace inside a field name (Python: ValueError).</summary>
    BadFieldName,

    /// <summary>A conversion other than <c>!s</c>, <c>!r</c>, <c>!a</c> (Python: ValueError).</summary>
    BadConversion,

    /// <summary>A format spec a string does not take (Python: ValueError).</summary>
    BadFormatSpec,

    /// <summary>Attribute or item access, or nested fields: valid Python, output not predictable here.</summary>
    Unpredictable,
}

/// <summary>The outcome of <see cref="ValueTemplate.Expand"/>.</summary>
public sealed record ValueTemplateResult(string? Text, bool UsesValue, ValueTemplateErrorKind Error, string? Message, int Position)
{
    /// <summary>True when Python would expand the template without an error.</summary>
    public bool Succeeded => Error == ValueTemplateErrorKind.None;

    internal static ValueTemplateResult Success(string text, bool usesValue) => new(text, usesValue, ValueTemplateErrorKind.None, null, -1);

    internal static ValueTemplateResult Fail(ValueTemplateErrorKind kind, string message, int position) => new(null, false, kind, message, position);
}
