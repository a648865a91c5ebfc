namespace RspAdmin.Core.Migration;

/// <summary>A request a live step sends, for its preview (never carries a secret).</summary>
/// <param name="Service">The service.</param>
/// <param name="Method">The HTTP method (or <c>SQL</c>).</param>
/// <param name="Target">The path or statement, with placeholders in braces for what is listed at run time.</param>
/// <param name="Body">The request body, when there is one.</param>
/// <param name="Note">When it is sent (for instance "for each running notebook flock").</param>
public sealed record MigrationRequest(MigrationService Service, string Method, string Target, string? Body = null, string? Note = null)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Service}: {Method} {Target}{(Body is null ? string.Empty : " " + Body)}{(Note is null ? string.Empty : "  # " + Note)}";
}

/// <summary>The live actions the migration needs (spec sections 5 to 8).</summary>
public enum MigrationLiveAction
{
    /// <summary>Create the missing keys of an application's Vault secret, never overwriting one (1.P1).</summary>
    EnsureVaultSecret,

    /// <summary>Check that the tracked revision has the committed changes (1.P7; read-only).</summary>
    CheckDeployedRevision,

    /// <summary>Check tokens, applications (no auto-sync, no operation) and record flocks and lab namespaces (x.W0; read-only).</summary>
    Preflight,

    /// <summary>Stop every running notebook flock, re-checked right before hubs go (x.W1).</summary>
    SilenceMobu,

    /// <summary>Delete the hub Deployment of one or both hubs (1.W2, 2.W2).</summary>
    DeleteHubs,

    /// <summary>Delete the lab namespaces of the given prefixes, exact prefix and labels, with uid preconditions (1.W3, 2.W3, 3.W2).</summary>
    RemoveLabSessions,

    /// <summary>Sync an Argo CD application and wait (1.W4, 1.W5, 1.W7, 2.W4, 2.W6).</summary>
    SyncApplication,

    /// <summary>Dry-run prune of the parent, compare with the expected set, then sync with exactly that set (3.W0 and 3.W1).</summary>
    PruneApplications,

    /// <summary>Sync and restart mobu, then check every autostart flock is back (1.W8, 2.W7, 3.W3).</summary>
    RestoreMobu,

    /// <summary>Drop the v2 session database and role when nothing names them (C3).</summary>
    DropV2Database,

    /// <summary>Soft-delete the nublado2 Vault secret when nothing reads it, recording its version (C4).</summary>
    DeleteV2VaultSecret,
}

/// <summary>What a live step asks the services to do.</summary>
/// <param name="Action">The action.</param>
/// <param name="Environment">The environment.</param>
/// <param name="Targets">Its targets in order: application names, hub namespaces, lab namespace prefixes or the secret name.</param>
/// <param name="Options">Extra settings of the action (for instance <c>prune=true</c>), all non-secret.</param>
public sealed record MigrationLiveCall(MigrationLiveAction Action, string Environment, IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string> Options);

/// <summary>What a live action did.</summary>
/// <param name="Changed">True when something changed (false: it was already so).</param>
/// <param name="Summary">One line for the step's result.</param>
public sealed record MigrationLiveResult(bool Changed, string Summary);

/// <summary>
/// The non-secret facts of one live step: those an interrupted earlier run recorded, and the ones this run
/// records as they happen. Each <see cref="Record"/> reaches the journal at once, so a run killed right after
/// a destructive call still knows on resume that the call was made.
/// </summary>
public sealed class MigrationFacts
{
    private readonly Dictionary<string, string> _values;
    private readonly Action<string, string>? _recorded;

    /// <summary>Creates the facts of a step.</summary>
    /// <param name="previous">What an interrupted run recorded.</param>
    /// <param name="recorded">Told of each new fact (the runner writes the journal there).</param>
    public MigrationFacts(IReadOnlyDictionary<string, string>? previous = null, Action<string, string>? recorded = null)
    {
        _values = previous is null ? new(StringComparer.Ordinal) : new(previous, StringComparer.Ordinal);
        _recorded = recorded;
    }

    /// <summary>Every fact so far.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>A fact, or null.</summary>
    public string? Get(string key) => _values.GetValueOrDefault(key);

    /// <summary>Records a fact (never a secret) and has it written to the journal.</summary>
    public void Record(string key, string value)
    {
        _values[key] = value;
        _recorded?.Invoke(key, value);
    }
}

/// <summary>
/// The running services a migration talks to: Argo CD, Vault, mobu, the hubs, Kubernetes and
/// PostgreSQL, one method per live action of the procedure. Each method gets the step's call
/// (<see cref="MigrationLiveCall"/>: its targets and options) and the facts the journal recorded
/// when the same step was interrupted, so a resumed action skips what already happened. An
/// implementation composes the service clients and must make every action safe to repeat (a
/// namespace already gone, a flock already stopped, a secret already deleted are not errors), must
/// honour the safety rules (exact prefix and labels, uid preconditions, no auto-sync, dry-run
/// before prune, nublado2 before nublado) and keeps secrets out of results and errors.
/// </summary>
public interface IMigrationServices
{
    /// <summary>Evidence of the running services for state detection.</summary>
    Task<MigrationClusterEvidence> GetEvidenceAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Whether a live action's change is in place now, read-only (for a plan); null when that cannot be told (a probe, or a service not given).</summary>
    Task<bool?> IsDoneAsync(MigrationLiveCall call, CancellationToken cancellationToken);

    /// <summary>1.P1: creates the missing keys of the application's Vault secret (targets: the application), never overwriting one.</summary>
    Task<MigrationLiveResult> EnsureVaultSecretAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);

    /// <summary>1.P7: checks that the parent application tracks a revision with the committed changes (option <c>commit</c>); read-only.</summary>
    Task<MigrationLiveResult> CheckDeployedRevisionAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);

    /// <summary>x.W0: tokens work, the applications (targets) exist without auto-sync or a running operation; records flocks and lab namespaces.</summary>
    Task<MigrationLiveResult> PreflightAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);

    /// <summary>x.W1: stops every running notebook flock (re-checked right before the hubs go), recording their non-secret configs.</summary>
    Task<MigrationLiveResult> SilenceMobuAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);

    /// <summary>1.W2, 2.W2: deletes Deployment <c>hub</c> in each target namespace.</summary>
    Task<MigrationLiveResult> DeleteHubsAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);

    /// <summary>1.W3, 2.W3, 3.W2: deletes the lab namespaces of each target prefix (exact prefix and labels, uid preconditions) and waits until they are gone.</summary>
    Task<MigrationLiveResult> RemoveLabSessionsAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);

    /// <summary>1.W4, 1.W5, 1.W7, 2.W4, 2.W6: syncs the target application (option <c>prune</c>) and waits until Synced and Healthy.</summary>
    Task<MigrationLiveResult> SyncApplicationAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);

    /// <summary>3.W0 (option <c>dryRun=true</c>) and 3.W1: the parent's dry-run prune must prune exactly the expected set (option <c>expected</c>), which the real sync then passes as its resources.</summary>
    Task<MigrationLiveResult> PruneApplicationsAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);

    /// <summary>1.W8, 2.W7, 3.W3: syncs mobu, restarts its Deployment and checks every autostart flock is back.</summary>
    Task<MigrationLiveResult> RestoreMobuAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);

    /// <summary>C3: drops the v2 session database and role (targets: database, role) when no v3 database URL names them.</summary>
    Task<MigrationLiveResult> DropV2DatabaseAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);

    /// <summary>C4: soft-deletes the nublado2 Vault secret when nothing reads it, recording its version.</summary>
    Task<MigrationLiveResult> DeleteV2VaultSecretAsync(MigrationLiveCall call, MigrationFacts facts, CancellationToken cancellationToken);
}
