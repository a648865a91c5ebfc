using System.Text;
using System.Text.RegularExpressions;

namespace RspAdmin.Core.Profiles;

/// <summary>
/// A <c>validation_regex</c> compiled for each dialect that judges it: the hub (Python <c>re.match</c>),
/// the HTML <c>pattern</c> attribute of KubeSpawner's form (JavaScript, <c>v</c> flag, whole value) and
/// fancy-profiles (JavaScript, <c>g</c> flag, search). Each dialect's syntax is translated to .NET so the
/// verdicts agree with the real engines (a differential test drives python3 and node to check this).
/// </summary>
/// <remarks>
/// Python: <c>(?P&lt;n&gt;</c> and <c>(?P=n)</c> become .NET named groups; <c>\Z</c> is the absolute end;
/// <c>$</c> matches at the end or before a final line break, as in .NET; <c>\s</c> adds U+001C-U+001F.
/// JavaScript: <c>$</c> matches only at the very end, <c>.</c> stops at any line terminator, <c>\d</c>,
/// <c>\w</c> and <c>\b</c> are ASCII, <c>\s</c> is JavaScript's set; inline flags, <c>(?P</c> and
/// possessive forms do not compile; in <c>v</c> mode (the HTML pattern) a class may not hold an
/// unescaped <c>( ) [ { } / - |</c>, and lone braces and brackets are errors.
/// </remarks>
public sealed class ValidationRegex
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);
    private const string JsSpace = @"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
    private const string JsWord = "A-Za-z0-9_";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ValidationRegex> Cache = new(StringComparer.Ordinal);

    private readonly Regex? _server;
    private readonly Regex? _html;
    private readonly Regex? _fancy;

    /// <summary>Compiles <paramref name="pattern"/> for every dialect; a dialect that refuses it records why.</summary>
    public ValidationRegex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        (_server, ServerError) = Build(() => "^(?:" + TranslatePython(pattern) + ")");
        ServerUnsupported = ServerError is not null && Regex.IsMatch(pattern, @"(?<!\\)[*+?}]\+");
        (_html, HtmlPatternError) = Build(() => "^(?:" + TranslateJavaScript(pattern, vMode: true) + @")\z");
        (_fancy, FancyProfilesError) = Build(() => TranslateJavaScript(pattern, vMode: false));
        DialectsAgreeOnAscii = ServerError is null && HtmlPatternError is null && FancyProfilesError is null && IsPlainlyAnchored(pattern);
    }

    /// <summary>The compiled pattern, shared: profile lists repeat the same few regexes many times.</summary>
    public static ValidationRegex Get(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (Cache.TryGetValue(pattern, out var cached))
        {
            return cached;
        }

        var created = new ValidationRegex(pattern);
        if (Cache.Count < 256)
        {
            Cache.TryAdd(pattern, created);
        }

        return created;
    }

    /// <summary>
    /// True when the three dialects must agree on printable ASCII values: the pattern is <c>^...$</c>
    /// with no other anchor and no top-level alternation, and compiles everywhere. On such values re.match,
    /// the whole-value match and the search all mean "the whole value matches", and the dialects'
    /// classes (<c>.</c>, <c>\d</c>, <c>\w</c>, <c>\s</c>, <c>\b</c>) coincide on ASCII.
    /// </summary>
    public bool DialectsAgreeOnAscii { get; private init; }

    /// <summary>True when <paramref name="value"/> is printable ASCII (space to tilde), where <see cref="DialectsAgreeOnAscii"/> applies.</summary>
    public static bool IsPrintableAscii(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainlyAnchored(string pattern)
    {
        if (pattern.Length < 2 || pattern[0] != '^' || pattern[^1] != '$')
        {
            return false;
        }

        var depth = 0;
        var inClass = false;
        for (var i = 1; i < pattern.Length - 1; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i++;
                if (i == pattern.Length - 1)
                {
                    return false; // the final $ is escaped
                }

                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            switch (c)
            {
                case '[': inClass = true; break;
                case '(': depth++; break;
                case ')': depth--; break;
                case '|' when depth == 0: return false;
                case '^' or '$': return false;
            }
        }

        return !inClass && depth == 0;
    }

    /// <summary>The pattern as written in the profile list.</summary>
    public string Pattern { get; }

    /// <summary>Why the hub cannot compile the pattern (every spawn with an unlisted value then fails); null when it compiles.</summary>
    public string? ServerError { get; }

    /// <summary>
    /// True when the pattern uses syntax Python accepts but .NET does not (possessive quantifiers), so
    /// <see cref="ServerError"/> says only that the server verdict cannot be computed here.
    /// </summary>
    public bool ServerUnsupported { get; }

    /// <summary>Why a browser refuses the HTML pattern (it then ignores it and accepts anything); null when it compiles.</summary>
    public string? HtmlPatternError { get; }

    /// <summary>Why fancy-profiles' <c>new RegExp</c> throws; null when it compiles.</summary>
    public string? FancyProfilesError { get; }

    /// <summary>The error of one dialect; null when the pattern compiles there.</summary>
    public string? ErrorOf(RegexDialect dialect) => dialect switch
    {
        RegexDialect.Server => ServerError,
        RegexDialect.HtmlPattern => HtmlPatternError,
        _ => FancyProfilesError,
    };

    /// <summary>
    /// Whether <paramref name="dialect"/> accepts <paramref name="value"/> exactly as given (no trimming);
    /// null when the pattern does not compile in that dialect.
    /// </summary>
    /// <exception cref="RegexMatchTimeoutException">The pattern backtracks for more than two seconds on this value.</exception>
    public bool? Matches(RegexDialect dialect, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var regex = dialect switch
        {
            RegexDialect.Server => _server,
            RegexDialect.HtmlPattern => _html,
            _ => _fancy,
        };
        return regex?.IsMatch(value);
    }

    private static (Regex?, string?) Build(Func<string> translate)
    {
        try
        {
            return (new Regex(translate(), RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout), null);
        }
        catch (RegexDialectException e)
        {
            return (null, e.Message);
        }
        catch (ArgumentException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Translates Python <c>re</c> syntax to .NET.</summary>
    internal static string TranslatePython(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    throw new RegexDialectException("bad escape (end of pattern)");
                }

                var next = pattern[++i];
                switch (next)
                {
                    case 'Z' when !inClass:
                        output.Append(@"\z");
                        break;
                    case 's' when !inClass:
                        output.Append(@"[\s\x1c-\x1f]");
                        break;
                    case 's':
                        output.Append(@"\s\x1c-\x1f");
                        break;
                    case 'S' when !inClass:
                        output.Append(@"[^\s\x1c-\x1f]");
                        break;
                    case 'z' or 'e' or 'k' or 'p' or 'P' or 'c' or 'R' or 'K' or 'G' or 'X' or 'h' or 'H' or 'i' or 'I' or 'j' or 'J' or 'l' or 'L' or 'm' or 'M' or 'o' or 'O' or 'q' or 'Q' or 'y' or 'Y' or 'C' or 'E' or 'F' or 'T' or 'V' or 'g':
                        throw new RegexDialectException($"bad escape \\{next} at position {i - 1}");
                    default:
                        output.Append('\\').Append(next);
                        break;
                }

                continue;
            }

            if (inClass)
            {
                if (c == '[')
                {
                    output.Append(@"\[");
                    continue;
                }

                if (c == ']' && !ClassJustOpened(pattern, i))
                {
                    inClass = false;
                }

                output.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                output.Append(c);
                continue;
            }

            if (c == '(' && i + 2 < pattern.Length && pattern[i + 1] == '?')
            {
                var rest = pattern.AsSpan(i + 2);
                if (rest.StartsWith("P<"))
                {
                    output.Append("(?<");
                    i += 3;
                    continue;
                }

                if (rest.StartsWith("P="))
                {
                    var close = pattern.IndexOf(')', i);
                    if (close < 0)
                    {
                        throw new RegexDialectException("missing ), unterminated name");
                    }

                    output.Append(@"\k<").Append(pattern, i + 4, close - i - 4).Append('>');
                    i = close;
                    continue;
                }

                if (rest[0] == '<' && rest.Length > 1 && rest[1] is not ('=' or '!'))
                {
                    throw new RegexDialectException($"unknown extension ?<{rest[1]} at position {i + 1}");
                }
            }

            output.Append(c);
        }

        if (inClass)
        {
            throw new RegexDialectException("unterminated character set");
        }

        return output.ToString();
    }

    /// <summary>Translates JavaScript syntax (the <c>v</c> flag when <paramref name="vMode"/>, else no Unicode flag) to .NET.</summary>
    internal static string TranslateJavaScript(string pattern, bool vMode)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    throw new RegexDialectException("\\ at end of pattern");
                }

                var next = pattern[++i];
                switch (next)
                {
                    case 'd': output.Append(inClass ? "0-9" : "[0-9]"); break;
                    case 'D' when !inClass: output.Append("[^0-9]"); break;
                    case 'w': output.Append(inClass ? JsWord : "[" + JsWord + "]"); break;
                    case 'W' when !inClass: output.Append("[^" + JsWord + "]"); break;
                    case 's': output.Append(inClass ? JsSpace : "[" + JsSpace + "]"); break;
                    case 'S' when !inClass: output.Append("[^" + JsSpace + "]"); break;
                    case 'D' or 'W' or 'S':
                        output.Append('\\').Append(next); // approximate inside a class
                        break;
                    case 'b' when !inClass:
                        output.Append("(?:(?<=[" + JsWord + "])(?![" + JsWord + "])|(?<![" + JsWord + "])(?=[" + JsWord + "]))");
                        break;
                    case 'B' when !inClass:
                        output.Append("(?:(?<=[" + JsWord + "])(?=[" + JsWord + "])|(?<![" + JsWord + "])(?![" + JsWord + "]))");
                        break;
                    case 'b':
                        output.Append(@"\x08");
                        break;
                    case 'n' or 'r' or 't' or 'f' or 'v' or '0' or 'x' or 'u' or 'c' or 'k':
                        output.Append('\\').Append(next);
                        break;
                    case >= '1' and <= '9':
                        output.Append('\\').Append(next);
                        break;
                    case 'p' or 'P' when vMode:
                        output.Append('\\').Append(next);
                        break;
                    default:
                        if (char.IsAsciiLetterOrDigit(next))
                        {
                            if (vMode)
                            {
                                throw new RegexDialectException($"Invalid escape \\{next}");
                            }

                            output.Append(Regex.Escape(next.ToString())); // identity escape outside Unicode mode
                        }
                        else if (vMode && !IsJsSyntaxCharacter(next) && next != '/' && !(inClass && IsVClassEscapable(next)))
                        {
                            throw new RegexDialectException($"Invalid escape \\{next}");
                        }
                        else
                        {
                            output.Append(Regex.Escape(next.ToString()));
                        }

                        break;
                }

                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                    output.Append(c);
                    continue;
                }

                if (vMode)
                {
                    if (c is '(' or ')' or '[' or '{' or '}' or '/' or '|')
                    {
                        throw new RegexDialectException($"Invalid character '{c}' in character class");
                    }

                    if (c == '-' && !(i > 0 && pattern[i - 1] != '[' && i + 1 < pattern.Length && pattern[i + 1] != ']' && !IsClassStart(pattern, i - 1)))
                    {
                        throw new RegexDialectException("Invalid character '-' in character class");
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == c && "&!#$%*+,.:;<=>?@^`~".Contains(c))
                    {
                        throw new RegexDialectException($"Invalid set operation '{c}{c}' in character class");
                    }
                }

                output.Append(c == '[' ? @"\[" : c.ToString());
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    output.Append('[');
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        output.Length--;
                        output.Append("(?!)");
                        inClass = false;
                        i++;
                    }
                    else if (i + 2 < pattern.Length && pattern[i + 1] == '^' && pattern[i + 2] == ']')
                    {
                        output.Length--;
                        output.Append(@"[\s\S]");
                        inClass = false;
                        i += 2;
                    }

                    break;
                case '$':
                    output.Append(@"\z");
                    break;
                case '.':
                    output.Append(@"[^\n\r\u2028\u2029]");
                    break;
                case '(' when i + 1 < pattern.Length && pattern[i + 1] == '?':
                    if (i + 2 >= pattern.Length || pattern[i + 2] is not (':' or '=' or '!' or '<'))
                    {
                        throw new RegexDialectException("Invalid group");
                    }

                    if (pattern[i + 2] == '<' && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!') && !char.IsAsciiLetter(pattern[i + 3]) && pattern[i + 3] is not ('_' or '$'))
                    {
                        throw new RegexDialectException("Invalid capture group name");
                    }

                    var head = pattern[i + 2] == '<' && i + 3 < pattern.Length && pattern[i + 3] is '=' or '!' ? 4 : 3;
                    output.Append(pattern, i, head);
                    i += head - 1;
                    break;
                case '{':
                    if (!IsQuantifierBrace(pattern, i, out var end))
                    {
                        if (vMode)
                        {
                            throw new RegexDialectException("Lone quantifier brackets");
                        }

                        output.Append(@"\{");
                    }
                    else
                    {
                        if (IsAtomStart(pattern, i))
                        {
                            throw new RegexDialectException("Nothing to repeat");
                        }

                        output.Append(pattern, i, end - i + 1);
                        i = end;
                        if (i + 1 < pattern.Length && pattern[i + 1] == '+')
                        {
                            throw new RegexDialectException("Nothing to repeat");
                        }
                    }

                    break;
                case '}':
                    if (vMode)
                    {
                        throw new RegexDialectException("Lone quantifier brackets");
                    }

                    output.Append(@"\}");
                    break;
                case ']':
                    if (vMode)
                    {
                        throw new RegexDialectException("Lone quantifier brackets");
                    }

                    output.Append(@"\]");
                    break;
                case '*' or '+' or '?':
                    if (IsAtomStart(pattern, i))
                    {
                        throw new RegexDialectException("Nothing to repeat");
                    }

                    output.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '+' )
                    {
                        throw new RegexDialectException("Nothing to repeat");
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                    {
                        output.Append('?');
                        i++;
                    }

                    break;
                default:
                    output.Append(c);
                    break;
            }
        }

        if (inClass)
        {
            throw new RegexDialectException("Unterminated character class");
        }

        return output.ToString();
    }

    private static bool IsClassStart(string pattern, int index) => index > 0 && pattern[index] == '^' && pattern[index - 1] == '[';

    private static bool ClassJustOpened(string pattern, int index) =>
        (index > 0 && pattern[index - 1] == '[' && (index < 2 || pattern[index - 2] != '\\'))
        || (index > 1 && pattern[index - 1] == '^' && pattern[index - 2] == '[');

    // True when position index starts a new term, so a quantifier there has nothing to repeat.
    private static bool IsAtomStart(string pattern, int index)
    {
        if (index == 0)
        {
            return true;
        }

        var previous = pattern[index - 1];
        var escaped = index >= 2 && pattern[index - 2] == '\\';
        return !escaped && previous is '(' or '|' or '^';
    }

    private static bool IsQuantifierBrace(string pattern, int start, out int end)
    {
        end = pattern.IndexOf('}', start);
        if (end < 0)
        {
            return false;
        }

        return Regex.IsMatch(pattern[start..(end + 1)], @"\A\{[0-9]+(?:,[0-9]*)?\}\z");
    }

    private static bool IsJsSyntaxCharacter(char c) => "^$\\.*+?()[]{}|".Contains(c);

    private static bool IsVClassEscapable(char c) => "&-!#%,:;<=>@`~".Contains(c);
}

/// <summary>A pattern a dialect refuses to compile.</summary>
internal sealed class RegexDialectException(string message) : Exception(message);
