using System.Text.RegularExpressions;

namespace RspAdmin.Sandbox.Api;

/// <summary>
/// An injected API error: requests whose method and path match answer with <see cref="Status"/> instead of
/// being served, for <see cref="Count"/> matching requests after the first <see cref="Skip"/>.
/// </summary>
public sealed class ApiFault
{
    private readonly Regex _path;
    private int _seen;

    /// <param name="method">HTTP method, or <c>*</c> for any.</param>
    /// <param name="pathPattern">A glob over the request path (<c>*</c> matches within a segment, <c>**</c> across segments),
    /// or a regular expression when it starts with <c>^</c>.</param>
    /// <param name="status">The HTTP status to answer with (409, 429, 500, ...).</param>
    /// <param name="count">How many matching requests fail; 0 or less: every one.</param>
    /// <param name="skip">How many matching requests are served normally before failures start.</param>
    /// <param name="message">The Status message.</param>
    public ApiFault(string method, string pathPattern, int status, int count = 1, int skip = 0, string? message = null)
    {
        Method = method.ToUpperInvariant();
        PathPattern = pathPattern;
        Status = status;
        Count = count;
        Skip = skip;
        Message = message ?? $"injected fault: {status} for {Method} {pathPattern}";
        _path = new Regex(pathPattern.StartsWith('^') ? pathPattern : GlobToRegex(pathPattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Method { get; }

    public string PathPattern { get; }

    public int Status { get; }

    public int Count { get; }

    public int Skip { get; }

    public string Message { get; }

    /// <summary>How many requests this fault has failed so far.</summary>
    public int Fired => Math.Max(0, Volatile.Read(ref _seen) - Skip);

    /// <summary>Whether this request should fail; counts the request when it matches.</summary>
    public bool TryFire(string method, string path)
    {
        if ((Method != "*" && Method != method) || !_path.IsMatch(path))
        {
            return false;
        }

        var n = Interlocked.Increment(ref _seen);
        return n > Skip && (Count <= 0 || n <= Skip + Count);
    }

    private static string GlobToRegex(string glob)
    {
        var escaped = Regex.Escape(glob).Replace(@"\*\*", "\u0001", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace("\u0001", ".*", StringComparison.Ordinal);
        return "^" + escaped + "$";
    }
}
