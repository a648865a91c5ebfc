using System.Net;
using System.Text.Json;
using RspAdmin.Sandbox.Api;
using RspAdmin.Sandbox.Kubelet;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Hosting;

/// <summary>
/// Builds the web application: Kubernetes API routes behind request counting and fault injection, and the
/// sandbox's own endpoints under <c>/sandbox/v1</c> (request counters, faults, node removal).
/// </summary>
internal static class SandboxApi
{
    public static WebApplication Build(int port, ObjectStore store, NamespaceLifecycle namespaces, RequestCounter requests, FaultInjector faults, KubeletSimulator kubelets, CancellationToken stopping, Action<WebApplication>? mapServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxApi).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            k.AddServerHeader = false;
        });

        var app = builder.Build();
        var discovery = new DiscoveryDocuments(store.Catalog);
        var handler = new ResourceHandler(store, discovery, namespaces, new TableFormatter(TimeProvider.System), stopping);
        var openApi = new OpenApiDocuments(store.Catalog);

        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (path.StartsWith("/sandbox/", StringComparison.Ordinal))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var method = context.Request.Method;
            var fault = faults.Match(method, path);
            if (fault is not null)
            {
                await StatusWriter.WriteFailureAsync(context, fault.Status, fault.Message, retryAfterSeconds: fault.Status == 429 ? 1 : null).ConfigureAwait(false);
            }
            else
            {
                await next(context).ConfigureAwait(false);
            }

            requests.Record(method, path, context.Response.StatusCode);
        });

        app.MapGet("/version", () => Results.Bytes(discovery.Version(), "application/json"));
        foreach (var probe in new[] { "/healthz", "/livez", "/readyz" })
        {
            app.MapGet(probe, () => Results.Text("ok"));
        }

        app.Map("/api", handler.HandleAsync);
        app.Map("/api/{**rest}", handler.HandleAsync);
        app.Map("/apis", handler.HandleAsync);
        app.Map("/apis/{**rest}", handler.HandleAsync);
        app.MapGet("/openapi/v3", () => Results.Bytes(openApi.Root(), "application/json"));
        app.MapGet("/openapi/v3/{**path}", (string path) => openApi.GroupVersion(path) is { } doc
            ? Results.Bytes(doc, "application/json")
            : NotFound());
        app.MapGet("/openapi/v2", () => NotFound());

        mapServices?.Invoke(app);
        app.MapGet("/sandbox/v1/requests", () => Results.Bytes(requests.ToJson(), "application/json"));
        app.MapDelete("/sandbox/v1/requests", () =>
        {
            requests.Reset();
            return Results.NoContent();
        });
        app.MapGet("/sandbox/v1/faults", () => Results.Json(faults.Faults.Select(f => new { method = f.Method, path = f.PathPattern, status = f.Status, count = f.Count, skip = f.Skip, fired = f.Fired })));
        app.MapPost("/sandbox/v1/faults", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<Scenario.ScenarioApiFault>(context.Request.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web), context.RequestAborted).ConfigureAwait(false);
            if (body is null || string.IsNullOrWhiteSpace(body.Path) || body.Status is < 400 or > 599)
            {
                return Results.BadRequest(new { error = "Sandbox.FaultInvalid", message = "A fault needs a path and an HTTP error status (400-599)." });
            }

            faults.Add(new ApiFault(body.Method, body.Path, body.Status, body.Count, body.Skip, body.Message));
            return Results.Created();
        });
        app.MapDelete("/sandbox/v1/faults", () =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        app.MapPost("/sandbox/v1/nodes/{name}/vanish", (string name) =>
        {
            if (!kubelets.Nodes.ContainsKey(name))
            {
                return Results.NotFound(new { error = "Sandbox.NodeNotFound", message = $"There is no sandbox node '{name}'." });
            }

            kubelets.Vanish(name);
            return Results.NoContent();
        });
        app.MapGet("/sandbox/v1/nodes", () => Results.Json(kubelets.Nodes.Values.Select(n => new { name = n.Name, vanished = n.Vanished, pulls = n.PullCount, images = n.Images.Count })));
        return app;
    }

    private static IResult NotFound() =>
        Results.Text(System.Text.Encoding.UTF8.GetString(StatusWriter.Failure(404, "NotFound", "the server could not find the requested resource")), "application/json", System.Text.Encoding.UTF8, 404);
}
