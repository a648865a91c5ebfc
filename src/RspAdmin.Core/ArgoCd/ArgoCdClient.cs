using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RspAdmin.Core.Http;

namespace RspAdmin.Core.ArgoCd;

/// <summary>
/// Argo CD's REST API (v2.7 shapes) through the one HTTP stack: log in (session) or use a bearer token; read and
/// list applications; sync (prune, dry run, resources, options, revision) refusing an application with auto-sync
/// or a running operation; wait exactly as <c>argocd app wait</c> does; managed resources; delete one live
/// resource; the <c>restart</c> action. gRPC-gateway errors become <see cref="RspException"/>s <c>ArgoCd.*</c>.
/// The token is sent only as an Authorization header; it never appears in a log, message or returned object.
/// </summary>
public sealed class ArgoCdClient : IDisposable
{
    private readonly ServiceHttpClient _http;
    private readonly Uri _api;
    private readonly string _token;

    private ArgoCdClient(ServiceHttpClient http, Uri api, string token)
    {
        _http = http;
        _api = api;
        _token = token;
    }

    /// <summary>Polling interval of <see cref="WaitAsync"/> during its first seconds (then it backs off to 1 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>A client that sends <paramref name="token"/> (from a session or <c>argocd account generate-token</c>).</summary>
    /// <param name="baseUrl">Argo CD's URL including its base path, for example <c>https://host/argo-cd</c>.</param>
    /// <param name="token">The bearer token.</param>
    /// <param name="options">Retries, time limits and the request log.</param>
    /// <param name="handler">A message handler for tests; null for the stack's own.</param>
    public static ArgoCdClient WithToken(Uri baseUrl, string token, HttpServiceOptions? options = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(token);
        var root = baseUrl.ToString().TrimEnd('/') + "/api/v1/";
        return new ArgoCdClient(new ServiceHttpClient("ArgoCd", $"Argo CD at {baseUrl.ToString().TrimEnd('/')}", options, handler, failureFactory: null), new Uri(root), token);
    }

    /// <summary>Logs in (<c>POST /api/v1/session</c>) and returns a client that uses the session token.</summary>
    /// <exception cref="RspException"><c>ArgoCd.LoginFailed</c> when the user name or password is wrong.</exception>
    public static async Task<ArgoCdClient> LoginAsync(Uri baseUrl, string username, string password, HttpServiceOptions? options = null, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var client = WithToken(baseUrl, "login", options, handler);
        try
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["username"] = username, ["password"] = password });
            using var response = await client._http.SendAsync(() => ServiceHttpClient.JsonRequest(HttpMethod.Post, new Uri(client._api, "session"), body), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new RspException("ArgoCd.LoginFailed", ErrorKind.Unauthorized, $"{client._http.Service} refused the login of user '{username}'.", client._http.Service, "Check the user name and password, or use a token.");
            }

            var node = await client.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            var token = node["token"]?.GetValue<string>();
            if (string.IsNullOrEmpty(token))
            {
                throw new RspException("ArgoCd.MalformedResponse", ErrorKind.Malformed, $"{client._http.Service} answered the login without a token.", client._http.Service);
            }

            var http = client._http;
            return new ArgoCdClient(http, client._api, token);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Reads one application.</summary>
    /// <param name="name">The application.</param>
    /// <param name="project">Its project: with it a missing application is <c>ArgoCd.ApplicationNotFound</c>; without it Argo CD answers 403 (<c>ArgoCd.PermissionDenied</c>).</param>
    /// <param name="refresh">Ask Argo CD to compare with the source first (<c>?refresh=normal</c>).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public async Task<ArgoCdApplication> GetAsync(string name, string? project = null, bool refresh = false, CancellationToken cancellationToken = default)
    {
        var node = await GetNodeAsync(name, project, refresh, cancellationToken).ConfigureAwait(false);
        return ArgoCdParser.Application(node);
    }

    /// <summary>Lists applications, optionally by label selector (<c>argocd.argoproj.io/instance=science-platform</c>).</summary>
    public async Task<IReadOnlyList<ArgoCdApplication>> ListAsync(string? selector = null, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(_api, "applications" + (string.IsNullOrEmpty(selector) ? string.Empty : "?selector=" + Uri.EscapeDataString(selector)));
        var node = await SendAsync(HttpMethod.Get, uri, null, "applications", cancellationToken).ConfigureAwait(false);
        return (node["items"] as JsonArray ?? []).OfType<JsonObject>().Select(ArgoCdParser.Application).ToList();
    }

    /// <summary>The JSON body of a sync request (<c>applicationApplicationSyncRequest</c>).</summary>
    public static byte[] SyncBody(string name, ArgoCdSyncRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject { ["name"] = name, ["prune"] = request.Prune, ["dryRun"] = request.DryRun, ["strategy"] = new JsonObject { ["hook"] = new JsonObject() } };
        if (!string.IsNullOrEmpty(request.Revision))
        {
            body["revision"] = request.Revision;
        }

        if (request.SyncOptions is { Count: > 0 } options)
        {
            body["syncOptions"] = new JsonObject { ["items"] = new JsonArray(options.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()) };
        }

        if (request.Resources is { Count: > 0 } resources)
        {
            var list = new JsonArray();
            foreach (var r in resources)
            {
                var item = new JsonObject { ["group"] = r.Group, ["kind"] = r.Kind, ["name"] = r.Name };
                if (!string.IsNullOrEmpty(r.Namespace))
                {
                    item["namespace"] = r.Namespace;
                }

                list.Add(item);
            }

            body["resources"] = list;
        }

        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    /// <summary>
    /// Starts a sync. Refuses with <c>ArgoCd.AutoSyncEnabled</c> when the application has automated sync and with
    /// <c>ArgoCd.OperationInProgress</c> while an operation runs (also when Argo CD itself answers so). Returns
    /// the application as Argo CD answered (with the operation set).
    /// </summary>
    public async Task<ArgoCdApplication> SyncAsync(string name, ArgoCdSyncRequest request, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (current.AutoSync)
        {
            throw new RspException("ArgoCd.AutoSyncEnabled", ErrorKind.InvalidOperation, $"Application {name} has automated sync (spec.syncPolicy.automated); a manual step could race it. Turn auto-sync off for the window first.", name);
        }

        if (current.OperationRunning)
        {
            throw OperationInProgress(name);
        }

        var node = await SendAsync(HttpMethod.Post, new Uri(_api, $"applications/{Uri.EscapeDataString(name)}/sync"), SyncBody(name, request), name, cancellationToken).ConfigureAwait(false);
        return ArgoCdParser.Application(node);
    }

    /// <summary>
    /// Waits as <c>argocd app wait</c> does: until no operation runs, the operation state has finished and (unless it
    /// was a dry run) Argo CD has reconciled since; with <paramref name="healthy"/> also until Synced and Healthy.
    /// Fails with <c>ArgoCd.Timeout</c> (nothing is cancelled on the server) when <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<ArgoCdApplication> WaitAsync(string name, TimeSpan timeout, bool healthy = false, CancellationToken cancellationToken = default)
    {
        var started = DateTime.UtcNow;
        ArgoCdApplication? last = null;
        while (true)
        {
            last = await GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            var op = last.Operation;
            var finished = !last.OperationRunning && op?.FinishedAt is { } f && (op.DryRun || (last.ReconciledAt is { } r && r >= f));
            if (finished && (!healthy || op!.Phase != "Succeeded" || (last.SyncStatus == "Synced" && last.HealthStatus == "Healthy")))
            {
                return last;
            }

            var elapsed = DateTime.UtcNow - started;
            if (elapsed >= timeout)
            {
                throw new RspException("ArgoCd.Timeout", ErrorKind.Timeout,
                    $"Application {name} did not finish within {timeout.TotalSeconds:0.#} s (operation {(last.OperationRunning ? "still running" : op?.Phase ?? "none")}, {last.SyncStatus}, {last.HealthStatus}). The operation was not cancelled; check it in Argo CD and wait again.", name);
            }

            var pause = elapsed < TimeSpan.FromSeconds(5) ? PollInterval : TimeSpan.FromSeconds(1);
            var left = timeout - elapsed;
            await Task.Delay(pause < left ? pause : left, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Each managed object's desired and live state.</summary>
    public async Task<IReadOnlyList<ArgoCdManagedResource>> GetManagedResourcesAsync(string name, CancellationToken cancellationToken = default)
    {
        var node = await SendAsync(HttpMethod.Get, new Uri(_api, $"applications/{Uri.EscapeDataString(name)}/managed-resources"), null, name, cancellationToken).ConfigureAwait(false);
        return (node["items"] as JsonArray ?? []).OfType<JsonObject>().Select(i => new ArgoCdManagedResource(
            Str(i, "group"), Str(i, "kind"), Str(i, "namespace"), Str(i, "name"),
            i["targetState"]?.GetValue<string>(), i["liveState"]?.GetValue<string>(), i["modified"]?.GetValue<bool>() ?? false)).ToList();
    }

    /// <summary>Deletes one live resource of an application (for example the hub Deployment).</summary>
    public async Task DeleteResourceAsync(string name, ArgoCdResourceRef resource, bool force = false, bool orphan = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var uri = new Uri(_api, $"applications/{Uri.EscapeDataString(name)}/resource?{ResourceQuery(resource)}{(force ? "&force=true" : string.Empty)}{(orphan ? "&orphan=true" : string.Empty)}");
        await SendAsync(HttpMethod.Delete, uri, null, $"{name} {resource}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the <c>restart</c> resource action on a Deployment of an application.</summary>
    public async Task RestartAsync(string name, ArgoCdResourceRef deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var uri = new Uri(_api, $"applications/{Uri.EscapeDataString(name)}/resource/actions?{ResourceQuery(deployment)}");
        await SendAsync(HttpMethod.Post, uri, Encoding.UTF8.GetBytes("\"restart\""), $"{name} {deployment}", cancellationToken).ConfigureAwait(false);
    }

    private static string ResourceQuery(ArgoCdResourceRef r) =>
        $"namespace={Uri.EscapeDataString(r.Namespace ?? string.Empty)}&resourceName={Uri.EscapeDataString(r.Name)}&version={Uri.EscapeDataString(r.Version)}&group={Uri.EscapeDataString(r.Group)}&kind={Uri.EscapeDataString(r.Kind)}";

    private Task<JsonObject> GetNodeAsync(string name, string? project, bool refresh, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var query = new List<string>();
        if (refresh)
        {
            query.Add("refresh=normal");
        }

        if (!string.IsNullOrEmpty(project))
        {
            query.Add("project=" + Uri.EscapeDataString(project));
        }

        return SendAsync(HttpMethod.Get, new Uri(_api, $"applications/{Uri.EscapeDataString(name)}{(query.Count == 0 ? string.Empty : "?" + string.Join('&', query))}"), null, name, cancellationToken);
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, Uri uri, byte[]? body, string target, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(() =>
        {
            var request = ServiceHttpClient.JsonRequest(method, uri, body);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }

        throw await ErrorAsync(response, target, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RspException> ErrorAsync(HttpResponseMessage response, string target, CancellationToken cancellationToken)
    {
        if (ServiceHttpClient.IsLoginRedirect(response))
        {
            return _http.StatusError(response, target: target);
        }

        string? message = null;
        int? code = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (JsonNode.Parse(text) is JsonObject error)
            {
                message = (error["message"] ?? error["error"])?.GetValue<string>();
                code = error["code"]?.GetValue<int>();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
        }

        if (code == 9 || (message?.Contains("another operation is already in progress", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return OperationInProgress(target);
        }

        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new RspException("ArgoCd.Unauthorized", ErrorKind.Unauthorized, $"{_http.Service} refused the token ({message ?? "invalid session"}).", target, "Log in again or pass a valid token; a session token expires."),
            HttpStatusCode.Forbidden => new RspException("ArgoCd.PermissionDenied", ErrorKind.Forbidden, $"{_http.Service} denied access to '{target}': it does not exist or the token may not use it.", target, "Check the application name (Argo CD hides missing applications behind 403), or give the project."),
            HttpStatusCode.NotFound => new RspException("ArgoCd.NotFound", ErrorKind.NotFound, $"{_http.Service}: '{target}' was not found{(message is null ? "." : ": " + message)}", target),
            _ => _http.StatusError(response, message, target),
        };
    }

    private RspException OperationInProgress(string name) =>
        new("ArgoCd.OperationInProgress", ErrorKind.Conflict, $"Application {name} has an operation in progress; wait for it to finish (do not retry blindly).", name);

    private async Task<JsonObject> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            throw new RspException("ArgoCd.MalformedResponse", ErrorKind.Malformed, $"{_http.Service} sent a reply that is not the expected JSON object ({response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}).", _http.Service, "Check that the address points at Argo CD's API (with its base path), not at a proxy or login page.", e);
        }
    }

    private static string Str(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}

/// <summary>Reads Argo CD's JSON into the client's records.</summary>
internal static class ArgoCdParser
{
    public static ArgoCdApplication Application(JsonObject node)
    {
        var status = node["status"] as JsonObject;
        var opState = status?["operationState"] as JsonObject;
        return new ArgoCdApplication
        {
            Name = S(node["metadata"]?["name"]) ?? string.Empty,
            Project = S(node["spec"]?["project"]),
            SyncStatus = S(status?["sync"]?["status"]) ?? "Unknown",
            HealthStatus = S(status?["health"]?["status"]) ?? "Unknown",
            Revision = S(status?["sync"]?["revision"]),
            AutoSync = node["spec"]?["syncPolicy"]?["automated"] is JsonObject,
            OperationRunning = node["operation"] is JsonObject,
            ReconciledAt = Time(status?["reconciledAt"]),
            Operation = opState is null ? null : new ArgoCdOperationState
            {
                Phase = S(opState["phase"]) ?? "Unknown",
                Message = S(opState["message"]),
                StartedAt = Time(opState["startedAt"]),
                FinishedAt = Time(opState["finishedAt"]),
                Revision = S(opState["syncResult"]?["revision"]) ?? S(opState["operation"]?["sync"]?["revision"]),
                DryRun = B(opState["operation"]?["sync"]?["dryRun"]),
                Prune = B(opState["operation"]?["sync"]?["prune"]),
                Resources = (opState["syncResult"]?["resources"] as JsonArray ?? []).OfType<JsonObject>().Select(r => new ArgoCdResourceResult
                {
                    Group = S(r["group"]) ?? string.Empty,
                    Kind = S(r["kind"]) ?? string.Empty,
                    Namespace = S(r["namespace"]) ?? string.Empty,
                    Name = S(r["name"]) ?? string.Empty,
                    Status = S(r["status"]) ?? string.Empty,
                    Message = S(r["message"]),
                }).ToList(),
            },
            Resources = (status?["resources"] as JsonArray ?? []).OfType<JsonObject>().Select(r => new ArgoCdResourceStatus
            {
                Group = S(r["group"]) ?? string.Empty,
                Version = S(r["version"]) ?? string.Empty,
                Kind = S(r["kind"]) ?? string.Empty,
                Namespace = S(r["namespace"]) ?? string.Empty,
                Name = S(r["name"]) ?? string.Empty,
                Status = S(r["status"]) ?? string.Empty,
                Health = S(r["health"]?["status"]),
                RequiresPruning = B(r["requiresPruning"]),
            }).ToList(),
        };
    }

    private static string? S(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool B(JsonNode? n) => n is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static DateTimeOffset? Time(JsonNode? n) =>
        S(n) is { Length: > 0 } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
