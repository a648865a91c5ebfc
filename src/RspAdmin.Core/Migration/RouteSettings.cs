using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Migration;

/// <summary>
/// The settings that depend on where the hubs are served and must agree: nublado's and
/// nublado2's <c>jupyterhub.hub.baseUrl</c>, nublado's <c>controller.config.lab.env.HUB_ROUTE</c>,
/// the <c>url_prefix</c> of mobu's notebook flocks and noteburst's <c>config.hubPathPrefix</c>.
/// </summary>
public static class RouteSettings
{
    /// <summary>The lab's hub route in nublado values.</summary>
    public static readonly YamlPath HubRoutePath = new("controller", "config", "lab", "env", "HUB_ROUTE");

    /// <summary>noteburst's hub prefix.</summary>
    public static readonly YamlPath NoteburstPrefixPath = new("config", "hubPathPrefix");

    /// <summary>The hub database URL in nublado and nublado2 values.</summary>
    public static readonly YamlPath DatabaseUrlPath = new("jupyterhub", "hub", "db", "url");

    /// <summary>
    /// Sets a hub's route: <c>jupyterhub.hub.baseUrl</c> (a new key goes in key order) and, for
    /// nublado, <c>HUB_ROUTE</c> to match; the default route removes both keys (an explicit
    /// <c>/nb</c> is left as it is).
    /// </summary>
    public static void SetHubRoute(EditableYamlDocument document, string route, bool withHubRoute)
    {
        RefuseMisplaced(document);
        if (route == MigrationStateDetector.DefaultRoute)
        {
            var current = document.GetScalar(MigrationStateDetector.BaseUrlPath);
            if (current is not null && MobuConfig.NormalizeRoute(current) != route)
            {
                document.RemoveKey(MigrationStateDetector.BaseUrlPath);
            }

            var hub = withHubRoute ? document.GetScalar(HubRoutePath) : null;
            if (hub is not null && hub.TrimEnd('/') != route + "/hub")
            {
                document.RemoveKey(HubRoutePath);
            }

            return;
        }

        var placement = document.NewKeyPlacement;
        document.NewKeyPlacement = YamlKeyPlacement.Sorted;
        try
        {
            document.SetString(MigrationStateDetector.BaseUrlPath, route);
            if (withHubRoute)
            {
                document.SetString(HubRoutePath, route + "/hub");
            }
        }
        finally
        {
            document.NewKeyPlacement = placement;
        }
    }

    /// <summary>
    /// Checks the route settings of an environment after an edit (re-parsing every file): keys at
    /// their exact paths, HUB_ROUTE matching nublado's route, mobu flocks and noteburst pointing at
    /// a route some enabled hub serves (when <paramref name="servedRoutes"/>: between the edits of
    /// one stage a flock may briefly name a route that moves later in the same stage), mobu options
    /// valid for the deployed mobu.
    /// </summary>
    /// <exception cref="RspException"><c>Migration.BaseUrlMisplaced</c>, <c>Migration.DatabaseMisplaced</c>, <c>Migration.RouteInconsistent</c>, <c>Migration.UnknownMobuOption</c>, <c>Migration.MobuOptionMisplaced</c>.</exception>
    public static void Validate(MigrationCheckout checkout, MigrationOptions options, bool servedRoutes = true)
    {
        var routes = new List<string>();
        string? v3Route = null;
        foreach (var app in new[] { "nublado", "nublado2" })
        {
            var file = checkout.ValuesFile(app);
            if (!checkout.Exists(file))
            {
                if (checkout.IsEnabled(app))
                {
                    routes.Add(MigrationStateDetector.DefaultRoute);
                }

                continue;
            }

            var document = checkout.Edit(file);
            RefuseMisplaced(document);
            var route = MobuConfig.NormalizeRoute(document.GetScalar(MigrationStateDetector.BaseUrlPath) ?? MigrationStateDetector.DefaultRoute);
            if (checkout.IsEnabled(app))
            {
                routes.Add(route);
            }

            if (app == "nublado")
            {
                v3Route = route;
                var hub = document.GetScalar(HubRoutePath);
                var expected = route + "/hub";
                if ((hub is null && route != MigrationStateDetector.DefaultRoute) || (hub is not null && hub.TrimEnd('/') != expected))
                {
                    throw new RspException("Migration.RouteInconsistent", ErrorKind.InvalidData,
                        $"{file}: HUB_ROUTE is {hub ?? "unset (/nb/hub)"} but the hub is served on {route}; labs would call the wrong hub.",
                        file, $"Set controller.config.lab.env.HUB_ROUTE to {expected} (or remove both for /nb).");
                }
            }
        }

        var mobuFile = checkout.ValuesFile("mobu");
        if (checkout.Exists(mobuFile))
        {
            var flocks = MobuConfig.ReadFlocks(File.ReadAllText(checkout.Absolute(mobuFile)), mobuFile);
            MobuConfig.Validate(flocks, options.MobuVersion ?? MobuConfig.DeployedVersion(checkout), mobuFile);
            foreach (var flock in flocks.Where(f => f.IsNotebookFlock))
            {
                if (servedRoutes && routes.Count > 0 && !routes.Contains(flock.Route))
                {
                    throw new RspException("Migration.RouteInconsistent", ErrorKind.InvalidData,
                        $"{mobuFile}: flock '{flock.Name}' tests the route {flock.Route}, which no enabled hub serves ({string.Join(", ", routes)}).",
                        mobuFile, "Point the flock's business.options.url_prefix at a served route, or remove the flock.");
                }
            }
        }

        var noteburst = checkout.ValuesFile("noteburst");
        if (servedRoutes && checkout.Exists(noteburst) && routes.Count > 0)
        {
            var prefix = checkout.Edit(noteburst).GetScalar(NoteburstPrefixPath);
            var route = MobuConfig.NormalizeRoute(prefix ?? MigrationStateDetector.DefaultRoute);
            if (!routes.Contains(route))
            {
                throw new RspException("Migration.RouteInconsistent", ErrorKind.InvalidData,
                    $"{noteburst}: hubPathPrefix {route} is a route no enabled hub serves ({string.Join(", ", routes)}).",
                    noteburst, v3Route is null ? "Correct config.hubPathPrefix." : $"Set config.hubPathPrefix to {v3Route} or remove it for /nb.");
            }
        }
    }

    /// <summary>Refuses keys the charts silently ignore: <c>jupyterhub.baseUrl</c> and <c>jupyterhub.db</c>.</summary>
    public static void RefuseMisplaced(EditableYamlDocument document)
    {
        if (document.Contains(new YamlPath("jupyterhub", "baseUrl")))
        {
            throw new RspException("Migration.BaseUrlMisplaced", ErrorKind.InvalidData,
                $"{document.SourceName} sets jupyterhub.baseUrl, which the chart ignores; the route is read only from jupyterhub.hub.baseUrl.",
                document.SourceName, "Move baseUrl under jupyterhub.hub.");
        }

        if (document.Contains(new YamlPath("jupyterhub", "db")))
        {
            throw new RspException("Migration.DatabaseMisplaced", ErrorKind.InvalidData,
                $"{document.SourceName} sets jupyterhub.db, which the chart ignores; the hub database is read only from jupyterhub.hub.db.",
                document.SourceName, "Indent db under jupyterhub.hub.");
        }
    }

    /// <summary>Refuses a v3 hub database URL that names the v2 session database (<c>jupyterhub</c>) or its role (<c>jovyan</c>).</summary>
    /// <exception cref="RspException"><c>Migration.V3UsesV2Database</c>.</exception>
    public static void RefuseSharedDatabase(MigrationCheckout checkout)
    {
        var url = checkout.ReadValue("nublado", DatabaseUrlPath);
        var (user, db, host) = RepoEdits.ParseDatabaseUrl(url);
        if (user == "jovyan" || db == "jupyterhub")
        {
            throw new RspException("Migration.V3UsesV2Database", ErrorKind.Conflict,
                $"{checkout.ValuesFile("nublado")}: the v3 hub database URL names {(db == "jupyterhub" ? "the v2 database 'jupyterhub'" : "the v2 role 'jovyan'")} on {host}; both hubs would share session state, and dropping the v2 database would break v3.",
                checkout.ValuesFile("nublado"), "Give v3 its own database and role (conventionally nublado3).");
        }
    }
}

/// <summary>C1: checks every environment of a checkout before anything of v2 is removed for good.</summary>
public static class CleanupVerifier
{
    /// <summary>What still uses v2 in the checkout, one line per finding; empty when the cleanup may proceed.</summary>
    public static IReadOnlyList<string> Check(string root)
    {
        var findings = new List<string>();
        foreach (var environment in MigrationCheckout.ListEnvironments(root))
        {
            var checkout = MigrationCheckout.Open(root, environment);
            foreach (var app in MigrationCheckout.V2Applications.Where(checkout.IsEnabled))
            {
                findings.Add($"{checkout.EnvironmentFileRelative} enables {app}");
            }
        }

        foreach (var app in MigrationCheckout.V2Applications)
        {
            foreach (var dir in new[] { "applications", "services" })
            {
                var path = Path.Combine(root, dir, app);
                if (Directory.Exists(path))
                {
                    findings.AddRange(Directory.EnumerateFiles(path, "values-*.yaml").Order(StringComparer.Ordinal)
                        .Select(f => $"{Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')} is left"));
                }
            }
        }

        return findings;
    }

    /// <summary>Throws unless <see cref="Check"/> finds nothing.</summary>
    /// <exception cref="RspException"><c>Migration.CleanupBlocked</c>.</exception>
    public static void Verify(string root)
    {
        var findings = Check(root);
        if (findings.Count > 0)
        {
            throw new RspException("Migration.CleanupBlocked", ErrorKind.InvalidOperation,
                $"Nublado v2 is still in use in the checkout: {string.Join("; ", findings.Take(5))}{(findings.Count > 5 ? $" and {findings.Count - 5} more" : string.Empty)}.",
                root, "Finish stage 3 in every environment first.");
        }
    }
}
