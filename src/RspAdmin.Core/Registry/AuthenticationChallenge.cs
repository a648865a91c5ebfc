using System.Text;

namespace RspAdmin.Core.Registry;

/// <summary>
/// One <c>WWW-Authenticate</c> challenge: a scheme and its parameters. Parameter values may be quoted, and
/// quoted values may contain commas, equals signs and backslash escapes
/// (e.g. <c>scope="repository:a/b:pull,push"</c>). Parameter names are case-insensitive.
/// </summary>
internal sealed class AuthenticationChallenge
{
    private AuthenticationChallenge(string scheme, IReadOnlyDictionary<string, string> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
    }

    /// <summary>The scheme, e.g. <c>Bearer</c> or <c>Basic</c>.</summary>
    public string Scheme { get; }

    /// <summary>The parameters, by case-insensitive name.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>True for the Bearer scheme.</summary>
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the Basic scheme.</summary>
    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>A parameter value, or null.</summary>
    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Picks the challenge to answer from a response's raw <c>WWW-Authenticate</c> header values: Bearer
    /// first, then Basic, then whatever came first. Null when there is none.
    /// </summary>
    public static AuthenticationChallenge? Select(IEnumerable<string> headerValues)
    {
        var challenges = headerValues.Where(v => !string.IsNullOrWhiteSpace(v)).Select(Parse).ToList();
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic) ?? challenges.FirstOrDefault();
    }

    /// <summary>Parses a whole header value, <c>scheme params</c>.</summary>
    public static AuthenticationChallenge Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var text = headerValue.Trim();
        var space = text.IndexOfAny([' ', '\t']);
        return space < 0 ? Parse(text, null) : Parse(text[..space], text[(space + 1)..]);
    }

    /// <summary>Parses a scheme and its raw parameter string.</summary>
    public static AuthenticationChallenge Parse(string scheme, string? parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = parameters ?? string.Empty;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }

            var name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] == ',')
            {
                continue; // a bare token (e.g. token68) carries no parameter for us
            }

            i++; // '='
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                i++;
                var quoted = new StringBuilder();
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    quoted.Append(text[i]);
                    i++;
                }

                i++; // closing quote (or past the end when it is missing)
                value = quoted.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ',')
                {
                    i++;
                }

                value = text[valueStart..i].Trim();
            }

            if (name.Length > 0)
            {
                values.TryAdd(name, value);
            }
        }

        return new AuthenticationChallenge(scheme.Trim(), values);
    }
}
