using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Api;

/// <summary>
/// A parsed label selector in the API server's string form: comma-separated requirements
/// <c>k</c>, <c>!k</c>, <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>.
/// All requirements must hold. <c>!=</c> and <c>notin</c> also match objects without the label.
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    /// <summary>The selector that matches everything.</summary>
    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>Parses a selector; a 400 BadRequest <see cref="StoreException"/> when it is malformed.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(IDictionary<string, string>? labels)
    {
        foreach (var r in _requirements)
        {
            string? value = null;
            var has = labels is not null && labels.TryGetValue(r.Key, out value);
            var ok = r.Operator switch
            {
                SelectorOperator.Exists => has,
                SelectorOperator.DoesNotExist => !has,
                SelectorOperator.In => has && r.Values.Contains(value!),
                SelectorOperator.NotIn => !has || !r.Values.Contains(value!),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0)
        {
            throw Bad(whole, "empty requirement");
        }

        if (part[0] == '!')
        {
            return new Requirement(CheckKey(part[1..].Trim(), whole), SelectorOperator.DoesNotExist, Set());
        }

        var setMatch = SetOperator(part);
        if (setMatch is not null)
        {
            var (key, op, rest) = setMatch.Value;
            rest = rest.Trim();
            if (rest.Length < 2 || rest[0] != '(' || rest[^1] != ')')
            {
                throw Bad(whole, "expected a parenthesised value list");
            }

            var values = rest[1..^1].Split(',').Select(v => CheckValue(v.Trim(), whole)).ToHashSet(StringComparer.Ordinal);
            return new Requirement(CheckKey(key, whole), op, values);
        }

        var neq = part.IndexOf("!=", StringComparison.Ordinal);
        if (neq > 0)
        {
            return new Requirement(CheckKey(part[..neq].Trim(), whole), SelectorOperator.NotIn, Set(CheckValue(part[(neq + 2)..].Trim(), whole)));
        }

        var eq = part.IndexOf('=');
        if (eq > 0)
        {
            var valueStart = eq + 1 < part.Length && part[eq + 1] == '=' ? eq + 2 : eq + 1;
            return new Requirement(CheckKey(part[..eq].Trim(), whole), SelectorOperator.In, Set(CheckValue(part[valueStart..].Trim(), whole)));
        }

        if (part.IndexOfAny(['<', '>', '(', ')', ' ']) >= 0)
        {
            throw Bad(whole, $"unsupported requirement \"{part}\"");
        }

        return new Requirement(CheckKey(part, whole), SelectorOperator.Exists, Set());
    }

    private static (string Key, SelectorOperator Op, string Remainder)? SetOperator(string part)
    {
        foreach (var (word, op) in new[] { (" notin ", SelectorOperator.NotIn), (" in ", SelectorOperator.In) })
        {
            var at = part.IndexOf(word, StringComparison.Ordinal);
            if (at > 0)
            {
                return (part[..at].Trim(), op, part[(at + word.Length)..]);
            }
        }

        return null;
    }

    private static string CheckKey(string key, string whole)
    {
        if (key.Length == 0 || key.Length > 316 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
        {
            throw Bad(whole, $"invalid label key \"{key}\"");
        }

        return key;
    }

    private static string CheckValue(string value, string whole)
    {
        if (value.Length > 63 || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw Bad(whole, $"invalid label value \"{value}\"");
        }

        return value;
    }

    private static HashSet<string> Set(params string[] values) => new(values, StringComparer.Ordinal);

    private static StoreException Bad(string whole, string detail) =>
        StoreException.BadRequest($"unable to parse requirement: {detail} in label selector \"{whole}\"");

    private enum SelectorOperator
    {
        Exists,
        DoesNotExist,
        In,
        NotIn,
    }

    private sealed record Requirement(string Key, SelectorOperator Operator, IReadOnlySet<string> Values);
}
