using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RspAdmin.Core.Http;

namespace RspAdmin.Core.Mobu;

/// <summary>A running mobu flock: its name and (non-secret) configuration, and its monkeys' names and states. Never a token.</summary>
public sealed record MobuFlock
{
    public required string Name { get; init; }

    /// <summary>The flock's <c>FlockConfig</c> as compact JSON (PUT it to <c>/mobu/flocks</c> to start the flock again).</summary>
    public required string Config { get; init; }

    /// <summary>The business type (<c>NotebookRunner</c>, <c>TAPQueryRunner</c>, ...).</summary>
    public string? Business { get; init; }

    /// <summary>How many monkeys run.</summary>
    public int MonkeyCount { get; init; }

    /// <summary>The monkeys' states (<c>IDLE RUNNING STOPPING FINISHED ERROR</c>), in order.</summary>
    public IReadOnlyList<string> MonkeyStates { get; init; } = [];
}

/// <summary>The result of a solitary run (<c>POST /mobu/run</c>).</summary>
public sealed record MobuRunResult(bool Success, string? Error, string Log);

/// <summary>
/// mobu's REST API (6.x) through the one HTTP stack, with a Gafaelfawr token: list and get flocks (keeping only
/// name, configuration and monkey states: <c>monkeys[].user.token</c> is a live bot token and is dropped as soon as
/// the reply is parsed), delete a flock, start one from a saved configuration, and a solitary lab test. A 302 to
/// <c>/login</c> is <c>Auth.TokenRejected</c>.
/// </summary>
public sealed class MobuClient : IDisposable
{
    private readonly ServiceHttpClient _http;
    private readonly Uri _root;
    private readonly string _token;

    /// <summary>Creates a client for mobu at <paramref name="mobuUrl"/> (<c>https://host/mobu</c>).</summary>
    public MobuClient(Uri mobuUrl, string token, HttpServiceOptions? options = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(mobuUrl);
        ArgumentException.ThrowIfNullOrEmpty(token);
        _root = new Uri(mobuUrl.ToString().TrimEnd('/') + "/");
        _token = token;
        _http = new ServiceHttpClient("Mobu", $"mobu at {mobuUrl.ToString().TrimEnd('/')}", options, handler);
    }

    /// <summary>The names of the running flocks.</summary>
    public async Task<IReadOnlyList<string>> ListFlocksAsync(CancellationToken cancellationToken = default)
    {
        var node = await SendAsync(HttpMethod.Get, "flocks", null, "flocks", cancellationToken).ConfigureAwait(false);
        return (node as JsonArray ?? throw Malformed("flocks")).Select(n => n?.GetValue<string>() ?? string.Empty).ToList();
    }

    /// <summary>One flock (<c>Mobu.FlockNotFound</c> when none runs by that name).</summary>
    public async Task<MobuFlock> GetFlockAsync(string name, CancellationToken cancellationToken = default)
    {
        var node = await SendAsync(HttpMethod.Get, "flocks/" + Uri.EscapeDataString(name), null, name, cancellationToken).ConfigureAwait(false);
        return ToFlock(node as JsonObject ?? throw Malformed(name));
    }

    /// <summary>Stops a flock and returns what it was (so it can be restarted); <c>Mobu.FlockNotFound</c> when none runs.</summary>
    public async Task<MobuFlock> StopFlockAsync(string name, CancellationToken cancellationToken = default)
    {
        var flock = await GetFlockAsync(name, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Delete, "flocks/" + Uri.EscapeDataString(name), null, name, cancellationToken).ConfigureAwait(false);
        return flock;
    }

    /// <summary>Starts (or replaces) a flock from its saved configuration (<see cref="MobuFlock.Config"/>).</summary>
    public async Task<MobuFlock> StartFlockAsync(string configJson, CancellationToken cancellationToken = default)
    {
        JsonObject config;
        try
        {
            config = JsonNode.Parse(configJson) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            throw new RspException("Mobu.InvalidConfig", ErrorKind.InvalidArgument, "The flock configuration is not a JSON object.", null, null, e);
        }

        var node = await SendAsync(HttpMethod.Put, "flocks", JsonSerializer.SerializeToUtf8Bytes(config), config["name"]?.ToString() ?? "flock", cancellationToken).ConfigureAwait(false);
        return ToFlock(node as JsonObject ?? throw Malformed("flocks"));
    }

    /// <summary>
    /// A solitary lab test (<c>POST /mobu/run</c>): logs in as <paramref name="username"/>, spawns a lab on the hub at
    /// <paramref name="urlPrefix"/>, runs <paramref name="code"/>, deletes the lab; returns success and mobu's log.
    /// </summary>
    public async Task<MobuRunResult> RunLabTestAsync(string username, string urlPrefix, bool useCachemachine = false, string code = "print(2+2, end='')", string imageClass = "recommended", string size = "Small", CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["user"] = new JsonObject { ["username"] = username },
            ["scopes"] = new JsonArray("exec:notebook"),
            ["business"] = new JsonObject
            {
                ["type"] = "JupyterPythonLoop",
                ["options"] = new JsonObject
                {
                    ["url_prefix"] = urlPrefix.EndsWith('/') ? urlPrefix : urlPrefix + "/",
                    ["use_cachemachine"] = useCachemachine,
                    ["max_executions"] = 1,
                    ["image"] = new JsonObject { ["image_class"] = imageClass, ["size"] = size },
                    ["code"] = code,
                },
            },
        };
        var node = await SendAsync(HttpMethod.Post, "run", JsonSerializer.SerializeToUtf8Bytes(body), "run", cancellationToken).ConfigureAwait(false) as JsonObject ?? throw Malformed("run");
        return new MobuRunResult(node["success"] is JsonValue s && s.TryGetValue<bool>(out var ok) && ok, node["error"]?.ToString(), node["log"]?.ToString() ?? string.Empty);
    }

    private static MobuFlock ToFlock(JsonObject node)
    {
        // Only name, config and monkey states are kept: the monkeys' user objects hold live tokens.
        var config = node["config"] as JsonObject ?? [];
        var monkeys = node["monkeys"] as JsonArray ?? [];
        return new MobuFlock
        {
            Name = node["name"]?.ToString() ?? string.Empty,
            Config = config.ToJsonString(),
            Business = config["business"]?["type"]?.ToString(),
            MonkeyCount = monkeys.Count,
            MonkeyStates = monkeys.Select(m => m?["state"]?.ToString() ?? "UNKNOWN").ToList(),
        };
    }

    private RspException Malformed(string target) =>
        new("Mobu.MalformedResponse", ErrorKind.Malformed, $"{_http.Service} sent a reply of an unexpected shape ({target}).", target, "Check that the address points at mobu itself.");

    private async Task<JsonNode?> SendAsync(HttpMethod method, string relative, byte[]? body, string target, CancellationToken cancellationToken)
    {
        var uri = new Uri(_root, relative);
        using var response = await _http.SendAsync(() =>
        {
            var request = ServiceHttpClient.JsonRequest(method, uri, body);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            if (bytes.Length == 0)
            {
                return null;
            }

            try
            {
                return JsonNode.Parse(bytes);
            }
            catch (JsonException e)
            {
                throw new RspException("Mobu.MalformedResponse", ErrorKind.Malformed, $"{_http.Service} sent a reply that is not JSON ({method} {uri.AbsolutePath}).", target, "Check that the address points at mobu itself, not at a proxy or login page.", e);
            }
        }

        if (ServiceHttpClient.IsLoginRedirect(response))
        {
            throw _http.StatusError(response, target: target);
        }

        string? detail = null;
        try
        {
            detail = JsonNode.Parse(bytes)?["detail"]?[0]?["msg"]?.ToString();
        }
        catch (JsonException)
        {
        }

        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound when relative.StartsWith("flocks/", StringComparison.Ordinal) => new RspException("Mobu.FlockNotFound", ErrorKind.NotFound, $"{_http.Service} runs no flock '{target}'.", target, "List the running flocks first."),
            HttpStatusCode.Forbidden => new RspException("Mobu.Forbidden", ErrorKind.Forbidden, $"{_http.Service} refused the token for {method} {uri.AbsolutePath}: it lacks the exec:admin scope.", target, "Use a Gafaelfawr token with the exec:admin scope."),
            _ => _http.StatusError(response, detail, target),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
