namespace RspAdmin.Core.Registry;

/// <summary>Reads the <c>rel="next"</c> target of RFC 8288 <c>Link</c> headers: <c>&lt;url&gt;; rel="next"</c>.</summary>
internal static class LinkHeader
{
    /// <summary>The raw target of the first link whose <c>rel</c> includes <c>next</c>, or null.</summary>
    public static string? FindNext(IEnumerable<string> headerValues)
    {
        foreach (var value in headerValues)
        {
            var i = 0;
            while (i < value.Length)
            {
                var open = value.IndexOf('<', i);
                if (open < 0)
                {
                    break;
                }

                var close = value.IndexOf('>', open + 1);
                if (close < 0)
                {
                    break;
                }

                var target = value[(open + 1)..close].Trim();
                var end = FindLinkEnd(value, close + 1);
                var parameters = value[(close + 1)..end];
                if (HasNextRelation(parameters))
                {
                    return target;
                }

                i = end + 1;
            }
        }

        return null;
    }

    // The parameters of one link run to the next comma outside quotes.
    private static int FindLinkEnd(string value, int start)
    {
        var quoted = false;
        for (var i = start; i < value.Length; i++)
        {
            if (value[i] == '"')
            {
                quoted = !quoted;
            }
            else if (value[i] == ',' && !quoted)
            {
                return i;
            }
        }

        return value.Length;
    }

    private static bool HasNextRelation(string parameters)
    {
        foreach (var part in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq < 0 || !string.Equals(part[..eq].Trim(), "rel", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var relations = part[(eq + 1)..].Trim().Trim('"');
            if (relations.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(r => string.Equals(r, "next", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
