using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RspAdmin.Core.Http;

namespace RspAdmin.Core.Hub;

/// <summary>What a hub route answers.</summary>
public enum HubRouteState
{
    /// <summary>The hub answered with its version.</summary>
    Up,

    /// <summary>No hub behind the route (503/502 from the proxy or ingress, or no route: 404).</summary>
    Down,

    /// <summary>Gafaelfawr redirected to its login page or refused the token: the route's state is unknown.</summary>
    AuthFailed,
}

/// <summary>The result of probing one hub route.</summary>
public sealed record HubRouteStatus
{
    /// <summary>Creates the result of a probe.</summary>
    /// <param name="route">The route probed (<c>/nb</c>).</param>
    /// <param name="state">What the route answered.</param>
    /// <param name="version">The hub's version when it is Up.</param>
    /// <param name="statusCode">The HTTP status of the answer.</param>
    /// <param name="url">The URL probed.</param>
    public HubRouteStatus(string route, HubRouteState state, string? version, int statusCode, string url)
    {
        Route = route;
        StateValue = state;
        Version = version;
        StatusCode = statusCode;
        Url = url;
    }

    /// <summary>The route probed (<c>/nb</c>).</summary>
    public string Route { get; init; }

    /// <summary>
    /// What the route answered, by name (Up, Down, AuthFailed), as ConvertTo-Json and Export-Csv write it;
    /// <see cref="GetState"/> gives the enumeration value.
    /// </summary>
    public string State => StateValue.ToString();

    /// <summary>The hub's version when it is Up; null otherwise.</summary>
    public string? Version { get; init; }

    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; init; }

    /// <summary>The URL probed.</summary>
    public string Url { get; init; }

    /// <summary>What the route answered, as an enumeration value.</summary>
    internal HubRouteState StateValue { get; init; }

    /// <summary>What the route answered, as an enumeration value (for code; <see cref="State"/> is its name).</summary>
    public HubRouteState GetState() => StateValue;
}

/// <summary>
/// The JupyterHub routes (<c>GET &lt;baseUrl&gt;/hub/api/</c>) and the nublado v3 controller (<c>GET /nublado/spawner/v1/labs</c>)
/// behind Gafaelfawr, through the one HTTP stack. Probes are not retried (a Down route answers at once); a 302 to
/// <c>/login</c> is AuthFailed for a probe and <c>Auth.TokenRejected</c> for the controller.
/// </summary>
public sealed class HubRouteClient : IDisposable
{
    private readonly ServiceHttpClient _http;
    private readonly string _base;
    private readonly string _token;

    /// <summary>Creates a client for the site at <paramref name="baseUrl"/> (<c>https://host</c>).</summary>
    public HubRouteClient(Uri baseUrl, string token, HttpServiceOptions? options = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(token);
        _base = baseUrl.ToString().TrimEnd('/');
        _token = token;
        _http = new ServiceHttpClient("Hub", $"the hubs at {_base}", (options ?? new HttpServiceOptions()) with { MaxRetries = 0 }, handler, failureFactory: f => new HubUnavailableException(f));
    }

    /// <summary>Probes <paramref name="route"/> (<c>/nb</c>, <c>/n2</c>, <c>/n3</c>).</summary>
    public async Task<HubRouteStatus> TestAsync(string route, CancellationToken cancellationToken = default)
    {
        var path = "/" + route.Trim('/');
        var url = $"{_base}{path}/hub/api/";
        HttpResponseMessage answer;
        try
        {
            answer = await SendAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (HubUnavailableException e) when (e.StatusCode is { } status)
        {
            return new HubRouteStatus(path, HubRouteState.Down, null, (int)status, url);
        }

        using var response = answer;
        var code = (int)response.StatusCode;
        if (ServiceHttpClient.IsLoginRedirect(response) || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new HubRouteStatus(path, HubRouteState.AuthFailed, null, code, url);
        }

        if (response.IsSuccessStatusCode)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var version = JsonNode.Parse(bytes)?["version"]?.ToString();
                if (version is not null)
                {
                    return new HubRouteStatus(path, HubRouteState.Up, version, code, url);
                }
            }
            catch (JsonException)
            {
            }

            throw new RspException("Hub.MalformedResponse", ErrorKind.Malformed, $"{url} answered 200 without a hub version; the route does not lead to a JupyterHub API.", path, "Check the route and that it is a hub's baseUrl.");
        }

        return new HubRouteStatus(path, HubRouteState.Down, null, code, url);
    }

    /// <summary>The users with running labs according to the nublado v3 controller at <paramref name="controllerPath"/>.</summary>
    public async Task<IReadOnlyList<string>> GetLabsAsync(string controllerPath = "/nublado", CancellationToken cancellationToken = default)
    {
        var url = $"{_base}/{controllerPath.Trim('/')}/spawner/v1/labs";
        using var response = await SendAsync(url, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw _http.StatusError(response, target: controllerPath);
        }

        try
        {
            var node = JsonNode.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)) as JsonArray ?? throw new JsonException("not an array");
            return node.Select(n => n?.GetValue<string>() ?? string.Empty).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new RspException("Hub.MalformedResponse", ErrorKind.Malformed, $"{url} did not answer a list of user names.", controllerPath, "Check that the path leads to the nublado controller.", e);
        }
    }

    private Task<HttpResponseMessage> SendAsync(string url, CancellationToken cancellationToken) =>
        _http.SendAsync(() =>
        {
            var request = ServiceHttpClient.JsonRequest(HttpMethod.Get, new Uri(url));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
            return request;
        }, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}

/// <summary>A hub call that got no usable answer; <see cref="StatusCode"/> is the last status when there was one (502, 503, 504).</summary>
public sealed class HubUnavailableException(HttpFailure failure)
    : RspException($"Hub.{failure.Reason}", failure.Reason == HttpFailureReason.Timeout ? ErrorKind.Timeout : ErrorKind.Unavailable, $"{failure.Service} {failure.Message} ({failure.Request}).", failure.Service, "Check that the site is up and reachable from here.", failure.Exception)
{
    public HttpStatusCode? StatusCode { get; } = failure.StatusCode;
}
