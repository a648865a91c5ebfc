namespace RspAdmin.Testing;

/// <summary>One HTTP/1.1 request received by <see cref="MiniHttpServer"/>.</summary>
public sealed class MiniHttpRequest
{
    internal MiniHttpRequest(string method, string target, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
    {
        Method = method;
        Target = target;
        Headers = headers;
        Body = body;
    }

    /// <summary>The method, e.g. <c>GET</c>.</summary>
    public string Method { get; }

    /// <summary>The request target as sent: path and query.</summary>
    public string Target { get; }

    /// <summary>The path part of <see cref="Target"/>.</summary>
    public string Path => Target.Split('?', 2)[0];

    /// <summary>The query part of <see cref="Target"/> without the <c>?</c>, or empty.</summary>
    public string Query => Target.Contains('?') ? Target.Split('?', 2)[1] : string.Empty;

    /// <summary>The headers in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body (empty when there was none).</summary>
    public byte[] Body { get; }

    /// <summary>The first value of a header, or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>All values of a query parameter, unescaped.</summary>
    public IReadOnlyList<string> QueryValues(string name) =>
        Query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => string.Equals(Uri.UnescapeDataString(p[0]), name, StringComparison.Ordinal))
            .Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty)
            .ToList();
}
