using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Migration;

/// <summary>Choices a site makes that the procedure leaves open.</summary>
public sealed record MigrationOptions
{
    /// <summary>mobu flocks that should test v3 on <c>/n3</c> during stage 1 (1.P5).</summary>
    public IReadOnlyList<string> V3Flocks { get; init; } = [];

    /// <summary>mobu flocks that keep testing v2 on <c>/n2</c> in stage 2 (2.P2); every other notebook flock moves to v3.</summary>
    public IReadOnlyList<string> V2Flocks { get; init; } = [];

    /// <summary>Point noteburst at v3 on <c>/n3</c> in stage 1 (1.P5).</summary>
    public bool NoteburstOnV3 { get; init; }

    /// <summary>The mobu version to validate options for; by default the mobu chart's <c>appVersion</c>.</summary>
    public Version? MobuVersion { get; init; }
}

/// <summary>
/// The repo edits of the migration, each computed from the checkout as it is now (so running one
/// again finds nothing left to change). Every edit goes through the surgical YAML editor, keeps
/// comments and layout, and is written only in the shape the file already has.
/// </summary>
public static class RepoEdits
{
    /// <summary>The v3 route while both hubs run (stage 1).</summary>
    public const string V3AlternateRoute = "/n3";

    /// <summary>The v2 route after stage 2.</summary>
    public const string V2AlternateRoute = "/n2";

    /// <summary>1.P2: the <c>nublado3_db</c> block of the in-cluster postgres values (skipped, with a note, for an external database).</summary>
    public static RepoChangeSet PostgresDatabase(MigrationCheckout checkout)
    {
        var edit = new RepoEditContext(checkout);
        var url = checkout.ReadValue("nublado", RouteSettings.DatabaseUrlPath);
        var (user, db, host) = ParseDatabaseUrl(url);
        if (host is not null && host != "postgres.postgres")
        {
            edit.Note($"The v3 hub uses the external database {db} on {host}; ask its administrator for the database and role (not a repo change).");
            return edit.Finish();
        }

        var file = checkout.ValuesFile("postgres");
        if (!checkout.Exists(file))
        {
            edit.Note($"{file} does not exist: the environment has no in-cluster PostgreSQL; the v3 hub database is external (not a repo change).");
            return edit.Finish();
        }

        var document = edit.Document(file);
        document.SetString(new YamlPath("nublado3_db", "user"), user ?? "nublado3");
        document.SetString(new YamlPath("nublado3_db", "db"), db ?? "nublado3");
        return edit.Finish();
    }

    /// <summary>Turns applications on or off in the environment file (1.P3, 3.P2).</summary>
    public static RepoChangeSet SetApplications(MigrationCheckout checkout, bool enabled, params string[] applications)
    {
        var edit = new RepoEditContext(checkout);
        var document = edit.Document(checkout.EnvironmentFileRelative);
        var era = checkout.Era;
        foreach (var application in applications)
        {
            EnvironmentFile.SetEnabled(document, era, application, enabled);
        }

        return edit.Finish();
    }

    /// <summary>1.P5: v3 on <c>/n3</c> (baseUrl and HUB_ROUTE together), and the chosen mobu flocks and noteburst with it.</summary>
    public static RepoChangeSet V3AlternateRouteEdit(MigrationCheckout checkout, MigrationOptions options)
    {
        var edit = new RepoEditContext(checkout);
        var nublado = edit.Document(checkout.ValuesFile("nublado"));
        RouteSettings.SetHubRoute(nublado, V3AlternateRoute, withHubRoute: true);
        if (options.V3Flocks.Count > 0)
        {
            var version = options.MobuVersion ?? MobuConfig.DeployedVersion(checkout);
            var mobu = edit.Document(checkout.ValuesFile("mobu"));
            foreach (var flock in SelectFlocks(mobu, options.V3Flocks))
            {
                mobu.SetString(MobuConfig.FlockPath(flock.Index, "business", "options", "url_prefix"), V3AlternateRoute);
                if (version.Major == 6)
                {
                    mobu.SetBoolean(MobuConfig.FlockPath(flock.Index, "business", "options", "use_cachemachine"), false);
                }
            }
        }

        if (options.NoteburstOnV3)
        {
            var noteburst = edit.Document(checkout.ValuesFile("noteburst"));
            noteburst.SetString(RouteSettings.NoteburstPrefixPath, V3AlternateRoute);
        }

        return edit.Finish();
    }

    /// <summary>
    /// 2.P2: notebook flocks that move to v3 get <c>use_cachemachine: false</c> (mobu 6; the key is
    /// dropped on mobu 7 and later) and lose a <c>/n3</c> <c>url_prefix</c>; the flocks chosen to
    /// keep testing v2 get <c>url_prefix: /n2</c>.
    /// </summary>
    public static RepoChangeSet MobuMakeDefault(MigrationCheckout checkout, MigrationOptions options)
    {
        var edit = new RepoEditContext(checkout);
        var file = checkout.ValuesFile("mobu");
        if (!checkout.Exists(file))
        {
            edit.Note($"{file} does not exist: no flocks to move.");
            return edit.Finish();
        }

        var version = options.MobuVersion ?? MobuConfig.DeployedVersion(checkout);
        if (version.Major < 6)
        {
            throw new RspException("Migration.MobuVersionUnsupported", ErrorKind.Unsupported,
                $"mobu {version} chooses cachemachine with a global setting, not per flock; the flocks cannot be moved to v3 one by one.",
                file, "Upgrade mobu to 6.x first, or change its global setting by hand.");
        }

        var mobu = edit.Document(file);
        var flocks = MobuConfig.ReadFlocks(mobu.Text, file);
        MissingFlocks(flocks, options.V2Flocks, file);
        foreach (var flock in flocks.Where(f => f.IsNotebookFlock))
        {
            var options_ = MobuConfig.FlockPath(flock.Index, "business", "options");
            if (options.V2Flocks.Contains(flock.Name, StringComparer.Ordinal))
            {
                mobu.SetString(options_.Append("url_prefix"), V2AlternateRoute);
                continue;
            }

            if (version.Major == 6)
            {
                mobu.SetBoolean(options_.Append("use_cachemachine"), false);
            }
            else
            {
                mobu.RemoveKey(options_.Append("use_cachemachine"));
                mobu.RemoveKey(options_.Append("cachemachine_image_policy"));
            }

            if (flock.Route == V3AlternateRoute)
            {
                mobu.RemoveKey(options_.Append("url_prefix"));
            }
        }

        return edit.Finish();
    }

    /// <summary>2.P3: v2 on <c>/n2</c>.</summary>
    public static RepoChangeSet V2AlternateRouteEdit(MigrationCheckout checkout)
    {
        var edit = new RepoEditContext(checkout);
        RouteSettings.SetHubRoute(edit.Document(checkout.ValuesFile("nublado2")), V2AlternateRoute, withHubRoute: false);
        return edit.Finish();
    }

    /// <summary>2.P4: v3 back on the default route: baseUrl and HUB_ROUTE removed, noteburst's <c>/n3</c> prefix removed.</summary>
    public static RepoChangeSet V3DefaultRouteEdit(MigrationCheckout checkout)
    {
        var edit = new RepoEditContext(checkout);
        RouteSettings.SetHubRoute(edit.Document(checkout.ValuesFile("nublado")), MigrationStateDetector.DefaultRoute, withHubRoute: true);
        var noteburst = checkout.ValuesFile("noteburst");
        if (checkout.Exists(noteburst))
        {
            var document = edit.Document(noteburst);
            var prefix = document.GetScalar(RouteSettings.NoteburstPrefixPath);
            if (prefix is not null && MobuConfig.NormalizeRoute(prefix) == V3AlternateRoute)
            {
                document.RemoveKey(RouteSettings.NoteburstPrefixPath);
            }
        }

        return edit.Finish();
    }

    /// <summary>3.P2 (mobu part): removes the flocks that target v2 (<c>url_prefix /n2</c>, or cachemachine on or unset on mobu 6).</summary>
    public static RepoChangeSet RemoveV2Flocks(MigrationCheckout checkout, MigrationOptions options)
    {
        var edit = new RepoEditContext(checkout);
        var file = checkout.ValuesFile("mobu");
        if (!checkout.Exists(file))
        {
            return edit.Finish();
        }

        var version = options.MobuVersion ?? MobuConfig.DeployedVersion(checkout);
        var mobu = edit.Document(file);
        var flocks = MobuConfig.ReadFlocks(mobu.Text, file);
        foreach (var flock in flocks.Where(f => f.IsNotebookFlock && TargetsV2(f, version)).OrderByDescending(f => f.Index))
        {
            mobu.RemoveKey(MobuConfig.FlockPath(flock.Index));
        }

        return edit.Finish();
    }

    /// <summary>True when a notebook flock tests v2.</summary>
    public static bool TargetsV2(MobuFlockConfig flock, Version mobuVersion) =>
        flock.Route == V2AlternateRoute || flock.UseCachemachine == true || (mobuVersion.Major == 6 && flock.UseCachemachine is null && flock.Route != V3AlternateRoute);

    /// <summary>3.W4: deletes the environment's values files of nublado2, cachemachine and moneypenny (refused while any is still enabled).</summary>
    public static RepoChangeSet DeleteV2ValuesFiles(MigrationCheckout checkout)
    {
        var still = MigrationCheckout.V2Applications.Where(checkout.IsEnabled).ToList();
        if (still.Count > 0)
        {
            throw new RspException("Migration.ApplicationStillEnabled", ErrorKind.InvalidOperation,
                $"{string.Join(", ", still)} is still enabled in {checkout.EnvironmentFileRelative}; its values file is needed to run it (and to undo stage 3).",
                checkout.EnvironmentFileRelative, "Turn the applications off (3.P2) and prune them (3.W1) before deleting their values files.");
        }

        var edit = new RepoEditContext(checkout);
        foreach (var app in MigrationCheckout.V2Applications)
        {
            edit.Delete(checkout.ValuesFile(app));
        }

        return edit.Finish();
    }

    /// <summary>
    /// C2: removes the three v2 applications from the checkout: their directories, their
    /// app-of-apps templates, their keys (with their comments) in <c>environments/values.yaml</c>
    /// and postgres' <c>jupyterhub_password</c> secret. Refused unless no environment enables them
    /// and none has values files left (C1).
    /// </summary>
    public static RepoChangeSet RemoveV2Applications(MigrationCheckout checkout)
    {
        CleanupVerifier.Verify(checkout.Root);
        var edit = new RepoEditContext(checkout);
        foreach (var app in MigrationCheckout.V2Applications)
        {
            var dir = checkout.Absolute(checkout.ApplicationDirectory(app));
            if (Directory.Exists(dir))
            {
                foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    edit.Delete(checkout.Relative(file));
                }
            }

            edit.Delete($"environments/templates/{app}-application.yaml");
        }

        if (checkout.Exists("environments/values.yaml"))
        {
            var defaults = edit.Document("environments/values.yaml");
            var era = EnvironmentFile.DetectEra(defaults.Text, "environments/values.yaml", false);
            foreach (var app in MigrationCheckout.V2Applications)
            {
                var path = era is EnvironmentFileEra.C or EnvironmentFileEra.D ? new YamlPath("applications", app) : new YamlPath(app);
                defaults.RemoveKeyWithComments(path);
            }
        }

        var secrets = checkout.ApplicationDirectory("postgres") + "/secrets.yaml";
        if (checkout.Exists(secrets))
        {
            edit.Document(secrets).RemoveKey(new YamlPath("jupyterhub_password"));
        }

        var usersTemplate = "environments/templates/nublado-users-application.yaml";
        if (checkout.Exists(usersTemplate) && File.ReadAllText(checkout.Absolute(usersTemplate)).Contains("nublado2", StringComparison.Ordinal))
        {
            edit.Note($"{usersTemplate} still names nublado2 in its condition; edit that template by hand (it is not YAML).");
        }

        return edit.Finish();
    }

    /// <summary>C5: on mobu 7 or later, removes <c>use_cachemachine</c> and <c>cachemachine_image_policy</c> from every flock.</summary>
    public static RepoChangeSet MobuOptionCleanup(MigrationCheckout checkout, MigrationOptions options)
    {
        var edit = new RepoEditContext(checkout);
        var file = checkout.ValuesFile("mobu");
        var version = options.MobuVersion ?? MobuConfig.DeployedVersion(checkout);
        if (!checkout.Exists(file) || version.Major < 7)
        {
            edit.Note(version.Major < 7 ? $"mobu {version} still accepts the cachemachine options; nothing to remove until it is upgraded to 7.0.0 or later." : $"{file} does not exist.");
            return edit.Finish();
        }

        var mobu = edit.Document(file);
        foreach (var flock in MobuConfig.ReadFlocks(mobu.Text, file))
        {
            mobu.RemoveKey(MobuConfig.FlockPath(flock.Index, "business", "options", "use_cachemachine"));
            mobu.RemoveKey(MobuConfig.FlockPath(flock.Index, "business", "options", "cachemachine_image_policy"));
        }

        return edit.Finish();
    }

    /// <summary>Splits <c>postgresql://USER@HOST/DB</c>; nulls when the URL is missing or not of that shape.</summary>
    public static (string? User, string? Database, string? Host) ParseDatabaseUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.Scheme.StartsWith("postgres", StringComparison.Ordinal))
        {
            return (null, null, null);
        }

        var user = uri.UserInfo.Split(':')[0];
        return (user.Length == 0 ? null : Uri.UnescapeDataString(user), uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? db : null, uri.Host);
    }

    private static IEnumerable<MobuFlockConfig> SelectFlocks(EditableYamlDocument mobu, IReadOnlyList<string> names)
    {
        var flocks = MobuConfig.ReadFlocks(mobu.Text, mobu.SourceName);
        MissingFlocks(flocks, names, mobu.SourceName);
        return flocks.Where(f => names.Contains(f.Name, StringComparer.Ordinal));
    }

    private static void MissingFlocks(IReadOnlyList<MobuFlockConfig> flocks, IReadOnlyList<string> names, string file)
    {
        var missing = names.Where(n => flocks.All(f => f.Name != n)).ToList();
        if (missing.Count > 0)
        {
            throw new RspException("Migration.FlockNotFound", ErrorKind.InvalidArgument,
                $"{file} has no autostart flock named {string.Join(", ", missing.Select(m => $"'{m}'"))}.", file,
                "Name flocks of config.autostart.");
        }
    }
}

/// <summary>The _documents one repo step edits, each opened once.</summary>
internal sealed class RepoEditContext(MigrationCheckout checkout)
{
    private readonly Dictionary<string, EditableYamlDocument> _documents = new(StringComparer.Ordinal);
    private readonly RepoChangeSet _changes = new();

    public EditableYamlDocument Document(string relative)
    {
        if (!_documents.TryGetValue(relative, out var document))
        {
            document = checkout.Edit(relative);
            _documents[relative] = document;
        }

        return document;
    }

    public void Delete(string relative) => _changes.Delete(checkout, relative);

    public void Note(string note) => _changes.Note(note);

    public RepoChangeSet Finish()
    {
        foreach (var document in _documents.Values)
        {
            _changes.Add(document);
        }

        return _changes;
    }
}
