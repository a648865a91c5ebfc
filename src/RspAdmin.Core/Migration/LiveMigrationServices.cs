using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using RspAdmin.Core.ArgoCd;
using RspAdmin.Core.Cluster;
using RspAdmin.Core.Http;
using RspAdmin.Core.Hub;
using RspAdmin.Core.Mobu;
using RspAdmin.Core.Postgres;
using RspAdmin.Core.Vault;
using RspAdmin.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace RspAdmin.Core.Migration;

/// <summary>How the live steps talk to the services: HTTP options, waits and the namespace cap.</summary>
public sealed class LiveMigrationSettings
{
    /// <summary>Retries, time limits, the request log and retry notices of Argo CD, Vault, mobu and the hubs.</summary>
    public HttpServiceOptions Http { get; init; } = new();

    /// <summary>The Kubernetes request log.</summary>
    public Action<ClusterRequestLogEntry>? ClusterLog { get; init; }

    /// <summary>How long one wait may take (a sync, namespaces going, flocks coming back).</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a wait polls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most lab namespaces one prefix may have; more stops the step before anything is deleted.</summary>
    public int MaxNamespaces { get; init; } = 5000;

    /// <summary>Told what a long step is doing (for a progress line).</summary>
    public Action<string>? Note { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// The live actions of the migration over the service clients: Argo CD, Vault, mobu, the hub routes, the
/// Kubernetes API and PostgreSQL. Every action first probes whether its change is already there and is safe
/// to repeat; facts go to the journal before or right after each destructive call, so a resumed run never
/// sends one twice. The safety rules hold: exact prefix and labels with uid preconditions, no sync of an
/// application with auto-sync or a running operation, a dry run before prune with the pruned set checked
/// and passed as the sync's resources, mobu re-checked right before the hubs go.
/// </summary>
public sealed class LiveMigrationServices : IMigrationServices, IDisposable
{
    private static readonly string[] RandomKeys = ["crypto_key", "cryptkeeper_key", "proxy_token"];
    private static readonly string[] AllowedNewInParent = ["Application/nublado", "Namespace/nublado", "Application/fileservers", "Namespace/fileservers"];

    private readonly MigrationConnection _connection;
    private readonly MigrationCheckout _checkout;
    private readonly LiveMigrationSettings _settings;
    private ArgoCdClient? _argo;
    private VaultClient? _vault;
    private MobuClient? _mobu;
    private HubRouteClient? _hub;
    private LabCluster? _cluster;
    private HubDatabaseClient? _postgres;

    /// <summary>Creates the services of one environment.</summary>
    public LiveMigrationServices(MigrationConnection connection, MigrationCheckout checkout, LiveMigrationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(checkout);
        _connection = connection;
        _checkout = checkout;
        _settings = settings ?? new LiveMigrationSettings();
    }

    /// <inheritdoc />
    public async Task<MigrationClusterEvidence> GetEvidenceAsync(string environment, CancellationToken cancellationToken)
    {
        var applications = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (_connection.ArgoCdUrl is not null)
        {
            var argo = await ArgoAsync(cancellationToken).ConfigureAwait(false);
            foreach (var app in await argo.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (app.Name is "nublado" || MigrationCheckout.V2Applications.Contains(app.Name))
                {
                    applications[app.Name] = app.SyncStatus == "Synced";
                }
            }
        }

        var namespaces = new LabNamespaceClient(Cluster());
        var v2 = await namespaces.ListAsync("nublado2-", cancellationToken).ConfigureAwait(false);
        var v3 = await namespaces.ListAsync("nublado-", cancellationToken).ConfigureAwait(false);
        return new MigrationClusterEvidence(applications, v2.Count, v3.Count);
    }

    /// <inheritdoc />
    public async Task<bool?> IsDoneAsync(MigrationLiveCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            switch (call.Action)
            {
                case MigrationLiveAction.EnsureVaultSecret:
                    var info = await Vault().GetInfoAsync(VaultPath(call.Targets[0]), cancellationToken).ConfigureAwait(false);
                    return RequiredKeys().All(k => info.KeyState(k) == VaultKeyState.Present);
                case MigrationLiveAction.SilenceMobu:
                    var mobu = Mobu();
                    foreach (var name in await mobu.ListFlocksAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var flock = await mobu.GetFlockAsync(name, cancellationToken).ConfigureAwait(false);
                        if (flock.Business is not null && MobuConfig.NubladoBusinesses.Contains(flock.Business))
                        {
                            return false;
                        }
                    }

                    return true;
                case MigrationLiveAction.DeleteHubs:
                    var deployments = new DeploymentClient(Cluster());
                    foreach (var ns in call.Targets)
                    {
                        if (await deployments.GetAsync(ns, "hub", cancellationToken).ConfigureAwait(false) is not null)
                        {
                            return false;
                        }
                    }

                    return true;
                case MigrationLiveAction.RemoveLabSessions:
                    var namespaces = new LabNamespaceClient(Cluster());
                    foreach (var prefix in call.Targets)
                    {
                        if ((await namespaces.ListAsync(prefix, cancellationToken).ConfigureAwait(false)).Count > 0)
                        {
                            return false;
                        }
                    }

                    return true;
                case MigrationLiveAction.SyncApplication:
                    var app = await (await ArgoAsync(cancellationToken).ConfigureAwait(false)).GetAsync(call.Targets[0], cancellationToken: cancellationToken).ConfigureAwait(false);
                    return app is { SyncStatus: "Synced", HealthStatus: "Healthy", OperationRunning: false };
                case MigrationLiveAction.PruneApplications when Option(call, "dryRun") == "false":
                    var expected = (Option(call, "expected") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries).Select(ParseResource).ToList();
                    var listed = (await (await ArgoAsync(cancellationToken).ConfigureAwait(false)).ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
                    var present = (await Cluster().GetNamespaceNamesAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
                    return expected.All(r => r.Kind == "Application" ? !listed.Contains(r.Name) : !present.Contains(r.Name));
                case MigrationLiveAction.RestoreMobu:
                    var running = await Mobu().ListFlocksAsync(cancellationToken).ConfigureAwait(false);
                    var mobuApp = await (await ArgoAsync(cancellationToken).ConfigureAwait(false)).GetAsync(call.Targets[0], cancellationToken: cancellationToken).ConfigureAwait(false);
                    return AutostartFlocks().All(running.Contains) && mobuApp is { SyncStatus: "Synced", HealthStatus: "Healthy" };
                case MigrationLiveAction.DropV2Database:
                    var database = await Postgres().GetAsync(call.Targets[0], call.Targets.Count > 1 ? call.Targets[1] : null, cancellationToken).ConfigureAwait(false);
                    return !database.Exists && !database.RoleExists;
                case MigrationLiveAction.DeleteV2VaultSecret:
                    return (await Vault().GetInfoAsync(VaultPath(call.Targets[0]), cancellationToken).ConfigureAwait(false)).State != VaultSecretState.Present;
                default:
                    return null;
            }
        }
        catch (RspException e) when (e.ErrorId == "Migration.ServiceMissing")
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> EnsureVaultSecretAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(facts);
        var application = call.Targets[0];
        var vault = Vault();
        var path = VaultPath(application);
        var info = await vault.GetInfoAsync(path, cancellationToken).ConfigureAwait(false);
        var required = RequiredKeys();
        var empty = required.Where(k => info.EmptyKeys.Contains(k)).ToList();
        if (empty.Count > 0)
        {
            throw new RspException("Migration.VaultKeyEmpty", ErrorKind.InvalidData,
                $"{vault.Mount}/{path} has empty values for {string.Join(", ", empty)}; they are never overwritten.", path,
                "Set the values in Vault (the hub database password must be the database role's), then run the step again.");
        }

        var candidates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in required.Where(k => !info.Keys.Contains(k)))
        {
            candidates[key] = key switch
            {
                "hub_db_password" when !_checkout.IsEnabled("postgres") => throw new RspException("Migration.VaultKeyNeeded", ErrorKind.InvalidOperation,
                    $"{vault.Mount}/{path} has no hub_db_password and the environment uses an external database, whose password only its administrator has.", path,
                    "Add hub_db_password to the secret with the password of the v3 hub's database role, then run the step again."),
                "slack_webhook" => await CopyKeyAsync(vault, "mobu", "app-alert-webhook", path, cancellationToken).ConfigureAwait(false),
                _ => VaultClient.RandomPassword(),
            };
        }

        if (candidates.Count == 0)
        {
            facts.Record("version", info.Version.ToString(CultureInfo.InvariantCulture));
            return new MigrationLiveResult(false, $"{vault.Mount}/{path} has every key ({string.Join(", ", required)}).");
        }

        facts.Record("existedBefore", info.State == VaultSecretState.Present ? "true" : "false");
        var added = await vault.AddMissingKeysAsync(path, candidates, cancellationToken).ConfigureAwait(false);
        facts.Record("version", added.Version.ToString(CultureInfo.InvariantCulture));
        return new MigrationLiveResult(added.Added.Count > 0,
            $"{vault.Mount}/{path}: added {string.Join(", ", added.Added)} ({added.Method}, version {added.Version}); no existing value was changed.");
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> CheckDeployedRevisionAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(facts);
        var parent = call.Targets[0];
        var argo = await ArgoAsync(cancellationToken).ConfigureAwait(false);
        var app = await argo.GetAsync(parent, refresh: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        facts.Record("revision", app.Revision ?? string.Empty);
        var nublado = app.Resources.FirstOrDefault(r => r.Kind == "Application" && r.Name == "nublado");
        if (nublado is null)
        {
            throw new RspException("Migration.ChangesNotLanded", ErrorKind.InvalidOperation,
                $"Argo CD's {parent} at revision {Short(app.Revision)} does not render Application nublado: the commits that enable it have not reached the branch Argo CD tracks.",
                parent, "Push the migration branch and merge it into the branch Argo CD tracks, then run the step again.");
        }

        return new MigrationLiveResult(false, $"{parent} tracks {Short(app.Revision)}; Application nublado is {nublado.Status}.");
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> PreflightAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(facts);
        var argo = await ArgoAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in call.Targets)
        {
            Refuse(await argo.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false));
        }

        var flocks = await Mobu().ListFlocksAsync(cancellationToken).ConfigureAwait(false);
        facts.Record("flocks", string.Join(",", flocks));

        var vault = Vault();
        var path = VaultPath("nublado");
        var info = await vault.GetInfoAsync(path, cancellationToken).ConfigureAwait(false);
        var missing = RequiredKeys().Where(k => info.KeyState(k) != VaultKeyState.Present).ToList();
        if (missing.Count > 0)
        {
            throw new RspException("Migration.VaultSecretIncomplete", ErrorKind.InvalidOperation,
                $"{vault.Mount}/{path} lacks {string.Join(", ", missing)}; the v3 hub would not start.", path, "Run step 1.P1 (the Vault secret) first.");
        }

        var namespaces = new LabNamespaceClient(Cluster());
        var v2 = await namespaces.ListAsync("nublado2-", cancellationToken).ConfigureAwait(false);
        var v3 = await namespaces.ListAsync("nublado-", cancellationToken).ConfigureAwait(false);
        facts.Record("nublado2-", v2.Count.ToString(CultureInfo.InvariantCulture));
        facts.Record("nublado-", v3.Count.ToString(CultureInfo.InvariantCulture));
        return new MigrationLiveResult(false,
            $"{string.Join(", ", call.Targets)}: manual sync, no operation running; flocks: {(flocks.Count == 0 ? "none" : string.Join(", ", flocks))}; {v2.Count} nublado2- and {v3.Count} nublado- lab namespaces; Vault {path} complete.");
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> SilenceMobuAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var (stopped, kept) = await StopNotebookFlocksAsync(facts, cancellationToken).ConfigureAwait(false);
        var keptText = kept.Count == 0 ? string.Empty : $"; still running (no lab): {string.Join(", ", kept)}";
        return stopped.Count == 0
            ? new MigrationLiveResult(false, $"No notebook flock runs{keptText}.")
            : new MigrationLiveResult(true, $"Stopped notebook flocks {string.Join(", ", stopped)}{keptText}.");
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> DeleteHubsAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(facts);

        // Safety rule: flocks are re-checked right before the hubs go (a mobu restart brings them back).
        var (revived, _) = await StopNotebookFlocksAsync(facts, cancellationToken).ConfigureAwait(false);
        var argo = await ArgoAsync(cancellationToken).ConfigureAwait(false);
        var deployments = new DeploymentClient(Cluster());
        var deleted = new List<string>();
        foreach (var ns in call.Targets)
        {
            if (await deployments.GetAsync(ns, "hub", cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            if (facts.Get("hub." + ns) is null)
            {
                try
                {
                    await argo.DeleteResourceAsync(ns, new ArgoCdResourceRef("apps", "Deployment", "hub", ns), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (RspException e) when (e.ErrorId == "ArgoCd.NotFound")
                {
                }

                facts.Record("hub." + ns, "deleted");
            }

            deleted.Add(ns);
            await UntilAsync(async t => await deployments.GetAsync(ns, "hub", t).ConfigureAwait(false) is null, $"Deployment {ns}/hub to go", "Migration.HubNotDeleted", ns,
                "Check the Deployment's finalizers and whether an auto-sync brings it back.", cancellationToken).ConfigureAwait(false);
        }

        var again = revived.Count == 0 ? string.Empty : $" (flocks {string.Join(", ", revived)} had come back and were stopped again)";
        return deleted.Count == 0
            ? new MigrationLiveResult(false, $"No hub Deployment in {string.Join(" or ", call.Targets)}{again}.")
            : new MigrationLiveResult(true, $"Deleted Deployment hub in {string.Join(" and ", deleted)}{again}.");
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> RemoveLabSessionsAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(facts);
        var client = new LabNamespaceClient(Cluster());
        var parts = new List<string>();
        var changed = false;
        foreach (var prefix in call.Targets)
        {
            var listed = await client.ListAsync(prefix, cancellationToken).ConfigureAwait(false);
            if (listed.Count > _settings.MaxNamespaces)
            {
                throw new RspException("Migration.TooManyNamespaces", ErrorKind.LimitExceeded,
                    $"{listed.Count} lab namespaces start with {prefix}, more than the cap of {_settings.MaxNamespaces}; nothing was deleted.", prefix,
                    "Check the list, then raise the cap for this run.");
            }

            // A namespace already Terminating was deleted before (by an interrupted run or by hand): it is waited for, never deleted again.
            var fresh = listed.Where(n => n.Phase != "Terminating").ToList();
            if (fresh.Count > 0)
            {
                var record = string.Join(";", fresh.Select(n => n.Name + "=" + n.Uid));
                facts.Record("namespaces." + prefix, facts.Get("namespaces." + prefix) is { Length: > 0 } earlier ? earlier + ";" + record : record);
                _settings.Note?.Invoke($"Deleting {fresh.Count} namespaces {prefix}*");
                var removals = await client.RemoveAsync(fresh, _settings.Wait, (gone, total) => _settings.Note?.Invoke($"{gone} of {total} namespaces {prefix}* gone"), cancellationToken).ConfigureAwait(false);
                var failed = removals.Where(r => r.GetOutcome() is LabNamespaceOutcome.Failed or LabNamespaceOutcome.StuckTerminating).ToList();
                if (failed.Count > 0)
                {
                    throw new RspException("Migration.NamespaceStuck", ErrorKind.InvalidOperation,
                        $"{failed.Count} namespaces {prefix}* are not gone: {string.Join(" ", failed.Take(3).Select(f => f.Message ?? f.Name))}", prefix,
                        "Look at the namespaces' remaining objects and finalizers (they are never removed automatically), then run the step again.");
                }

                changed = true;
                var replaced = removals.Count(r => r.GetOutcome() == LabNamespaceOutcome.Replaced);
                parts.Add($"deleted {removals.Count - replaced} {prefix}*" + (replaced > 0 ? $" ({replaced} recreated since listing, kept)" : string.Empty));
            }

            var terminating = listed.Where(n => n.Phase == "Terminating").Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
            if (terminating.Count > 0)
            {
                await UntilAsync(async t => (await client.ListAsync(prefix, t).ConfigureAwait(false)).All(n => !terminating.Contains(n.Name)),
                    $"{terminating.Count} namespaces {prefix}* to finish terminating", "Migration.NamespaceStuck", prefix,
                    "Look at the namespaces' remaining objects and finalizers (they are never removed automatically), then run the step again.", cancellationToken).ConfigureAwait(false);
                parts.Add($"{terminating.Count} {prefix}* already terminating, now gone");
            }
        }

        return new MigrationLiveResult(changed, parts.Count == 0 ? $"No lab namespace {string.Join(" or ", call.Targets.Select(p => p + "*"))} is left." : string.Join("; ", parts) + ".");
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> SyncApplicationAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(facts);
        var name = call.Targets[0];
        var prune = Option(call, "prune") == "true";
        var dryRunFirst = Option(call, "dryRunFirst") == "true";
        var route = Option(call, "hubRoute");
        if (!string.IsNullOrEmpty(route))
        {
            Hub();
        }

        var (synced, app) = await SyncAsync(name, prune, dryRunFirst, facts, string.Empty, null, cancellationToken).ConfigureAwait(false);
        var text = $"{name}: {(synced ? "synced" : "already synced")} ({app.SyncStatus}, {app.HealthStatus})";
        if (!string.IsNullOrEmpty(route))
        {
            var status = await RouteUpAsync(route, cancellationToken).ConfigureAwait(false);
            text += $"; {status.Route} answers hub {status.Version}";
        }

        return new MigrationLiveResult(synced, text + ".");
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> PruneApplicationsAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(facts);
        var parent = call.Targets[0];
        var dryRun = Option(call, "dryRun") == "true";
        var expected = (Option(call, "expected") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var refs = expected.Select(ParseResource).ToList();
        var applications = refs.Where(r => r.Kind == "Application").Select(r => r.Name).ToList();
        var namespaces = refs.Where(r => r.Kind == "Namespace").Select(r => r.Name).ToList();
        var argo = await ArgoAsync(cancellationToken).ConfigureAwait(false);
        var cluster = Cluster();

        async Task<(List<string> Apps, List<string> Namespaces)> LeftAsync(CancellationToken t)
        {
            var apps = (await argo.ListAsync(cancellationToken: t).ConfigureAwait(false)).Select(a => a.Name).Where(applications.Contains).ToList();
            var present = (await cluster.GetNamespaceNamesAsync(t).ConfigureAwait(false)).Where(namespaces.Contains).ToList();
            return (apps, present);
        }

        var left = await LeftAsync(cancellationToken).ConfigureAwait(false);
        if (left.Apps.Count == 0 && left.Namespaces.Count == 0)
        {
            return new MigrationLiveResult(false, $"{string.Join(", ", applications)} and their namespaces are already gone.");
        }

        var app = await argo.GetAsync(parent, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (dryRun)
        {
            Refuse(app);

            // Probed again at the revision a dry run already checked: the read-only equivalent (requiresPruning) suffices.
            var pending = app.Resources.Where(r => r.RequiresPruning).Select(r => Key(r.Group, r.Kind, r.Namespace, r.Name)).ToHashSet(StringComparer.Ordinal);
            if (facts.Get("dryRunRevision") is { Length: > 0 } checkedAt && checkedAt == app.Revision && pending.SetEquals(expected))
            {
                return new MigrationLiveResult(false, $"The dry run at {Short(checkedAt)} pruned exactly the expected set, and {parent} still marks exactly it for pruning.");
            }

            await argo.SyncAsync(parent, new ArgoCdSyncRequest { Prune = true, DryRun = true }, cancellationToken).ConfigureAwait(false);
            var result = await argo.WaitAsync(parent, _settings.Wait, cancellationToken: cancellationToken).ConfigureAwait(false);
            var pruned = (result.Operation?.Resources ?? []).Where(r => r.Status == "Pruned").Select(r => Key(r.Group, r.Kind, r.Namespace, r.Name)).ToHashSet(StringComparer.Ordinal);
            if (!pruned.SetEquals(expected))
            {
                var extra = pruned.Except(expected).Order(StringComparer.Ordinal).ToList();
                var lacking = expected.Except(pruned).Order(StringComparer.Ordinal).ToList();
                throw new RspException("Migration.UnexpectedPrune", ErrorKind.InvalidOperation,
                    $"The dry-run prune of {parent} does not match the expected set:{(extra.Count > 0 ? " it would also prune " + string.Join(", ", extra) + "." : string.Empty)}{(lacking.Count > 0 ? " It would not prune " + string.Join(", ", lacking) + "." : string.Empty)} Nothing was pruned.",
                    parent, "Find out why (another application turned off, drift), fix the checkout, and run the window again.");
            }

            facts.Record("dryRunRevision", result.Operation?.Revision ?? string.Empty);
            return new MigrationLiveResult(false, $"The dry run of {parent} prunes exactly {string.Join(", ", expected.Order(StringComparer.Ordinal))}.");
        }

        var mine = IsMine(app, facts.Get("syncRequestedAt"));
        if (!mine)
        {
            Refuse(app);
            facts.Record("syncRequestedAt", _settings.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            await argo.SyncAsync(parent, new ArgoCdSyncRequest { Prune = true, Resources = refs }, cancellationToken).ConfigureAwait(false);
        }

        var finished = await argo.WaitAsync(parent, _settings.Wait, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (finished.Operation?.Phase is { } phase && phase != "Succeeded")
        {
            throw new RspException("Migration.SyncFailed", ErrorKind.InvalidOperation, $"The prune of {parent} ended {phase}: {finished.Operation.Message}", parent, "Read the operation in Argo CD, fix the cause and run the step again.");
        }

        await UntilAsync(async t =>
        {
            var now = await LeftAsync(t).ConfigureAwait(false);
            return now.Apps.Count == 0 && now.Namespaces.Count == 0;
        }, $"{string.Join(", ", applications)} and their namespaces to go", "Migration.PruneStuck", parent,
            "An Application or Namespace is held by a finalizer: look at it (finalizers are never removed automatically), then run the step again.", cancellationToken).ConfigureAwait(false);
        return new MigrationLiveResult(true, $"Pruned {string.Join(", ", applications)} with their namespaces from {parent}.");
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> RestoreMobuAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(facts);
        var name = call.Targets[0];
        var wanted = AutostartFlocks();
        var mobu = Mobu();
        var running = await mobu.ListFlocksAsync(cancellationToken).ConfigureAwait(false);
        var argo = await ArgoAsync(cancellationToken).ConfigureAwait(false);
        var app = await argo.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (wanted.All(running.Contains) && app is { SyncStatus: "Synced", HealthStatus: "Healthy", OperationRunning: false } && facts.Get("restartedAt") is null)
        {
            return new MigrationLiveResult(false, $"mobu is synced and runs every autostart flock ({string.Join(", ", wanted)}).");
        }

        var (synced, _) = await SyncAsync(name, prune: false, dryRunFirst: false, facts, "sync.", app, cancellationToken).ConfigureAwait(false);
        var deployments = new DeploymentClient(Cluster());
        var current = await deployments.GetAsync(name, name, cancellationToken).ConfigureAwait(false);
        var stamp = facts.Get("restartedAt");
        var restarted = false;
        if (stamp is null || current?.RestartedAt != stamp)
        {
            var at = _settings.Time.GetUtcNow();
            stamp = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            facts.Record("restartedAt", stamp);
            await deployments.RestartAsync(name, name, at, cancellationToken).ConfigureAwait(false);
            restarted = true;
        }

        await deployments.WaitReadyAsync(name, name, _settings.Wait, _settings.PollInterval, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> back = [];
        await UntilAsync(async t =>
        {
            back = await mobu.ListFlocksAsync(t).ConfigureAwait(false);
            return wanted.All(back.Contains);
        }, $"mobu's autostart flocks ({string.Join(", ", wanted)}) to come back", "Migration.FlocksMissing", name,
            "Read mobu's log: an autostart entry it cannot parse (an unknown option) keeps it from starting its flocks.", cancellationToken).ConfigureAwait(false);
        return new MigrationLiveResult(synced || restarted,
            $"mobu {(synced ? "synced and " : string.Empty)}{(restarted ? "restarted" : "already restarted")}; every autostart flock runs ({string.Join(", ", wanted)}).");
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> DropV2DatabaseAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(facts);
        var database = call.Targets[0];
        var role = call.Targets.Count > 1 ? call.Targets[1] : null;
        var named = HubDatabaseReferences.Find(_checkout.Root).Where(r => r.Database == database || (role is not null && r.Role == role)).ToList();
        if (named.Count > 0)
        {
            throw new RspException("Migration.DatabaseStillNamed", ErrorKind.InvalidOperation,
                $"{string.Join(", ", named.Select(r => r.File))} still name database {database} or role {role}; it is not dropped.", database,
                "Point the v3 hub at its own database (and finish stage 3 everywhere) first.");
        }

        if ((await Cluster().GetNamespaceNamesAsync(cancellationToken).ConfigureAwait(false)).Contains("nublado2"))
        {
            throw new RspException("Migration.V2StillRunning", ErrorKind.InvalidOperation,
                $"Namespace nublado2 still exists, so the v2 hub may still use database {database}; it is not dropped.", "nublado2", "Finish stage 3 (the prune removes the namespace), then run the step again.");
        }

        var postgres = Postgres();
        var state = await postgres.GetAsync(database, role, cancellationToken).ConfigureAwait(false);
        if (!state.Exists && !state.RoleExists)
        {
            return new MigrationLiveResult(false, $"Database {database} and role {role} are already gone.");
        }

        if (state.ActiveConnections > 0)
        {
            throw new RspException("Migration.DatabaseInUse", ErrorKind.Conflict,
                $"Database {database} has {state.ActiveConnections} open connections; it is not dropped.", database, "Find and stop the client still connected, then run the step again.");
        }

        facts.Record("dropped", database + (role is null ? string.Empty : "," + role));
        var removal = await postgres.RemoveAsync(database, role, force: false, cancellationToken).ConfigureAwait(false);
        return new MigrationLiveResult(removal.DatabaseDropped || removal.RoleDropped,
            $"Dropped {(removal.DatabaseDropped ? "database " + database : string.Empty)}{(removal.DatabaseDropped && removal.RoleDropped ? " and " : string.Empty)}{(removal.RoleDropped ? "role " + role : string.Empty)}.");
    }

    /// <inheritdoc />
    public async Task<MigrationLiveResult> DeleteV2VaultSecretAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(facts);
        var application = call.Targets[0];
        var vault = Vault();
        var path = VaultPath(application);
        var copies = SecretCopiesFrom(application);
        if (copies.Count > 0)
        {
            throw new RspException("Migration.SecretStillRead", ErrorKind.InvalidOperation,
                $"{string.Join(", ", copies)} still copy keys from {application}; deleting {vault.Mount}/{path} would leave them without a source.", path,
                "Remove those copies (and the settings that enable them) first.");
        }

        var readers = await VaultSecretReadersAsync(application, cancellationToken).ConfigureAwait(false);
        if (readers.Count > 0)
        {
            throw new RspException("Migration.SecretStillRead", ErrorKind.InvalidOperation,
                $"VaultSecret {string.Join(", ", readers)} still reads {vault.Mount}/{path}; it is not deleted.", path, "Remove what still reads it first.");
        }

        var info = await vault.GetInfoAsync(path, cancellationToken).ConfigureAwait(false);
        if (info.State != VaultSecretState.Present)
        {
            return new MigrationLiveResult(false, $"{vault.Mount}/{path} is already {(info.State == VaultSecretState.Deleted ? $"soft-deleted (version {info.Version})" : "absent")}.");
        }

        facts.Record("version", info.Version.ToString(CultureInfo.InvariantCulture));
        await vault.SoftDeleteAsync(path, cancellationToken).ConfigureAwait(false);
        return new MigrationLiveResult(true,
            $"Soft-deleted {vault.Mount}/{path} version {info.Version}; undo: POST /v1/{vault.Mount}/undelete/{path} {{\"versions\":[{info.Version}]}}.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _argo?.Dispose();
        _vault?.Dispose();
        _mobu?.Dispose();
        _hub?.Dispose();
        _cluster?.Dispose();
    }

    // Syncs an application unless it is already Synced and Healthy, resuming an operation an interrupted run started.
    // current: the application as the caller has just read it (saves asking again).
    private async Task<(bool Synced, ArgoCdApplication App)> SyncAsync(string name, bool prune, bool dryRunFirst, MigrationFacts facts, string factPrefix, ArgoCdApplication? current, CancellationToken cancellationToken)
    {
        var argo = await ArgoAsync(cancellationToken).ConfigureAwait(false);
        var app = current ?? await argo.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        var mine = IsMine(app, facts.Get(factPrefix + "syncRequestedAt"));
        var synced = mine;
        if (!mine)
        {
            Refuse(app);
            if (app is { SyncStatus: "Synced", HealthStatus: "Healthy" })
            {
                return (false, app);
            }

            if (dryRunFirst)
            {
                var unexpected = app.Resources.Where(r => r.Status != "Synced" && !AllowedNewInParent.Contains($"{r.Kind}/{r.Name}")).Select(r => r.Key).ToList();
                if (unexpected.Count > 0)
                {
                    throw new RspException("Migration.UnexpectedChanges", ErrorKind.InvalidOperation,
                        $"Syncing {name} would also change {string.Join(", ", unexpected.Take(10))}; only the new nublado Application and Namespace are expected. Nothing was synced.",
                        name, "Find out why those differ (another change on the branch, drift) and settle it first.");
                }

                await argo.SyncAsync(name, new ArgoCdSyncRequest { Prune = false, DryRun = true }, cancellationToken).ConfigureAwait(false);
                await argo.WaitAsync(name, _settings.Wait, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            facts.Record(factPrefix + "syncRequestedAt", _settings.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            await argo.SyncAsync(name, new ArgoCdSyncRequest { Prune = prune }, cancellationToken).ConfigureAwait(false);
            synced = true;
        }

        _settings.Note?.Invoke($"Waiting for {name} to be Synced and Healthy");
        var done = await argo.WaitAsync(name, _settings.Wait, healthy: true, cancellationToken).ConfigureAwait(false);
        if (done.Operation?.Phase is { } phase && phase != "Succeeded")
        {
            throw new RspException("Migration.SyncFailed", ErrorKind.InvalidOperation,
                $"The sync of {name} ended {phase}{(done.Operation.Message is { } m ? ": " + m : ".")}", name, "Read the operation in Argo CD, fix the cause and run the step again.");
        }

        return (synced, done);
    }

    // True when the application's operation is the one this step requested before an interruption.
    private static bool IsMine(ArgoCdApplication app, string? requestedAt) =>
        requestedAt is not null
        && DateTimeOffset.TryParse(requestedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var asked)
        && app.Operation?.StartedAt is { } started && started >= asked.AddSeconds(-5);

    private static void Refuse(ArgoCdApplication app)
    {
        if (app.AutoSync)
        {
            throw new RspException("Migration.AutoSyncEnabled", ErrorKind.InvalidOperation,
                $"Application {app.Name} has automated sync: a deleted hub would come straight back and a manual step could race it.", app.Name,
                "Turn auto-sync off for the window (spec.syncPolicy.automated), then run the stage again.");
        }

        if (app.OperationRunning)
        {
            throw new RspException("Migration.OperationInProgress", ErrorKind.Conflict,
                $"Application {app.Name} has an operation running that this run did not start.", app.Name, "Wait for it to finish, then run the stage again.");
        }
    }

    private async Task<(List<string> Stopped, List<string> Kept)> StopNotebookFlocksAsync(MigrationFacts facts, CancellationToken cancellationToken)
    {
        var mobu = Mobu();
        var stopped = new List<string>();
        var kept = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var any = false;
            kept.Clear();
            foreach (var name in await mobu.ListFlocksAsync(cancellationToken).ConfigureAwait(false))
            {
                MobuFlock flock;
                try
                {
                    flock = await mobu.GetFlockAsync(name, cancellationToken).ConfigureAwait(false);
                }
                catch (RspException e) when (e.ErrorId == "Mobu.FlockNotFound")
                {
                    continue;
                }

                if (flock.Business is null || !MobuConfig.NubladoBusinesses.Contains(flock.Business))
                {
                    kept.Add(name);
                    continue;
                }

                facts.Record("flock." + name, flock.Config);
                try
                {
                    await mobu.StopFlockAsync(name, cancellationToken).ConfigureAwait(false);
                }
                catch (RspException e) when (e.ErrorId == "Mobu.FlockNotFound")
                {
                }

                stopped.Add(name);
                any = true;
            }

            if (!any)
            {
                return (stopped, kept);
            }
        }

        throw new RspException("Migration.FlocksRevive", ErrorKind.InvalidOperation,
            $"Notebook flocks keep coming back after being stopped ({string.Join(", ", stopped.Distinct(StringComparer.Ordinal))}): mobu is restarting.", "mobu",
            "Find out why mobu restarts (a rollout, a crash loop) and run the step again.");
    }

    private async Task<HubRouteStatus> RouteUpAsync(string route, CancellationToken cancellationToken)
    {
        var hub = Hub();
        HubRouteStatus? last = null;
        await UntilAsync(async t =>
        {
            last = await hub.TestAsync(route, t).ConfigureAwait(false);
            if (last.GetState() == HubRouteState.AuthFailed)
            {
                throw new RspException("Auth.TokenRejected", ErrorKind.Unauthorized, $"Gafaelfawr refused the token for {route}.", route, "Give a Gafaelfawr token with the exec:notebook scope.");
            }

            return last.GetState() == HubRouteState.Up;
        }, $"{route}/hub/api/ to answer", "Migration.HubDown", route, "Look at the hub and proxy pods of the application and its Ingress path.", cancellationToken).ConfigureAwait(false);
        return last!;
    }

    private async Task UntilAsync(Func<CancellationToken, Task<bool>> done, string what, string errorId, string target, string action, CancellationToken cancellationToken)
    {
        var started = _settings.Time.GetTimestamp();
        while (!await done(cancellationToken).ConfigureAwait(false))
        {
            if (_settings.Time.GetElapsedTime(started) >= _settings.Wait)
            {
                throw new RspException(errorId, ErrorKind.Timeout, $"Waited {_settings.Wait.TotalSeconds:0.#} s for {what}, in vain.", target, action);
            }

            await Task.Delay(_settings.PollInterval, _settings.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private List<string> RequiredKeys()
    {
        var keys = new List<string>(RandomKeys) { "hub_db_password" };
        var slack = _checkout.ReadValue("nublado", new YamlPath("controller", "slackAlerts"));
        if (slack is "true" or "True")
        {
            keys.Add("slack_webhook");
        }

        return keys;
    }

    private async Task<string> CopyKeyAsync(VaultClient vault, string application, string key, string target, CancellationToken cancellationToken)
    {
        var values = await vault.ReadSecretValuesAsync(VaultPath(application), cancellationToken).ConfigureAwait(false);
        if (values is null || !values.Keys.Contains(key))
        {
            throw new RspException("Migration.VaultKeyNeeded", ErrorKind.InvalidOperation,
                $"{target} needs slack_webhook, copied from {application}'s {key}, which does not exist.", target, $"Add {key} to the {application} secret (or turn controller.slackAlerts off), then run the step again.");
        }

        return values.Reveal(key);
    }

    private List<string> AutostartFlocks()
    {
        var file = _checkout.ValuesFile("mobu");
        return _checkout.Exists(file) ? MobuConfig.ReadFlocks(File.ReadAllText(_checkout.Absolute(file)), file).Select(f => f.Name).ToList() : [];
    }

    // secrets*.yaml entries of any application that copy a key from the given one.
    private List<string> SecretCopiesFrom(string application)
    {
        var found = new List<string>();
        var root = Path.Combine(_checkout.Root, "applications");
        if (!Directory.Exists(root))
        {
            return found;
        }

        foreach (var file in Directory.EnumerateFiles(root, "secrets*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            try
            {
                using var reader = new StreamReader(file);
                stream.Load(reader);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new RspException("Migration.SecretsFileInvalid", ErrorKind.InvalidData, $"{_checkout.Relative(file)} is not valid YAML: {e.Message}", _checkout.Relative(file), null, e);
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode keys)
            {
                continue;
            }

            foreach (var (key, spec) in keys.Children)
            {
                if (spec is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("copy"), out var copy) && copy is YamlMappingNode copyMap
                    && copyMap.Children.TryGetValue(new YamlScalarNode("application"), out var from) && from is YamlScalarNode { Value: var source } && source == application)
                {
                    found.Add($"{_checkout.Relative(file)} ({key})");
                }
            }
        }

        return found;
    }

    // VaultSecrets of the cluster whose path ends in /<application> (none when the operator's CRD is not installed).
    private async Task<List<string>> VaultSecretReadersAsync(string application, CancellationToken cancellationToken)
    {
        var cluster = Cluster();
        object list;
        try
        {
            list = await cluster.Client.CustomObjects.ListClusterCustomObjectAsync("ricoberger.de", "v1alpha1", "vaultsecrets", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        catch (Exception e) when (cluster.Translate(e, "list vaultsecrets", cancellationToken) is { } failure)
        {
            throw failure;
        }

        var readers = new List<string>();
        if (list is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } root && root.TryGetProperty("items", out var items))
        {
            foreach (var item in items.EnumerateArray())
            {
                var path = item.TryGetProperty("spec", out var spec) && spec.TryGetProperty("path", out var p) ? p.GetString() : null;
                if (path is not null && path.TrimEnd('/').EndsWith("/" + application, StringComparison.Ordinal))
                {
                    var meta = item.GetProperty("metadata");
                    readers.Add($"{meta.GetProperty("namespace").GetString()}/{meta.GetProperty("name").GetString()}");
                }
            }
        }

        return readers;
    }

    private string VaultPath(string application)
    {
        var (_, path) = VaultClient.SplitPrefix(VaultPrefix());
        return (path.Length == 0 ? string.Empty : path + "/") + application;
    }

    private string VaultPrefix()
    {
        var document = _checkout.Edit(_checkout.EnvironmentFileRelative);
        return document.GetScalar(new YamlPath("vaultPathPrefix")) ?? document.GetScalar(new YamlPath("vault_path_prefix"))
            ?? throw new RspException("Migration.VaultPrefixMissing", ErrorKind.InvalidData,
                $"{_checkout.EnvironmentFileRelative} sets no vaultPathPrefix; the environment's Vault secrets cannot be found.", _checkout.EnvironmentFileRelative,
                "Set vaultPathPrefix in the environment file.");
    }

    private static string? Option(MigrationLiveCall call, string key) => call.Options.TryGetValue(key, out var value) ? value : null;

    private static string Short(string? revision) => revision is null ? "(none)" : revision[..Math.Min(12, revision.Length)];

    // A resource as the expected prune set names it: "argoproj.io/Application argocd/nublado2", "/Namespace nublado2".
    private static string Key(string group, string kind, string ns, string name) => $"{group}/{kind} {(ns.Length == 0 ? string.Empty : ns + "/")}{name}";

    // "argoproj.io/Application argocd/nublado2" or "/Namespace nublado2".
    private static ArgoCdResourceRef ParseResource(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var kind = text[..space];
        var slash = kind.LastIndexOf('/');
        var name = text[(space + 1)..];
        var nsSlash = name.IndexOf('/', StringComparison.Ordinal);
        return nsSlash < 0
            ? new ArgoCdResourceRef(kind[..slash], kind[(slash + 1)..], name)
            : new ArgoCdResourceRef(kind[..slash], kind[(slash + 1)..], name[(nsSlash + 1)..], name[..nsSlash]);
    }

    private RspException Missing(MigrationService service, string what) =>
        new("Migration.ServiceMissing", ErrorKind.InvalidArgument, $"This step needs {what}, which the connection does not give.", service.ToString(),
            "Give the service's address and credentials in the migration connection, then run the stage again (with resume if it was interrupted).");

    private async Task<ArgoCdClient> ArgoAsync(CancellationToken cancellationToken)
    {
        if (_argo is not null)
        {
            return _argo;
        }

        var url = _connection.ArgoCdUrl ?? throw Missing(MigrationService.ArgoCd, "Argo CD (its URL and a user or token)");
        if (_connection.ArgoCdUsername is { Length: > 0 } user && MigrationConnection.Plain(_connection.ArgoCdPassword) is { } password)
        {
            _argo = await ArgoCdClient.LoginAsync(url, user, password, _settings.Http, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var token = MigrationConnection.Plain(_connection.ArgoCdToken) ?? throw Missing(MigrationService.ArgoCd, "an Argo CD user and password or token");
            _argo = ArgoCdClient.WithToken(url, token, _settings.Http);
        }

        return _argo;
    }

    private VaultClient Vault()
    {
        if (_vault is null)
        {
            var url = _connection.VaultUrl ?? throw Missing(MigrationService.Vault, "Vault (its address and a token)");
            var token = MigrationConnection.Plain(_connection.VaultToken) ?? throw Missing(MigrationService.Vault, "a Vault token");
            _vault = new VaultClient(url, token, VaultClient.SplitPrefix(VaultPrefix()).Mount, _settings.Http);
        }

        return _vault;
    }

    private MobuClient Mobu()
    {
        if (_mobu is null)
        {
            var url = _connection.MobuUrl ?? throw Missing(MigrationService.Mobu, "mobu (its URL and a Gafaelfawr token)");
            var token = MigrationConnection.Plain(_connection.GafaelfawrToken) ?? throw Missing(MigrationService.Mobu, "a Gafaelfawr token for mobu");
            _mobu = new MobuClient(url, token, _settings.Http);
        }

        return _mobu;
    }

    private HubRouteClient Hub()
    {
        if (_hub is null)
        {
            var url = _connection.HubUrl ?? throw Missing(MigrationService.Hub, "the hub routes' base URL and a Gafaelfawr token");
            var token = MigrationConnection.Plain(_connection.GafaelfawrToken) ?? throw Missing(MigrationService.Hub, "a Gafaelfawr token for the hubs");
            _hub = new HubRouteClient(url, token, _settings.Http);
        }

        return _hub;
    }

    private LabCluster Cluster() => _cluster ??= LabCluster.Connect(new ClusterConnectionOptions
    {
        KubeconfigPath = _connection.KubeconfigPath,
        Context = _connection.KubeContext,
        RequestLog = _settings.ClusterLog,
    });

    private HubDatabaseClient Postgres()
    {
        if (_postgres is null)
        {
            var host = _connection.PostgresHost ?? throw Missing(MigrationService.Postgres, "the PostgreSQL server (host, port and a superuser)");
            var user = _connection.PostgresUsername ?? throw Missing(MigrationService.Postgres, "a PostgreSQL superuser");
            _postgres = new HubDatabaseClient(host, _connection.PostgresPort, user, MigrationConnection.Plain(_connection.PostgresPassword), _settings.Http.RequestTimeout);
        }

        return _postgres;
    }
}
