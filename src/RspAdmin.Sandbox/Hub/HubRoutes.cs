using k8s.Models;
using RspAdmin.Sandbox.Services;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Hub;

/// <summary>
/// The hubs' routes as the ingress and the proxy answer them: <c>GET &lt;baseUrl&gt;/hub/api/</c> is 200 with the
/// hub version while an Ingress has that path and its namespace runs ready <c>proxy</c> and <c>hub</c>
/// Deployments; 503 when the proxy runs but the hub is gone (or the proxy is gone); 404 without an Ingress.
/// Also the nublado v3 controller's <c>GET /nublado/spawner/v1/labs</c>.
/// </summary>
public sealed class HubRoutes(ObjectStore store, Gafaelfawr auth, DeploymentController deployments)
{
    public void Map(WebApplication app)
    {
        app.MapMethods("/{route}/hub/api", ["GET"], (HttpContext c, string route) => Hub(c, route));
        app.MapMethods("/{route}/hub/health", ["GET", "HEAD"], (HttpContext c, string route) => Hub(c, route, health: true));
        app.MapGet("/nublado/spawner/v1/labs", (HttpContext c) =>
        {
            if (auth.Check(c) is { } redirect)
            {
                return redirect;
            }

            if (!deployments.IsReady("nublado", "nublado-controller"))
            {
                return Results.Text("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", "text/html", statusCode: 503);
            }

            var users = store.List(store.Catalog.Namespaces).Items
                .Where(n => n.Name.StartsWith("nublado-", StringComparison.Ordinal)
                    && n.Value.Metadata.Labels.Get("argocd.argoproj.io/instance") == "nublado-users"
                    && n.Value.Metadata.Labels.Get("nublado.lsst.io/category") == "lab")
                .Select(n => n.Name["nublado-".Length..]).Order(StringComparer.Ordinal).ToList();
            return Results.Json(users);
        });
    }

    private IResult Hub(HttpContext context, string route, bool health = false)
    {
        if (auth.Check(context) is { } redirect)
        {
            return redirect;
        }

        var (status, version) = Answer(store, "/" + route, deployments);
        return status switch
        {
            200 when health => Results.Ok(),
            200 => Results.Json(new { version }),
            404 => Results.Text("<html><body><h1>404 Not Found</h1></body></html>", "text/html", statusCode: 404),
            _ => Results.Text("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", "text/html", statusCode: 503),
        };
    }

    /// <summary>What a hub route answers: 200 with the version, 503 or 404.</summary>
    public static (int Status, string? Version) Answer(ObjectStore store, string path, DeploymentController? deployments = null)
    {
        path = "/" + path.Trim('/');
        foreach (var stored in store.List(store.Catalog.Ingresses).Items)
        {
            var ingress = (V1Ingress)stored.Value;
            var paths = ingress.Spec?.Rules?.SelectMany(r => r.Http?.Paths ?? []).Select(p => p.Path) ?? [];
            if (!paths.Any(p => p == path) || stored.Namespace is not ("nublado" or "nublado2"))
            {
                continue;
            }

            bool Ready(string name) => deployments?.IsReady(stored.Namespace!, name)
                ?? store.TryGet(store.Catalog.Deployments, stored.Namespace, name)?.Value is V1Deployment d && d.Status?.ReadyReplicas >= 1;
            if (!Ready("proxy") || !Ready("hub"))
            {
                return (503, null);
            }

            return (200, stored.Namespace == "nublado2" ? "3.0.0" : "4.0.2");
        }

        return (404, null);
    }
}
