using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using RspAdmin.Sandbox.Scenario;
using RspAdmin.Sandbox.Services;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.ArgoCd;

/// <summary>
/// A simulated Argo CD (REST API of v2.7) over the sandbox's object store. The app-of-apps renders one
/// Application and one Namespace per application the Phalanx environment enables at HEAD; each child renders
/// the Deployments, Ingresses and ConfigMaps of its chart (see <see cref="PhalanxRenderer"/>). Sync operations
/// run in the background for the configured time, then apply, prune or only report (dry run).
/// </summary>
public sealed class ArgoCdServer
{
    private readonly ScenarioArgoCd _settings;
    private readonly ObjectStore _store;
    private readonly NamespaceLifecycle _namespaces;
    private readonly ServiceTokens _tokens;
    private readonly DeploymentController _deployments;
    private readonly CancellationToken _stopping;
    private readonly object _gate = new();
    private readonly Dictionary<string, AppState> _apps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sessions = new(StringComparer.Ordinal);

    public ArgoCdServer(ScenarioArgoCd settings, PhalanxRenderer renderer, ObjectStore store, NamespaceLifecycle namespaces, ServiceTokens tokens, DeploymentController deployments, CancellationToken stopping)
    {
        _settings = settings;
        Renderer = renderer;
        _store = store;
        _namespaces = namespaces;
        _tokens = tokens;
        _deployments = deployments;
        _stopping = stopping;
        _apps[settings.AppOfApps] = new AppState(settings.AppOfApps, parent: true);
    }

    public PhalanxRenderer Renderer { get; }

    /// <summary>Session tokens issued so far (for leak scans in tests).</summary>
    public IReadOnlyCollection<string> IssuedTokens
    {
        get
        {
            lock (_gate)
            {
                return _sessions.ToList();
            }
        }
    }

    /// <summary>Syncs the app-of-apps and every child to HEAD at once (the world before a window).</summary>
    public void InitialSync()
    {
        var render = Renderer.Render();
        RunSync(_apps[_settings.AppOfApps], render, new SyncRequest(null, prune: true, dryRun: false, null));
        List<AppState> children;
        lock (_gate)
        {
            children = _apps.Values.Where(a => !a.Parent).ToList();
        }

        foreach (var child in children)
        {
            RunSync(child, render, new SyncRequest(null, prune: true, dryRun: false, null));
        }
    }

    public void Map(WebApplication app)
    {
        var api = _settings.BasePath + "/api/v1";
        app.MapPost(api + "/session", (Delegate)((HttpContext c) => SessionAsync(c)));
        app.MapGet(api + "/applications", (HttpContext c) => Guard(c, () => List(c)));
        app.MapGet(api + "/applications/{name}", (HttpContext c, string name) => Guard(c, () => Results.Json(Describe(Find(c, name), Renderer.Render()))));
        app.MapPost(api + "/applications/{name}/sync", (HttpContext c, string name) => GuardAsync(c, () => SyncAsync(c, name)));
        app.MapGet(api + "/applications/{name}/managed-resources", (HttpContext c, string name) => Guard(c, () => ManagedResources(Find(c, name))));
        app.MapDelete(api + "/applications/{name}/resource", (HttpContext c, string name) => Guard(c, () => DeleteResource(c, Find(c, name))));
        app.MapPost(api + "/applications/{name}/resource/actions", (HttpContext c, string name) => GuardAsync(c, () => ActionAsync(c, Find(c, name))));
    }

    private async Task<IResult> SessionAsync(HttpContext context)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return Error(400, 3, "invalid character in request body");
        }

        if (body?["username"]?.GetValue<string>() != _settings.Username || body?["password"]?.GetValue<string>() != _settings.Password)
        {
            return Error(401, 16, "Invalid username or password");
        }

        var token = "argo-session-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_gate)
        {
            _sessions.Add(token);
        }

        return Results.Json(new { token });
    }

    private bool Authorized(HttpContext context)
    {
        var token = ServiceTokens.Bearer(context) ?? context.Request.Cookies["argocd.token"];
        if (token is null || _tokens.IsRevoked(token))
        {
            return false;
        }

        lock (_gate)
        {
            return _sessions.Contains(token) || _settings.Tokens.Contains(token);
        }
    }

    private IResult Guard(HttpContext context, Func<IResult> action)
    {
        if (!Authorized(context))
        {
            return Error(401, 16, "invalid session: token signature is invalid or the token has expired");
        }

        try
        {
            return action();
        }
        catch (ArgoError e)
        {
            return Error(e.Status, e.Code, e.Message);
        }
    }

    private async Task<IResult> GuardAsync(HttpContext context, Func<Task<IResult>> action)
    {
        if (!Authorized(context))
        {
            return Error(401, 16, "invalid session: token signature is invalid or the token has expired");
        }

        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ArgoError e)
        {
            return Error(e.Status, e.Code, e.Message);
        }
    }

    private static IResult Error(int status, int code, string message) =>
        Results.Json(new { error = message, code, message }, statusCode: status);

    private AppState Find(HttpContext context, string name)
    {
        lock (_gate)
        {
            if (_apps.TryGetValue(name, out var state))
            {
                return state;
            }
        }

        // Without ?project= Argo CD does not tell a missing application from a forbidden one.
        throw context.Request.Query.ContainsKey("project")
            ? new ArgoError(404, 5, $"applications.argoproj.io \"{name}\" not found")
            : new ArgoError(403, 7, "permission denied");
    }

    private IResult List(HttpContext context)
    {
        var selector = context.Request.Query["selector"].ToString();
        var wanted = selector.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var render = Renderer.Render();
        List<AppState> apps;
        lock (_gate)
        {
            apps = _apps.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        }

        var items = new JsonArray();
        foreach (var a in apps)
        {
            var labels = a.Parent ? new Dictionary<string, string>() : new Dictionary<string, string> { [PhalanxRenderer.InstanceLabel] = _settings.AppOfApps };
            if (wanted.All(w => labels.TryGetValue(w[0], out var v) && v == w[1]))
            {
                items.Add(Describe(a, render));
            }
        }

        return Results.Json(new JsonObject { ["metadata"] = new JsonObject(), ["items"] = items });
    }

    private async Task<IResult> SyncAsync(HttpContext context, string name)
    {
        var state = Find(context, name);
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new ArgoError(400, 3, "invalid request body: " + e.Message);
        }

        var revision = body?["revision"]?.GetValue<string>();
        var commit = string.IsNullOrEmpty(revision) ? Renderer.Head() : Renderer.Resolve(revision) ?? throw new ArgoError(400, 3, $"rpc error: code = Unknown desc = Unable to resolve '{revision}' to a commit SHA");
        var filter = body?["resources"] is JsonArray resources
            ? resources.Select(r => (Group: r?["group"]?.GetValue<string>() ?? string.Empty, Kind: r?["kind"]?.GetValue<string>() ?? string.Empty, Name: r?["name"]?.GetValue<string>() ?? string.Empty, Namespace: r?["namespace"]?.GetValue<string>() ?? string.Empty)).ToList()
            : null;
        var request = new SyncRequest(filter, body?["prune"]?.GetValue<bool>() ?? false, body?["dryRun"]?.GetValue<bool>() ?? false, revision);
        var options = body?["syncOptions"]?["items"] as JsonArray;
        var settings = _settings.Applications.GetValueOrDefault(name) ?? new ScenarioArgoCdApplication();
        lock (_gate)
        {
            if (state.Operation is not null)
            {
                throw new ArgoError(400, 9, "another operation is already in progress");
            }

            state.Operation = new JsonObject
            {
                ["sync"] = new JsonObject
                {
                    ["revision"] = commit,
                    ["prune"] = request.Prune,
                    ["dryRun"] = request.DryRun,
                    ["syncOptions"] = options is null ? null : new JsonObject { ["items"] = options.DeepClone() },
                    ["resources"] = body?["resources"]?.DeepClone(),
                },
                ["initiatedBy"] = new JsonObject { ["username"] = _settings.Username },
            };
            state.Running = new JsonObject
            {
                ["operation"] = state.Operation.DeepClone(),
                ["phase"] = "Running",
                ["message"] = "waiting for completion",
                ["startedAt"] = Now(),
            };
        }

        var render = Renderer.RenderRevision(commit);
        _ = Task.Run(async () =>
        {
            try
            {
                if (settings.HangSyncs)
                {
                    await Task.Delay(Timeout.Infinite, _stopping).ConfigureAwait(false);
                }

                await Task.Delay(TimeSpan.FromSeconds(settings.OperationSeconds ?? _settings.OperationSeconds), _stopping).ConfigureAwait(false);
                var fail = !request.DryRun && (settings.FailSyncs < 0 || state.Failures < settings.FailSyncs);
                if (fail)
                {
                    state.Failures++;
                }

                RunSync(state, render, request, fail);
            }
            catch (OperationCanceledException)
            {
            }
        });

        return Results.Json(Describe(state, Renderer.Render()));
    }

    /// <summary>Applies (or, for a dry run, only reports) one sync and records its operation state.</summary>
    private void RunSync(AppState state, PhalanxRender render, SyncRequest request, bool fail = false)
    {
        var results = new JsonArray();
        var startedAt = state.Running?["startedAt"]?.GetValue<string>() ?? Now();
        string phase = "Succeeded", message = "successfully synced (all tasks run)";
        if (fail)
        {
            phase = "Failed";
            message = "one or more objects failed to apply, reason: the sandbox was told to fail this sync";
        }
        else
        {
            var (desired, live) = Compare(state, render);
            foreach (var d in desired)
            {
                if (!request.Includes(d.Resource.Group, d.Resource.Kind, d.Resource.Name, d.Resource.Namespace))
                {
                    continue;
                }

                var verb = d.Live is null ? "created" : d.InSync ? "unchanged" : "configured";
                if (!request.DryRun && !d.InSync)
                {
                    Apply(state, d.Resource, render);
                }

                results.Add(Result(d.Resource.Group, d.Resource.Kind, d.Resource.Namespace, d.Resource.Name, "Synced", $"{Lower(d.Resource)} {verb}{(request.DryRun ? " (dry run)" : string.Empty)}"));
            }

            foreach (var l in live)
            {
                if (!request.Includes(l.Group, l.Kind, l.Name, l.Namespace))
                {
                    continue;
                }

                if (!request.Prune)
                {
                    results.Add(Result(l.Group, l.Kind, l.Namespace, l.Name, "PruneSkipped", "ignored (requires pruning)"));
                }
                else if (request.DryRun)
                {
                    results.Add(Result(l.Group, l.Kind, l.Namespace, l.Name, "Pruned", "pruned (dry run)"));
                }
                else
                {
                    Prune(l);
                    results.Add(Result(l.Group, l.Kind, l.Namespace, l.Name, "Pruned", "pruned"));
                }
            }
        }

        var finishedAt = Now();
        lock (_gate)
        {
            state.Last = new JsonObject
            {
                ["operation"] = state.Operation?.DeepClone() ?? new JsonObject { ["sync"] = new JsonObject { ["revision"] = render.Revision, ["prune"] = request.Prune, ["dryRun"] = request.DryRun } },
                ["phase"] = phase,
                ["message"] = message,
                ["startedAt"] = startedAt,
                ["finishedAt"] = finishedAt,
                ["syncResult"] = new JsonObject { ["revision"] = render.Revision, ["resources"] = results },
            };
            state.Operation = null;
            state.Running = null;
            state.ReconciledAt = finishedAt;
            if (!request.DryRun && !fail)
            {
                state.SyncedRevision = render.Revision;
            }
        }
    }

    private static JsonObject Result(string group, string kind, string? ns, string name, string status, string message) => new()
    {
        ["group"] = group,
        ["version"] = kind == "Application" ? "v1alpha1" : "v1",
        ["kind"] = kind,
        ["namespace"] = ns ?? string.Empty,
        ["name"] = name,
        ["status"] = status,
        ["message"] = message,
        ["hookPhase"] = "Running",
        ["syncPhase"] = "Sync",
    };

    private static string Lower(RenderedResource r) => $"{r.Kind.ToLowerInvariant()}{(r.Group.Length > 0 ? "." + r.Group : string.Empty)}/{r.Name}";

    private sealed record DesiredState(RenderedResource Resource, string? Live, bool InSync);

    private sealed record LiveOnly(string Group, string Version, string Kind, string? Namespace, string Name);

    /// <summary>The desired objects with their live state, and the live objects nothing renders any more.</summary>
    private (List<DesiredState> Desired, List<LiveOnly> Prunable) Compare(AppState state, PhalanxRender render)
    {
        var desired = new List<DesiredState>();
        var prunable = new List<LiveOnly>();
        if (state.Parent)
        {
            HashSet<string> children;
            lock (_gate)
            {
                children = _apps.Values.Where(a => !a.Parent).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
            }

            foreach (var app in render.Applications)
            {
                desired.Add(new DesiredState(PhalanxRenderer.ApplicationOf(app, _settings.AppOfApps), children.Contains(app.Name) ? "{}" : null, children.Contains(app.Name)));
                var ns = PhalanxRenderer.NamespaceOf(app.Name);
                var liveNs = _store.TryGet(_store.Catalog.Namespaces, null, app.Name);
                desired.Add(new DesiredState(ns, liveNs?.Json is null ? null : System.Text.Encoding.UTF8.GetString(liveNs.Json), liveNs is not null));
            }

            foreach (var child in children.Where(c => render.Applications.All(a => a.Name != c)).Order(StringComparer.Ordinal))
            {
                prunable.Add(new LiveOnly("argoproj.io", "v1alpha1", "Application", "argocd", child));
                if (_store.TryGet(_store.Catalog.Namespaces, null, child) is not null)
                {
                    prunable.Add(new LiveOnly(string.Empty, "v1", "Namespace", null, child));
                }
            }

            return (desired, prunable);
        }

        var rendered = render.Applications.FirstOrDefault(a => a.Name == state.Name);
        var wanted = rendered?.Resources ?? [];
        foreach (var r in wanted)
        {
            var live = _store.TryGet(KindOf(r.Kind), r.Namespace, r.Name);
            var hash = live?.Value.Metadata.Annotations?.Get(PhalanxRenderer.HashAnnotation);
            desired.Add(new DesiredState(r, live is null ? null : System.Text.Encoding.UTF8.GetString(live.Json), live is not null && hash == r.Hash));
        }

        foreach (var (kind, group) in new[] { (_store.Catalog.Deployments, "apps"), (_store.Catalog.Ingresses, "networking.k8s.io"), (_store.Catalog.ConfigMaps, string.Empty) })
        {
            foreach (var o in LiveOf(kind, state.Name))
            {
                if (!wanted.Any(w => w.Kind == kind.Kind && w.Namespace == o.Namespace && w.Name == o.Name))
                {
                    prunable.Add(new LiveOnly(group, "v1", kind.Kind, o.Namespace, o.Name));
                }
            }
        }

        return (desired, prunable);
    }

    private IEnumerable<StoredObject> LiveOf(ResourceKind kind, string app) =>
        _store.List(kind).Items.Where(o => o.Value.Metadata.Labels?.Get(PhalanxRenderer.InstanceLabel) == app);

    private ResourceKind KindOf(string kind) => kind switch
    {
        "Deployment" => _store.Catalog.Deployments,
        "Ingress" => _store.Catalog.Ingresses,
        "ConfigMap" => _store.Catalog.ConfigMaps,
        "Namespace" => _store.Catalog.Namespaces,
        _ => throw new ArgoError(400, 3, $"the sandbox does not serve kind {kind}"),
    };

    private void Apply(AppState state, RenderedResource r, PhalanxRender render)
    {
        if (r.Kind == "Application")
        {
            lock (_gate)
            {
                _apps.TryAdd(r.Name, new AppState(r.Name, parent: false));
            }

            return;
        }

        if (r.Kind == "Namespace")
        {
            if (_store.TryGet(_store.Catalog.Namespaces, null, r.Name) is null)
            {
                _store.Create(_store.Catalog.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = r.Name, Labels = new Dictionary<string, string> { [PhalanxRenderer.InstanceLabel] = _settings.AppOfApps } } });
            }

            return;
        }

        EnsureNamespace(r.Namespace!);
        var kind = KindOf(r.Kind);
        var value = kind.Deserialize(r.Json);
        try
        {
            if (_store.TryGet(kind, r.Namespace, r.Name) is null)
            {
                _store.Create(kind, value);
            }
            else
            {
                _store.Replace(kind, r.Namespace, r.Name, value);
            }
        }
        catch (StoreException)
        {
            // A Terminating namespace refuses new content; the resource stays OutOfSync.
        }
    }

    private void EnsureNamespace(string name)
    {
        if (_store.TryGet(_store.Catalog.Namespaces, null, name) is null)
        {
            _store.Create(_store.Catalog.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        }
    }

    private void Prune(LiveOnly l)
    {
        try
        {
            switch (l.Kind)
            {
                case "Application":
                    lock (_gate)
                    {
                        _apps.Remove(l.Name);
                    }

                    // The resources finalizer cascades the deletion to everything the application deployed.
                    foreach (var kind in new[] { _store.Catalog.Deployments, _store.Catalog.Ingresses, _store.Catalog.ConfigMaps })
                    {
                        foreach (var o in LiveOf(kind, l.Name).ToList())
                        {
                            _store.Delete(kind, o.Namespace, o.Name);
                        }
                    }

                    break;
                case "Namespace":
                    _namespaces.BeginTermination(l.Name, dryRun: false);
                    break;
                default:
                    _store.Delete(KindOf(l.Kind), l.Namespace, l.Name);
                    break;
            }
        }
        catch (StoreException)
        {
            // Already gone.
        }
    }

    private JsonObject Describe(AppState state, PhalanxRender render)
    {
        var (desired, prunable) = Compare(state, render);
        var rendered = render.Applications.FirstOrDefault(a => a.Name == state.Name);
        var resources = new JsonArray();
        var health = "Healthy";
        foreach (var d in desired)
        {
            var h = d.Resource.Kind switch
            {
                "Deployment" when d.Live is null => "Missing",
                "Deployment" => _deployments.IsReady(d.Resource.Namespace!, d.Resource.Name) ? "Healthy" : "Progressing",
                _ when d.Live is null => "Missing",
                _ => "Healthy",
            };
            if (h == "Missing" || (h == "Progressing" && health == "Healthy"))
            {
                health = health == "Missing" ? health : h;
            }

            var item = Resource(d.Resource.Group, d.Resource.Version, d.Resource.Kind, d.Resource.Namespace, d.Resource.Name, d.InSync ? "Synced" : "OutOfSync");
            item["health"] = new JsonObject { ["status"] = h };
            resources.Add(item);
        }

        foreach (var p in prunable)
        {
            var item = Resource(p.Group, p.Version, p.Kind, p.Namespace, p.Name, "OutOfSync");
            item["requiresPruning"] = true;
            resources.Add(item);
        }

        var synced = desired.All(d => d.InSync) && prunable.Count == 0;
        JsonObject? operation, operationState;
        string? reconciledAt;
        lock (_gate)
        {
            operation = state.Operation?.DeepClone().AsObject();
            operationState = (state.Running ?? state.Last)?.DeepClone().AsObject();
            reconciledAt = state.ReconciledAt;
        }

        var settings = _settings.Applications.GetValueOrDefault(state.Name);
        var metadata = new JsonObject
        {
            ["name"] = state.Name,
            ["namespace"] = "argocd",
            ["finalizers"] = new JsonArray("resources-finalizer.argocd.argoproj.io"),
        };
        if (!state.Parent)
        {
            metadata["labels"] = new JsonObject { [PhalanxRenderer.InstanceLabel] = _settings.AppOfApps };
        }

        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["project"] = "default",
                ["destination"] = new JsonObject { ["namespace"] = state.Parent ? "default" : state.Name, ["server"] = "https://kubernetes.default.svc" },
                ["source"] = new JsonObject
                {
                    ["repoURL"] = "file://" + Renderer.Checkout,
                    ["path"] = state.Parent ? "environments" : rendered?.Path ?? $"applications/{state.Name}",
                    ["targetRevision"] = "main",
                    ["helm"] = new JsonObject { ["valueFiles"] = new JsonArray("values.yaml", $"values-{Renderer.Environment}.yaml") },
                },
                ["syncPolicy"] = settings?.AutoSync == true ? new JsonObject { ["automated"] = new JsonObject { ["prune"] = false, ["selfHeal"] = false } } : null,
            },
            ["operation"] = operation,
            ["status"] = new JsonObject
            {
                ["sync"] = new JsonObject { ["status"] = synced ? "Synced" : "OutOfSync", ["revision"] = render.Revision },
                ["health"] = new JsonObject { ["status"] = health },
                ["reconciledAt"] = reconciledAt ?? Now(),
                ["resources"] = resources,
                ["operationState"] = operationState,
            },
        };
    }

    private static JsonObject Resource(string group, string version, string kind, string? ns, string name, string status)
    {
        var o = new JsonObject();
        if (group.Length > 0)
        {
            o["group"] = group;
        }

        o["version"] = version;
        o["kind"] = kind;
        if (!string.IsNullOrEmpty(ns))
        {
            o["namespace"] = ns;
        }

        o["name"] = name;
        o["status"] = status;
        return o;
    }

    private IResult ManagedResources(AppState state)
    {
        var (desired, prunable) = Compare(state, Renderer.Render());
        var items = new JsonArray();
        foreach (var d in desired)
        {
            items.Add(new JsonObject
            {
                ["group"] = d.Resource.Group,
                ["kind"] = d.Resource.Kind,
                ["namespace"] = d.Resource.Namespace ?? string.Empty,
                ["name"] = d.Resource.Name,
                ["targetState"] = d.Resource.Json,
                ["liveState"] = d.Live ?? "null",
                ["modified"] = !d.InSync,
            });
        }

        foreach (var p in prunable)
        {
            items.Add(new JsonObject { ["group"] = p.Group, ["kind"] = p.Kind, ["namespace"] = p.Namespace ?? string.Empty, ["name"] = p.Name, ["targetState"] = "null", ["liveState"] = "{}", ["modified"] = true });
        }

        return Results.Json(new JsonObject { ["items"] = items });
    }

    private IResult DeleteResource(HttpContext context, AppState state)
    {
        var q = context.Request.Query;
        var kind = KindOf(q["kind"].ToString());
        try
        {
            _store.Delete(kind, kind.Namespaced ? q["namespace"].ToString() : null, q["resourceName"].ToString());
        }
        catch (StoreException)
        {
            throw new ArgoError(404, 5, $"{q["kind"]} {q["namespace"]}/{q["resourceName"]} not found as part of application {state.Name}");
        }

        return Results.Json(new JsonObject());
    }

    private async Task<IResult> ActionAsync(HttpContext context, AppState state)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = (await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false)).Trim();
        var q = context.Request.Query;
        if (body != "\"restart\"" || q["kind"] != "Deployment")
        {
            throw new ArgoError(400, 3, $"action {body} is not available for {q["kind"]}");
        }

        var updated = _store.Update<V1Deployment>(_store.Catalog.Deployments, q["namespace"], q["resourceName"].ToString(), d =>
        {
            d.Spec.Template.Metadata ??= new V1ObjectMeta();
            d.Spec.Template.Metadata.Annotations ??= new Dictionary<string, string>();
            d.Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"] = Now();
            d.Metadata.Generation = (d.Metadata.Generation ?? 1) + 1;
            return true;
        });
        return updated is null
            ? throw new ArgoError(404, 5, $"Deployment {q["namespace"]}/{q["resourceName"]} not found as part of application {state.Name}")
            : Results.Json(new JsonObject());
    }

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class AppState(string name, bool parent)
    {
        public string Name { get; } = name;

        public bool Parent { get; } = parent;

        public JsonObject? Operation { get; set; }

        public JsonObject? Running { get; set; }

        public JsonObject? Last { get; set; }

        public string? ReconciledAt { get; set; }

        public string? SyncedRevision { get; set; }

        public int Failures { get; set; }
    }

    private sealed class SyncRequest(List<(string Group, string Kind, string Name, string Namespace)>? filter, bool prune, bool dryRun, string? revision)
    {
        public bool Prune { get; } = prune;

        public bool DryRun { get; } = dryRun;

        public string? Revision { get; } = revision;

        public bool Includes(string group, string kind, string name, string? ns) =>
            filter is null || filter.Any(f => f.Group == group && f.Kind == kind && f.Name == name && (f.Namespace.Length == 0 || f.Namespace == (ns ?? string.Empty)));
    }

    private sealed class ArgoError(int status, int code, string message) : Exception(message)
    {
        public int Status { get; } = status;

        public int Code { get; } = code;
    }
}
