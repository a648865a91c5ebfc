using System.Collections.Concurrent;

namespace RspAdmin.Sandbox.Services;

/// <summary>
/// Tokens the simulated services accept. A revoked token is refused from then on, as an expired one is;
/// tests revoke one mid-run with <c>POST /sandbox/v1/tokens/revoke</c>.
/// </summary>
public sealed class ServiceTokens
{
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);

    public void Revoke(string token) => _revoked[token] = 0;

    public bool IsRevoked(string token) => _revoked.ContainsKey(token);

    /// <summary>The bearer token of a request (<c>Authorization: Bearer</c>), or null.</summary>
    public static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}

/// <summary>Gafaelfawr in front of mobu, the hubs and the nublado controller: no valid token is a 302 to <c>/login</c>.</summary>
public sealed class Gafaelfawr(IReadOnlyCollection<string> tokens, ServiceTokens book)
{
    public IReadOnlyCollection<string> Tokens { get; } = tokens;

    /// <summary>Null when the request carries a valid token; otherwise the redirect to answer with.</summary>
    public IResult? Check(HttpContext context)
    {
        var token = ServiceTokens.Bearer(context);
        if (token is not null && Tokens.Contains(token) && !book.IsRevoked(token))
        {
            return null;
        }

        var rd = Uri.EscapeDataString($"http://{context.Request.Host}{context.Request.Path}");
        return Results.Redirect($"/login?rd={rd}");
    }
}

/// <summary>Reading labels and annotations.</summary>
internal static class MetadataExtensions
{
    public static string? Get(this IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var v) ? v : null;
}
