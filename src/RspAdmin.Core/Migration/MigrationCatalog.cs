using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Migration;

/// <summary>The steps of every stage, in order, as the procedure gives them.</summary>
public static class MigrationCatalog
{
    private const string Argo = "/argo-cd/api/v1/applications";
    private const string V2Labels = "argocd.argoproj.io%2Finstance%3Dnublado-users";
    private const string V3Labels = V2Labels + ",nublado.lsst.io%2Fcategory%3Dlab";

    private static readonly IReadOnlyDictionary<string, string> NoOptions = new Dictionary<string, string>();

    /// <summary>The expected pruned set of stage 3: the three applications and their namespaces.</summary>
    public static readonly IReadOnlyList<string> Stage3PruneSet =
    [
        "argoproj.io/Application argocd/nublado2", "argoproj.io/Application argocd/cachemachine", "argoproj.io/Application argocd/moneypenny",
        "/Namespace nublado2", "/Namespace cachemachine", "/Namespace moneypenny",
    ];

    /// <summary>The steps of a stage, in order.</summary>
    public static IReadOnlyList<MigrationStep> Steps(MigrationStage stage) => stage switch
    {
        MigrationStage.EnableV3 => EnableV3(),
        MigrationStage.MakeDefault => MakeDefault(),
        MigrationStage.DisableV2 => DisableV2(),
        _ => Cleanup(),
    };

    /// <summary>Every step of every stage, in order.</summary>
    public static IReadOnlyList<MigrationStep> AllSteps() => Enum.GetValues<MigrationStage>().SelectMany(Steps).ToList();

    private static List<MigrationStep> EnableV3()
    {
        const MigrationStage S = MigrationStage.EnableV3;
        return
        [
            Live(S, "1.P1", MigrationPhase.Preparation, "Vault secret for nublado",
                "Creates the missing keys of <prefix>/nublado (never overwrites one).", "Soft-delete the secret if this step created it.",
                c => Call(c, MigrationLiveAction.EnsureVaultSecret, "nublado"),
                c =>
                [
                    new(MigrationService.Vault, "GET", $"/v1/secret/data/{c.VaultPath}/nublado"),
                    new(MigrationService.Vault, "GET", $"/v1/secret/data/{c.VaultPath}/mobu", Note: "when slack_webhook is missing and controller.slackAlerts is on: copy app-alert-webhook"),
                    new(MigrationService.Vault, "POST", $"/v1/secret/data/{c.VaultPath}/nublado", "{\"options\":{\"cas\":0},\"data\":{...missing keys...}}", "when the secret is absent"),
                    new(MigrationService.Vault, "PATCH", $"/v1/secret/data/{c.VaultPath}/nublado", "{\"data\":{...missing keys only...}}", "when keys are missing"),
                ]),
            Repo(S, "1.P2", MigrationPhase.Preparation, "Database for the v3 hub",
                "Adds nublado3_db to the in-cluster postgres values (an external database is a request to its administrator).", "git revert the commit.",
                c => RepoEdits.PostgresDatabase(c.Checkout)),
            Repo(S, "1.P3", MigrationPhase.Preparation, "Enable nublado",
                "Turns nublado on in the environment file, in the file's own format.", "git revert the commit.",
                c => RepoEdits.SetApplications(c.Checkout, true, "nublado")),
            Probe(S, "1.P4", MigrationPhase.Preparation, "Site configuration of nublado v3",
                "Checks that the nublado values exist, name an image source and keep the v2 database apart.",
                SiteConfiguration),
            Repo(S, "1.P5", MigrationPhase.Preparation, "Alternate route /n3",
                "Sets jupyterhub.hub.baseUrl /n3 and HUB_ROUTE /n3/hub (and the chosen mobu flocks and noteburst).", "git revert the commit.",
                c => RepoEdits.V3AlternateRouteEdit(c.Checkout, c.Options), servedRoutes: true),
            Gate(S, "1.P6", MigrationPhase.Preparation, "Users told about /n3 and the window",
                "Announce the /n3 route and the window; with shared home storage, tell users to shut labs on one route before using the other."),
            LiveProbe(S, "1.P7", MigrationPhase.Preparation, "Changes landed",
                "Checks that Argo CD tracks a revision with the commits and shows nublado OutOfSync.",
                c => Call(c, MigrationLiveAction.CheckDeployedRevision, "science-platform"),
                c => [new(MigrationService.ArgoCd, "GET", $"{Argo}/science-platform?refresh=normal")]),
            Preflight(S, "1.W0", ["science-platform", "nublado2", "mobu"]),
            SilenceMobu(S, "1.W1"),
            DeleteHubs(S, "1.W2", ["nublado2"]),
            RemoveSessions(S, "1.W3", ["nublado2-"]),
            Sync(S, "1.W4", "science-platform", prune: false, "Creates the nublado Application and Namespace.", "Revert 1.P3 and sync science-platform with prune.", dryRunFirst: true),
            Sync(S, "1.W5", "nublado", prune: true, "Deploys nublado v3 on /n3.", "Delete the application through its parent (revert 1.P3).", hubCheck: "/n3"),
            Gate(S, "1.W6", MigrationPhase.Window, "Lab tested on /n3",
                "Spawn a lab on /n3, run a cell and a terminal, shut it down (or a mobu run with url_prefix /n3/)."),
            Sync(S, "1.W7", "nublado2", prune: false, "Recreates the v2 hub; users return.", "None needed.", hubCheck: "/nb"),
            RestoreMobu(S, "1.W8"),
        ];
    }

    private static List<MigrationStep> MakeDefault()
    {
        const MigrationStage S = MigrationStage.MakeDefault;
        return
        [
            Gate(S, "2.P1", MigrationPhase.Preparation, "Users told: /nb becomes v3, v2 on /n2",
                "Announce the disruptive window; users shut labs on one route before using the other."),
            Repo(S, "2.P2", MigrationPhase.Preparation, "mobu flocks to v3",
                "Notebook flocks get business.options.use_cachemachine false (mobu 6) and lose url_prefix /n3; chosen flocks keep v2 on /n2.", "git revert the commit.",
                c => RepoEdits.MobuMakeDefault(c.Checkout, c.Options)),
            Repo(S, "2.P3", MigrationPhase.Preparation, "nublado2 on /n2",
                "Sets jupyterhub.hub.baseUrl /n2 in the nublado2 values.", "git revert the commit.",
                c => RepoEdits.V2AlternateRouteEdit(c.Checkout)),
            Repo(S, "2.P4", MigrationPhase.Preparation, "nublado on /nb",
                "Removes nublado's baseUrl and HUB_ROUTE, and noteburst's /n3 hubPathPrefix.", "git revert the commit.",
                c => RepoEdits.V3DefaultRouteEdit(c.Checkout), servedRoutes: true),
            Preflight(S, "2.W0", ["nublado", "nublado2", "mobu"]),
            SilenceMobu(S, "2.W1"),
            DeleteHubs(S, "2.W2", ["nublado2", "nublado"]),
            RemoveSessions(S, "2.W3", ["nublado2-", "nublado-"]),
            Sync(S, "2.W4", "nublado2", prune: false, "Moves v2 to /n2 and frees /nb (before nublado: one ingress per path).", "Revert 2.P3 and sync.", hubCheck: "/n2"),
            Gate(S, "2.W5", MigrationPhase.Window, "Lab tested on /n2", "Spawn a v2 lab on /n2 (or a mobu run with url_prefix /n2/)."),
            Sync(S, "2.W6", "nublado", prune: false, "Moves v3 to /nb.", "Revert 2.P4 and sync (nublado back before nublado2).", hubCheck: "/nb"),
            RestoreMobu(S, "2.W7"),
        ];
    }

    private static List<MigrationStep> DisableV2()
    {
        const MigrationStage S = MigrationStage.DisableV2;
        var prune = string.Join(";", Stage3PruneSet);
        return
        [
            Gate(S, "3.P1", MigrationPhase.Preparation, "Users told: /n2 goes away", "Announce that /n2 and its sessions go."),
            Repo(S, "3.P2", MigrationPhase.Preparation, "Turn v2 off",
                "Turns nublado2, cachemachine and moneypenny off in the environment file and removes the mobu flocks that test v2; the values files stay (undo needs them).",
                "git revert the commit, sync science-platform and the three applications.",
                c =>
                {
                    var env = RepoEdits.SetApplications(c.Checkout, false, [.. MigrationCheckout.V2Applications]);
                    var mobu = RepoEdits.RemoveV2Flocks(c.Checkout, c.Options);
                    return Merge(env, mobu);
                }),
            LiveProbe(S, "3.W0", MigrationPhase.Window, "Dry-run prune preview",
                "The dry-run prune of science-platform must prune exactly the three applications and their namespaces.",
                c => Call(c, MigrationLiveAction.PruneApplications, "science-platform", ("dryRun", "true"), ("expected", prune)),
                c =>
                [
                    new(MigrationService.ArgoCd, "GET", Argo, Note: "are the three applications still there?"),
                    new(MigrationService.Kubernetes, "GET", "/api/v1/namespaces", Note: "are their namespaces still there?"),
                    new(MigrationService.ArgoCd, "GET", $"{Argo}/science-platform", Note: "no auto-sync, no operation; at a revision a dry run already checked, its requiresPruning set is the read-only check"),
                    new(MigrationService.ArgoCd, "POST", $"{Argo}/science-platform/sync", "{\"prune\":true,\"dryRun\":true}"),
                    new(MigrationService.ArgoCd, "GET", $"{Argo}/science-platform", Note: "until the operation finishes; compare the pruned resources with the expected set"),
                ]),
            new MigrationStep("3.W1", S, MigrationStepKind.Live, MigrationPhase.Window, "Prune v2 from science-platform",
                "Syncs science-platform with prune, limited to the previewed set; Argo CD deletes the three applications with their namespaces.",
                "Revert 3.P2, sync science-platform, sync the three applications (needs their values files).")
            {
                Destructive = true,
                Live = c => Call(c, MigrationLiveAction.PruneApplications, "science-platform", ("dryRun", "false"), ("expected", prune)),
                Requests = c =>
                [
                    new(MigrationService.ArgoCd, "GET", Argo, Note: "are the three applications still there?"),
                    new(MigrationService.Kubernetes, "GET", "/api/v1/namespaces", Note: "are their namespaces still there?"),
                    new(MigrationService.ArgoCd, "GET", $"{Argo}/science-platform", Note: "no auto-sync, no operation this run did not start"),
                    new(MigrationService.ArgoCd, "POST", $"{Argo}/science-platform/sync",
                        "{\"prune\":true,\"resources\":[" + string.Join(",", MigrationCheckout.V2Applications.Select(a => $"{{\"group\":\"argoproj.io\",\"kind\":\"Application\",\"name\":\"{a}\",\"namespace\":\"argocd\"}}")
                            .Concat(MigrationCheckout.V2Applications.Select(a => $"{{\"group\":\"\",\"kind\":\"Namespace\",\"name\":\"{a}\"}}"))) + "]}"),
                    new(MigrationService.ArgoCd, "GET", $"{Argo}/science-platform", Note: "until the operation finished"),
                    new(MigrationService.ArgoCd, "GET", Argo, Note: "until none of nublado2, cachemachine, moneypenny is listed"),
                    new(MigrationService.Kubernetes, "GET", "/api/v1/namespaces", Note: "until none of nublado2, cachemachine, moneypenny is listed"),
                ],
            },
            RemoveSessions(S, "3.W2", ["nublado2-"]),
            RestoreMobu(S, "3.W3"),
            Repo(S, "3.W4", MigrationPhase.Window, "Delete the v2 values files",
                "Deletes applications/{nublado2,cachemachine,moneypenny}/values-ENV.yaml.", "git revert the commit (its id is in the journal).",
                c => RepoEdits.DeleteV2ValuesFiles(c.Checkout)),
        ];
    }

    private static List<MigrationStep> Cleanup()
    {
        const MigrationStage S = MigrationStage.Cleanup;
        return
        [
            Probe(S, "C1", MigrationPhase.Preparation, "No environment uses v2",
                "Checks every environment file of the checkout and the v2 values files.",
                c =>
                {
                    CleanupVerifier.Verify(c.Checkout.Root);
                    return $"No environment of {MigrationCheckout.ListEnvironments(c.Checkout.Root).Count} enables nublado2, cachemachine or moneypenny, and none has values files for them.";
                }),
            Repo(S, "C2", MigrationPhase.Preparation, "Delete the v2 applications",
                "Deletes the three application directories, their app-of-apps templates, their defaults and postgres' jupyterhub_password secret.",
                "git revert the commit.",
                c => RepoEdits.RemoveV2Applications(c.Checkout)),
            Repo(S, "C5", MigrationPhase.Preparation, "mobu cachemachine options",
                "On mobu 7.0.0 or later, deletes use_cachemachine and cachemachine_image_policy from the flocks.", "git revert the commit.",
                c => RepoEdits.MobuOptionCleanup(c.Checkout, c.Options)),
            new MigrationStep("C3", S, MigrationStepKind.Live, MigrationPhase.Window, "Drop the v2 session database",
                "Drops database jupyterhub and role jovyan once no v3 db.url names them and no nublado2 pods remain.", "None after the drop (take pg_dump first).")
            {
                Destructive = true,
                Check = c =>
                {
                    RouteSettings.RefuseSharedDatabase(c.Checkout);
                    return "The v3 database URL does not name jupyterhub or jovyan.";
                },
                Live = c => Call(c, MigrationLiveAction.DropV2Database, "jupyterhub", "jovyan"),
                Requests = c =>
                [
                    new(MigrationService.Kubernetes, "GET", "/api/v1/namespaces", Note: "namespace nublado2 must be gone"),
                    new(MigrationService.Postgres, "SQL", "SELECT count(*) FROM pg_stat_activity WHERE datname = 'jupyterhub'"),
                    new(MigrationService.Postgres, "SQL", "DROP DATABASE jupyterhub", Note: "only when no connection is open"),
                    new(MigrationService.Postgres, "SQL", "DROP ROLE jovyan"),
                ],
            },
            new MigrationStep("C4", S, MigrationStepKind.Live, MigrationPhase.Window, "Soft-delete the nublado2 Vault secret",
                "Soft-deletes <prefix>/nublado2 when no VaultSecret and no secrets.yaml copy reads it; records its version.",
                "POST /v1/secret/undelete/<prefix>/nublado2 with the recorded version.")
            {
                Destructive = true,
                Live = c => Call(c, MigrationLiveAction.DeleteV2VaultSecret, "nublado2"),
                Requests = c =>
                [
                    new(MigrationService.Kubernetes, "GET", "/apis/ricoberger.de/v1alpha1/vaultsecrets", Note: "no spec.path may end in /nublado2"),
                    new(MigrationService.Vault, "GET", $"/v1/secret/data/{c.VaultPath}/nublado2", Note: "record its version (already deleted or absent: nothing to do)"),
                    new(MigrationService.Vault, "DELETE", $"/v1/secret/data/{c.VaultPath}/nublado2"),
                ],
            },
        ];
    }

    private static string SiteConfiguration(MigrationContext c)
    {
        var checkout = c.Checkout;
        var file = checkout.ValuesFile("nublado");
        if (!checkout.Exists(file))
        {
            throw new RspException("Migration.SiteConfigMissing", ErrorKind.NotFound,
                $"{file} does not exist; nublado v3 needs the site's image source, lab sizes, volumes and secrets.", file,
                "Write the site's nublado values (by hand: they differ from the v2 syntax), then run the stage again.");
        }

        var document = checkout.Edit(file);
        RouteSettings.RefuseMisplaced(document);
        if (document.GetScalar(new YamlPath("controller", "config", "images", "source", "type")) is null)
        {
            throw new RspException("Migration.SiteConfigIncomplete", ErrorKind.InvalidData,
                $"{file} sets no controller.config.images.source.type; the controller cannot list lab images.", file,
                "Set the image source (docker or google) in the nublado values.");
        }

        RouteSettings.RefuseSharedDatabase(checkout);
        return $"{file} names an image source and its own hub database.";
    }

    private static RepoChangeSet Merge(RepoChangeSet first, RepoChangeSet second)
    {
        var merged = new RepoChangeSet();
        foreach (var change in first.Files.Concat(second.Files))
        {
            merged.AddFile(change);
        }

        foreach (var note in first.Notes.Concat(second.Notes))
        {
            merged.Note(note);
        }

        return merged;
    }

    private static MigrationLiveCall Call(MigrationContext c, MigrationLiveAction action, params string[] targets) =>
        new(action, c.Checkout.Environment, targets, NoOptions);

    private static MigrationLiveCall Call(MigrationContext c, MigrationLiveAction action, string target, params (string Key, string Value)[] options) =>
        new(action, c.Checkout.Environment, [target], options.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal));

    private static MigrationStep Repo(MigrationStage stage, string id, MigrationPhase phase, string title, string changes, string undo, Func<MigrationContext, RepoChangeSet> repo, bool servedRoutes = false) =>
        new(id, stage, MigrationStepKind.Repo, phase, title, changes, undo) { Repo = repo, ValidateServedRoutes = servedRoutes };

    private static MigrationStep Gate(MigrationStage stage, string id, MigrationPhase phase, string title, string changes) =>
        new(id, stage, MigrationStepKind.Gate, phase, title, changes, "None.");

    private static MigrationStep Probe(MigrationStage stage, string id, MigrationPhase phase, string title, string changes, Func<MigrationContext, string> check) =>
        new(id, stage, MigrationStepKind.Probe, phase, title, changes, "None (read-only).") { Check = check };

    private static MigrationStep LiveProbe(MigrationStage stage, string id, MigrationPhase phase, string title, string changes,
        Func<MigrationContext, MigrationLiveCall> call, Func<MigrationContext, IReadOnlyList<MigrationRequest>> requests) =>
        new(id, stage, MigrationStepKind.Probe, phase, title, changes, "None (read-only).") { Live = call, Requests = requests };

    private static MigrationStep Live(MigrationStage stage, string id, MigrationPhase phase, string title, string changes, string undo,
        Func<MigrationContext, MigrationLiveCall> call, Func<MigrationContext, IReadOnlyList<MigrationRequest>> requests) =>
        new(id, stage, MigrationStepKind.Live, phase, title, changes, undo) { Live = call, Requests = requests };

    private static MigrationStep Preflight(MigrationStage stage, string id, string[] applications) =>
        LiveProbe(stage, id, MigrationPhase.Window, "Preflight",
            $"Tokens work; {string.Join(", ", applications)} exist with no auto-sync and no running operation; records the flocks and lab namespaces.",
            c => new MigrationLiveCall(MigrationLiveAction.Preflight, c.Checkout.Environment, applications, NoOptions),
            c =>
            [
                .. applications.Select(a => new MigrationRequest(MigrationService.ArgoCd, "GET", $"{Argo}/{a}")),
                new(MigrationService.Mobu, "GET", "/mobu/flocks"),
                new(MigrationService.Vault, "GET", $"/v1/secret/data/{c.VaultPath}/nublado"),
                new(MigrationService.Kubernetes, "GET", $"/api/v1/namespaces?labelSelector={V2Labels}"),
                new(MigrationService.Kubernetes, "GET", $"/api/v1/namespaces?labelSelector={V3Labels}"),
            ]);

    private static MigrationStep SilenceMobu(MigrationStage stage, string id) =>
        Live(stage, id, MigrationPhase.Window, "Silence mobu",
            "Stops every running notebook flock (NotebookRunner, JupyterPythonLoop); re-checked right before the hubs go.",
            "Restore mobu (sync and restart).",
            c => Call(c, MigrationLiveAction.SilenceMobu),
            c =>
            [
                new(MigrationService.Mobu, "GET", "/mobu/flocks"),
                new(MigrationService.Mobu, "GET", "/mobu/flocks/{flock}", Note: "for each flock: keep name and config only"),
                new(MigrationService.Mobu, "DELETE", "/mobu/flocks/{flock}", Note: "for each notebook flock"),
                new(MigrationService.Mobu, "GET", "/mobu/flocks", Note: "again right before the hubs are deleted"),
            ]);

    private static MigrationStep DeleteHubs(MigrationStage stage, string id, string[] namespaces) =>
        new(id, stage, MigrationStepKind.Live, MigrationPhase.Window, namespaces.Length == 1 ? "Disable v2 logins" : "Disable logins on both hubs",
            $"Deletes Deployment hub in {string.Join(" and ", namespaces)}; the routes answer 503.", "Sync the applications again.")
        {
            Live = c => new MigrationLiveCall(MigrationLiveAction.DeleteHubs, c.Checkout.Environment, namespaces, NoOptions),
            Requests = c =>
            [
                new(MigrationService.Mobu, "GET", "/mobu/flocks", Note: "right before the hubs go: a notebook flock back since 'Silence mobu' is stopped again"),
                new(MigrationService.Mobu, "GET", "/mobu/flocks/{flock}", Note: "for each flock"),
                new(MigrationService.Mobu, "DELETE", "/mobu/flocks/{flock}", Note: "for a notebook flock that came back"),
                .. namespaces.SelectMany(n => new MigrationRequest[]
                {
                    new(MigrationService.Kubernetes, "GET", $"/apis/apps/v1/namespaces/{n}/deployments/hub", Note: "already gone: nothing to do"),
                    new(MigrationService.ArgoCd, "DELETE", $"{Argo}/{n}/resource?namespace={n}&resourceName=hub&group=apps&version=v1&kind=Deployment"),
                    new(MigrationService.Kubernetes, "GET", $"/apis/apps/v1/namespaces/{n}/deployments/hub", Note: "until 404"),
                }),
            ],
        };

    private static MigrationStep RemoveSessions(MigrationStage stage, string id, string[] prefixes) =>
        new(id, stage, MigrationStepKind.Live, MigrationPhase.Window, prefixes.Length == 1 ? "Remove v2 sessions" : "Remove the sessions of both hubs",
            $"Deletes every lab namespace named {string.Join(" or ", prefixes.Select(p => p + "*"))} with the lab labels (exact prefix, never a system namespace), with uid preconditions, and waits until they are gone.",
            "None (users start new labs).")
        {
            Destructive = true,
            Live = c => new MigrationLiveCall(MigrationLiveAction.RemoveLabSessions, c.Checkout.Environment, prefixes, NoOptions),
            Requests = c =>
            [
                .. prefixes.SelectMany(p => new MigrationRequest[]
                {
                    new(MigrationService.Kubernetes, "GET", $"/api/v1/namespaces?labelSelector={(p == "nublado-" ? V3Labels : V2Labels)}", Note: $"keep names starting with exactly {p}"),
                    new(MigrationService.Kubernetes, "DELETE", "/api/v1/namespaces/{name}",
                        "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"propagationPolicy\":\"Background\",\"preconditions\":{\"uid\":\"{uid}\"}}", "for each listed namespace"),
                    new(MigrationService.Kubernetes, "GET", "/api/v1/namespaces/{name}", Note: "until 404; a namespace stuck Terminating is reported, its finalizers left alone"),
                }),
            ],
        };

    private static MigrationStep Sync(MigrationStage stage, string id, string application, bool prune, string changes, string undo, string? hubCheck = null, bool dryRunFirst = false) =>
        new(id, stage, MigrationStepKind.Live, MigrationPhase.Window, $"Sync {application}", changes, undo)
        {
            Live = c => Call(c, MigrationLiveAction.SyncApplication, application, ("prune", prune ? "true" : "false"), ("dryRunFirst", dryRunFirst ? "true" : "false"), ("hubRoute", hubCheck ?? string.Empty)),
            Requests = c =>
            [
                new(MigrationService.ArgoCd, "GET", $"{Argo}/{application}", Note: "no auto-sync, no operation; already Synced and Healthy: nothing to sync"),
                .. dryRunFirst ? new[] { new MigrationRequest(MigrationService.ArgoCd, "POST", $"{Argo}/{application}/sync", "{\"prune\":false,\"dryRun\":true}", "preview: only the new Application and Namespace may change") } : [],
                new(MigrationService.ArgoCd, "POST", $"{Argo}/{application}/sync", prune ? "{\"prune\":true}" : "{\"prune\":false}"),
                new(MigrationService.ArgoCd, "GET", $"{Argo}/{application}", Note: "until the operation finished, Synced and Healthy"),
                .. hubCheck is null ? Array.Empty<MigrationRequest>() : [new MigrationRequest(MigrationService.Hub, "GET", $"{hubCheck}/hub/api/", Note: "expect 200 with the hub version")],
            ],
        };

    private static MigrationStep RestoreMobu(MigrationStage stage, string id) =>
        Live(stage, id, MigrationPhase.Window, "Re-enable mobu",
            "Syncs mobu and restarts its Deployment (the restart loads the autostart flocks), then checks every autostart flock is back.",
            "None needed.",
            c => Call(c, MigrationLiveAction.RestoreMobu, "mobu"),
            c =>
            [
                new(MigrationService.Mobu, "GET", "/mobu/flocks", Note: "every autostart flock running and mobu Synced: nothing to do"),
                new(MigrationService.ArgoCd, "GET", $"{Argo}/mobu"),
                new(MigrationService.ArgoCd, "POST", $"{Argo}/mobu/sync", "{\"prune\":false}", "when mobu is not Synced and Healthy"),
                new(MigrationService.ArgoCd, "GET", $"{Argo}/mobu", Note: "until Synced and Healthy"),
                new(MigrationService.Kubernetes, "GET", "/apis/apps/v1/namespaces/mobu/deployments/mobu"),
                new(MigrationService.Kubernetes, "PATCH", "/apis/apps/v1/namespaces/mobu/deployments/mobu",
                    "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"{now}\"}}}}}"),
                new(MigrationService.Kubernetes, "GET", "/apis/apps/v1/namespaces/mobu/deployments/mobu", Note: "until ready"),
                new(MigrationService.Mobu, "GET", "/mobu/flocks", Note: "until every config.autostart name is listed"),
            ]);
}
