using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using RspAdmin.Sandbox.Hub;
using RspAdmin.Sandbox.Scenario;
using RspAdmin.Sandbox.Services;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Mobu;

/// <summary>
/// A simulated mobu (6.x routes under <c>/mobu</c>) behind Gafaelfawr. It runs while the Deployment
/// <c>mobu/mobu</c> exists; whenever that Deployment's pods (re)start it reads ConfigMap
/// <c>mobu/mobu-autostart</c> and starts those flocks again, as the real one does (state is memory-only).
/// Every monkey holds a freshly issued bot token, returned in <c>monkeys[].user.token</c> as mobu does.
/// </summary>
public sealed class MobuServer
{
    private readonly ScenarioMobu _settings;
    private readonly ObjectStore _store;
    private readonly Gafaelfawr _auth;
    private readonly object _gate = new();
    private readonly SortedDictionary<string, Flock> _flocks = new(StringComparer.Ordinal);
    private readonly List<string> _issued = [];
    private bool _running;

    public MobuServer(ScenarioMobu settings, ObjectStore store, Gafaelfawr auth, DeploymentController deployments)
    {
        _settings = settings;
        _store = store;
        _auth = auth;
        deployments.Restarted += (ns, name, exists) =>
        {
            if (ns == "mobu" && name == "mobu")
            {
                Restart(exists);
            }
        };
    }

    /// <summary>Every monkey token issued so far (for leak scans in tests).</summary>
    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (_gate)
            {
                return _issued.ToList();
            }
        }
    }

    /// <summary>How many times mobu started (its Deployment was created or restarted).</summary>
    public int Starts { get; private set; }

    private void Restart(bool exists)
    {
        lock (_gate)
        {
            _flocks.Clear();
            _running = exists;
            if (!exists)
            {
                return;
            }

            Starts++;
            var cm = _store.TryGet(_store.Catalog.ConfigMaps, "mobu", "mobu-autostart")?.Value as V1ConfigMap;
            if (cm?.Data.Get("autostart.yaml") is { } text && JsonNode.Parse(text) is JsonArray entries)
            {
                foreach (var entry in entries.OfType<JsonObject>())
                {
                    Start(entry.DeepClone().AsObject());
                }
            }
        }
    }

    private Flock Start(JsonObject config)
    {
        var name = config["name"]?.GetValue<string>() ?? "flock";
        var count = config["count"] is JsonValue c ? (c.TryGetValue<int>(out var n) ? n : int.TryParse(c.ToString(), out var m) ? m : 1) : 1;
        var prefix = config["user_spec"]?["username_prefix"]?.GetValue<string>() ?? $"bot-mobu-{name}";
        var users = config["users"] as JsonArray;
        var flock = new Flock(name, config);
        for (var i = 0; i < count; i++)
        {
            var username = users?.ElementAtOrDefault(i)?["username"]?.GetValue<string>() ?? (count == 1 ? prefix : $"{prefix}{i + 1}");
            var token = "gt-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(11));
            _issued.Add(token);
            flock.Monkeys.Add((username, token));
        }

        _flocks[name] = flock;
        return flock;
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/mobu/flocks", (HttpContext c) => Guard(c, () => Results.Json(_flocks.Keys.ToList())));
        app.MapGet("/mobu/flocks/{flock}", (HttpContext c, string flock) => Guard(c, () => _flocks.TryGetValue(flock, out var f) ? Results.Json(Data(f)) : NotFound(flock)));
        app.MapDelete("/mobu/flocks/{flock}", (HttpContext c, string flock) => Guard(c, () => _flocks.Remove(flock) ? Results.NoContent() : NotFound(flock)));
        app.MapGet("/mobu/summary", (HttpContext c) => Guard(c, () => Results.Json(_flocks.Values.Select(f => new { name = f.Name, business = f.Config["business"]?["type"]?.GetValue<string>(), start_time = f.Started, monkey_count = f.Monkeys.Count, success_count = 0, failure_count = 0 }))));
        app.MapPut("/mobu/flocks", async (HttpContext c) =>
        {
            var body = await ReadAsync(c).ConfigureAwait(false);
            return Guard(c, () =>
            {
                if (body?["name"] is null || body["business"] is null)
                {
                    return Invalid("body", "name and business are required");
                }

                var f = Start(body.DeepClone().AsObject());
                return Results.Json(Data(f), statusCode: 201);
            });
        });
        app.MapPost("/mobu/run", async (HttpContext c) =>
        {
            var body = await ReadAsync(c).ConfigureAwait(false);
            return Guard(c, () =>
            {
                if (body?["business"]?["type"] is null || body["user"]?["username"] is null)
                {
                    return Invalid("body", "user.username and business.type are required");
                }

                var prefix = body["business"]?["options"]?["url_prefix"]?.GetValue<string>() ?? "/nb/";
                var up = HubRoutes.Answer(_store, prefix.TrimEnd('/'));
                var ok = _settings.RunSucceeds && up.Status == 200;
                var log = $"Logging in to hub at {prefix}\n" + (ok ? "Spawning lab\nLab spawned\nRunning code\n4\nLab successfully deleted\n" : $"Hub at {prefix} answered {up.Status}\n");
                return Results.Json(new { success = ok, error = ok ? null : $"Lab test against {prefix} failed: hub answered {up.Status}", log });
            });
        });
    }

    private static async Task<JsonNode?> ReadAsync(HttpContext c)
    {
        try
        {
            return await JsonNode.ParseAsync(c.Request.Body, cancellationToken: c.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private IResult Guard(HttpContext context, Func<IResult> action)
    {
        if (_auth.Check(context) is { } redirect)
        {
            return redirect;
        }

        lock (_gate)
        {
            return _running ? action() : Results.Text("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", "text/html", statusCode: 503);
        }
    }

    private static IResult NotFound(string flock) =>
        Results.Json(new { detail = new[] { new { loc = new[] { "path", "flock" }, msg = $"Flock {flock} not found", type = "flock_not_found" } } }, statusCode: 404);

    private static IResult Invalid(string where, string msg) =>
        Results.Json(new { detail = new[] { new { loc = new[] { where }, msg, type = "value_error" } } }, statusCode: 422);

    private static JsonObject Data(Flock f)
    {
        var monkeys = new JsonArray();
        foreach (var (user, token) in f.Monkeys)
        {
            monkeys.Add(new JsonObject
            {
                ["name"] = user,
                ["state"] = "RUNNING",
                ["user"] = new JsonObject { ["username"] = user, ["scopes"] = f.Config["scopes"]?.DeepClone() ?? new JsonArray(), ["token"] = token },
                ["business"] = new JsonObject { ["name"] = f.Config["business"]?["type"]?.GetValue<string>(), ["failure_count"] = 0, ["success_count"] = 1, ["timings"] = new JsonArray() },
            });
        }

        return new JsonObject { ["name"] = f.Name, ["config"] = f.Config.DeepClone(), ["monkeys"] = monkeys };
    }

    private sealed class Flock(string name, JsonObject config)
    {
        public string Name { get; } = name;

        public JsonObject Config { get; } = config;

        public string Started { get; } = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

        public List<(string User, string Token)> Monkeys { get; } = [];
    }
}
