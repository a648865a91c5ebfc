using System.Text.Json;
using System.Text.Json.Nodes;
using RspAdmin.Sandbox.Scenario;
using RspAdmin.Sandbox.Services;

namespace RspAdmin.Sandbox.Vault;

/// <summary>
/// A simulated Vault with one KV version 2 engine mounted at <c>secret</c>: data read, write (with <c>cas</c>),
/// merge patch, soft delete, undelete, metadata, list and metadata delete. Tokens (<c>X-Vault-Token</c> or
/// <c>Authorization: Bearer</c>) carry capabilities on the whole mount; anything else is 403 permission denied.
/// </summary>
public sealed class VaultServer
{
    private readonly Dictionary<string, HashSet<string>> _tokens;
    private readonly ServiceTokens _book;
    private readonly object _gate = new();
    private readonly SortedDictionary<string, List<Version>> _secrets = new(StringComparer.Ordinal);

    public VaultServer(ScenarioVault scenario, ServiceTokens book)
    {
        _book = book;
        _tokens = scenario.Tokens.ToDictionary(t => t.Token, t => t.Capabilities.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (path, data) in scenario.Secrets)
        {
            var v = new Version(new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))), Now());
            if (scenario.Deleted.Contains(path))
            {
                v.DeletionTime = Now();
            }

            _secrets[path.Trim('/')] = [v];
        }
    }

    /// <summary>The current data of a secret (tests compare values byte for byte), or null.</summary>
    public IReadOnlyDictionary<string, string>? Current(string path)
    {
        lock (_gate)
        {
            return _secrets.TryGetValue(path, out var versions) && versions[^1] is { Deleted: false } v
                ? v.Data.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? string.Empty)
                : null;
        }
    }

    public void Map(WebApplication app)
    {
        app.MapMethods("/v1/secret/data/{**path}", ["GET", "POST", "PUT", "PATCH", "DELETE"], (HttpContext c, string path) => HandleAsync(c, "data", path));
        app.MapMethods("/v1/secret/metadata/{**path}", ["GET", "LIST", "DELETE"], (HttpContext c, string path) => HandleAsync(c, "metadata", path));
        app.MapMethods("/v1/secret/metadata", ["GET", "LIST"], (Delegate)((HttpContext c) => HandleAsync(c, "metadata", string.Empty)));
        app.MapPost("/v1/secret/undelete/{**path}", (HttpContext c, string path) => HandleAsync(c, "undelete", path));
    }

    private async Task<IResult> HandleAsync(HttpContext context, string area, string path)
    {
        path = path.Trim('/');
        var method = context.Request.Method;
        var list = method == "LIST" || (method == "GET" && area == "metadata" && context.Request.Query["list"] == "true");
        var needed = (area, method) switch
        {
            _ when list => "list",
            ("data", "GET") or ("metadata", "GET") => "read",
            ("data", "PATCH") => "patch",
            ("data", "POST" or "PUT") => Exists(path) ? "update" : "create",
            ("undelete", _) => "update",
            _ => "delete",
        };
        if (!Allowed(context, needed))
        {
            return Errors(403, "permission denied");
        }

        JsonNode? body = null;
        if (method is "POST" or "PUT" or "PATCH")
        {
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                return Errors(400, "error parsing JSON: " + e.Message);
            }
        }

        lock (_gate)
        {
            _secrets.TryGetValue(path, out var versions);
            var latest = versions?[^1];
            switch (area, method)
            {
                case ("metadata", _) when list:
                    var prefix = path.Length == 0 ? string.Empty : path + "/";
                    var keys = _secrets.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                        .Select(k => k[prefix.Length..]).Select(k => k.Contains('/') ? k[..(k.IndexOf('/') + 1)] : k).Distinct().ToList();
                    return keys.Count == 0 ? Errors(404) : Results.Json(new { data = new { keys } });
                case ("data", "GET"):
                    if (latest is null)
                    {
                        return Errors(404);
                    }

                    var read = new JsonObject { ["data"] = new JsonObject { ["data"] = latest.Deleted ? null : latest.Data.DeepClone(), ["metadata"] = Meta(latest, versions!.Count) } };
                    return Results.Json(read, statusCode: latest.Deleted ? 404 : 200);
                case ("metadata", "GET"):
                    if (versions is null)
                    {
                        return Errors(404);
                    }

                    var all = new JsonObject();
                    for (var i = 0; i < versions.Count; i++)
                    {
                        all[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject { ["created_time"] = versions[i].Created, ["deletion_time"] = versions[i].DeletionTime ?? string.Empty, ["destroyed"] = false };
                    }

                    return Results.Json(new JsonObject { ["data"] = new JsonObject { ["current_version"] = versions.Count, ["oldest_version"] = 1, ["max_versions"] = 0, ["created_time"] = versions[0].Created, ["updated_time"] = latest!.Created, ["custom_metadata"] = null, ["versions"] = all } });
                case ("data", "POST" or "PUT"):
                    if (body?["data"] is not JsonObject data)
                    {
                        return Errors(400, "no data provided");
                    }

                    if (body["options"]?["cas"] is JsonNode casNode)
                    {
                        var cas = casNode.GetValue<int>();
                        if (cas != (versions?.Count ?? 0))
                        {
                            return Errors(400, "check-and-set parameter did not match the current version");
                        }
                    }

                    return Write(path, versions, data.DeepClone().AsObject());
                case ("data", "PATCH"):
                    if (context.Request.ContentType?.StartsWith("application/merge-patch+json", StringComparison.Ordinal) != true)
                    {
                        return Errors(415, "Content-Type must be application/merge-patch+json");
                    }

                    if (latest is null || latest.Deleted)
                    {
                        return Errors(404);
                    }

                    if (body?["data"] is not JsonObject patch)
                    {
                        return Errors(400, "no data provided");
                    }

                    var merged = latest.Data.DeepClone().AsObject();
                    foreach (var (k, v) in patch)
                    {
                        if (v is null)
                        {
                            merged.Remove(k);
                        }
                        else
                        {
                            merged[k] = v.DeepClone();
                        }
                    }

                    return Write(path, versions, merged);
                case ("data", "DELETE"):
                    if (latest is not null)
                    {
                        latest.DeletionTime ??= Now();
                    }

                    return Results.NoContent();
                case ("metadata", "DELETE"):
                    _secrets.Remove(path);
                    return Results.NoContent();
                case ("undelete", _):
                    if (versions is not null && body?["versions"] is JsonArray numbers)
                    {
                        foreach (var n in numbers)
                        {
                            var i = n!.GetValue<int>();
                            if (i >= 1 && i <= versions.Count)
                            {
                                versions[i - 1].DeletionTime = null;
                            }
                        }
                    }

                    return Results.NoContent();
                default:
                    return Errors(405);
            }
        }
    }

    private IResult Write(string path, List<Version>? versions, JsonObject data)
    {
        var v = new Version(data, Now());
        if (versions is null)
        {
            _secrets[path] = versions = [];
        }

        versions.Add(v);
        return Results.Json(new JsonObject { ["data"] = Meta(v, versions.Count) });
    }

    private static JsonObject Meta(Version v, int number) => new()
    {
        ["created_time"] = v.Created,
        ["custom_metadata"] = null,
        ["deletion_time"] = v.DeletionTime ?? string.Empty,
        ["destroyed"] = false,
        ["version"] = number,
    };

    private bool Exists(string path)
    {
        lock (_gate)
        {
            return _secrets.ContainsKey(path);
        }
    }

    private bool Allowed(HttpContext context, string capability)
    {
        var token = context.Request.Headers["X-Vault-Token"].ToString();
        if (token.Length == 0)
        {
            token = ServiceTokens.Bearer(context) ?? string.Empty;
        }

        return _tokens.TryGetValue(token, out var caps) && !_book.IsRevoked(token) && caps.Contains(capability);
    }

    private static IResult Errors(int status, params string[] errors) => Results.Json(new { errors }, statusCode: status);

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Version(JsonObject data, string created)
    {
        public JsonObject Data { get; } = data;

        public string Created { get; } = created;

        public string? DeletionTime { get; set; }

        public bool Deleted => DeletionTime is not null;
    }
}
