using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace RspAdmin.Testing;

/// <summary>
/// A loopback HTTP proxy in front of a registry. It forwards every request, and can split tag lists into
/// pages with <c>Link</c> headers (which Debian's registry does not do for tags) and inject faults: an expired
/// token, 429 with <c>Retry-After</c>, 503, a connection reset, malformed JSON, a stalled answer, a next link to
/// another host or scheme, or a next link to the same page.
/// </summary>
public sealed class FaultProxy : IDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Expect", "Proxy-Connection", "TE", "Upgrade",
    };

    private readonly Uri _upstream;
    private readonly HttpClient _http;
    private readonly MiniHttpServer _server;
    private readonly object _faultLock = new();
    private readonly List<ProxyFault> _faults = [];
    private readonly ConcurrentQueue<string> _requests = new();

    /// <summary>Starts a proxy for the registry at <paramref name="upstream"/> (<c>host:port</c>).</summary>
    public FaultProxy(string upstream)
    {
        _upstream = new Uri("http://" + upstream + "/");
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        _server = MiniHttpServer.Start(HandleAsync);
    }

    /// <summary><c>127.0.0.1:port</c>, the registry clients should use.</summary>
    public string Address => _server.Address;

    /// <summary>Tags per page when splitting tag lists; 0 (default) passes them through whole. A client's <c>n</c> wins.</summary>
    public int TagPageSize { get; set; }

    /// <summary>How next links are written.</summary>
    public PageLinkStyle LinkStyle { get; set; } = PageLinkStyle.Relative;

    /// <summary>Every request received, as <c>METHOD target</c>, in order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    /// <summary>Queues a fault.</summary>
    public void Inject(ProxyFault fault)
    {
        lock (_faultLock)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Drops every queued fault.</summary>
    public void ClearFaults()
    {
        lock (_faultLock)
        {
            _faults.Clear();
        }
    }

    /// <summary>How many requests had a path containing <paramref name="text"/>.</summary>
    public int CountRequests(string text) => _requests.Count(r => r.Contains(text, StringComparison.Ordinal));

    /// <inheritdoc />
    public void Dispose()
    {
        _server.Dispose();
        _http.Dispose();
    }

    private async Task<MiniHttpResponse> HandleAsync(MiniHttpRequest request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request.Method + " " + request.Target);
        var fault = TakeFault(request);
        switch (fault?.Kind)
        {
            case ProxyFaultKind.ConnectionReset:
                return new MiniHttpResponse { ResetConnection = true };
            case ProxyFaultKind.ServiceUnavailable:
                return MiniHttpResponse.Text(503, "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected\"}]}");
            case ProxyFaultKind.TooManyRequests:
                var tooMany = MiniHttpResponse.Text(429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"injected\"}]}");
                if (fault.RetryAfter is not null)
                {
                    tooMany.Headers.Add(new("Retry-After", fault.RetryAfter));
                }

                return tooMany;
            case ProxyFaultKind.MalformedJson:
                return MiniHttpResponse.Text(200, "{\"name\":\"broken\",\"tags\":[\"w_2025_01\",");
            case ProxyFaultKind.ExpiredToken:
                return await ExpiredTokenAsync(request, cancellationToken).ConfigureAwait(false);
            case ProxyFaultKind.Stall:
                await Task.Delay(fault.StallFor, cancellationToken).ConfigureAwait(false);
                break;
        }

        if (TagPageSize > 0 && request.Method == "GET" && request.Path.EndsWith("/tags/list", StringComparison.Ordinal))
        {
            return await PageAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await ForwardAsync(request, request.Target, cancellationToken).ConfigureAwait(false);
    }

    private ProxyFault? TakeFault(MiniHttpRequest request)
    {
        lock (_faultLock)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var fault = _faults[i];
                if (fault.PathContains is not null && !request.Path.Contains(fault.PathContains, StringComparison.Ordinal))
                {
                    continue;
                }

                if (fault.Kind == ProxyFaultKind.ExpiredToken
                    && request.Header("Authorization")?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) != true)
                {
                    continue;
                }

                if (fault.Times <= 1)
                {
                    _faults.RemoveAt(i);
                }
                else
                {
                    _faults[i] = fault with { Times = fault.Times - 1 };
                }

                return fault;
            }
        }

        return null;
    }

    private async Task<MiniHttpResponse> ExpiredTokenAsync(MiniHttpRequest request, CancellationToken cancellationToken)
    {
        // The registry's own challenge for this request (asked anonymously), marked as an expired token.
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, request.Target));
        using var upstream = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var challenge = upstream.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? values.FirstOrDefault() : null;
        var response = MiniHttpResponse.Text(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":\"token expired\"}]}");
        if (challenge is not null)
        {
            response.Headers.Add(new("WWW-Authenticate", challenge + ",error=\"invalid_token\""));
        }

        return response;
    }

    private async Task<MiniHttpResponse> PageAsync(MiniHttpRequest request, CancellationToken cancellationToken)
    {
        var whole = await ForwardAsync(request, request.Path, cancellationToken).ConfigureAwait(false);
        if (whole.StatusCode != 200)
        {
            return whole;
        }

        using var document = JsonDocument.Parse(whole.Body);
        var name = document.RootElement.GetProperty("name").GetString();
        var all = document.RootElement.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToList()
            : [];
        var size = request.QueryValues("n").Select(v => int.Parse(v, CultureInfo.InvariantCulture)).FirstOrDefault(TagPageSize);
        var last = request.QueryValues("last").FirstOrDefault();
        var start = last is null ? 0 : all.FindIndex(x => string.CompareOrdinal(x, last) > 0);
        if (start < 0)
        {
            start = all.Count;
        }

        var page = all.Skip(start).Take(size).ToList();
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["name"] = name, ["tags"] = page });
        var response = new MiniHttpResponse { Body = body, Headers = [new("Content-Type", "application/json")] };
        if (start + page.Count < all.Count)
        {
            var next = $"{request.Path}?n={size}&last={Uri.EscapeDataString(page[^1])}";
            var secondPage = last is not null;
            var link = LinkStyle switch
            {
                PageLinkStyle.Absolute => $"http://{Address}{next}",
                PageLinkStyle.CrossHost when secondPage => $"http://registry.invalid{next}",
                PageLinkStyle.CrossScheme when secondPage => $"https://{Address}{next}",
                PageLinkStyle.Repeated when secondPage => request.Target,
                _ => next,
            };
            response.Headers.Add(new("Link", $"<{link}>; rel=\"next\""));
        }

        return response;
    }

    private async Task<MiniHttpResponse> ForwardAsync(MiniHttpRequest request, string target, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, target));
        if (request.Body.Length > 0 || request.Method is "PUT" or "POST" or "PATCH")
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (HopHeaders.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var upstream = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var body = await upstream.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in upstream.Headers.NonValidated.Concat(upstream.Content.Headers.NonValidated))
        {
            if (HopHeaders.Contains(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                headers.Add(new(header.Key, value));
            }
        }

        return new MiniHttpResponse
        {
            StatusCode = (int)upstream.StatusCode,
            Headers = headers,
            Body = body,
            ContentLength = upstream.Content.Headers.ContentLength,
        };
    }
}
