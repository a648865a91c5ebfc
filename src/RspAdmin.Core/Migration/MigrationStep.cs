namespace RspAdmin.Core.Migration;

/// <summary>What a step works with: the checkout, the site's choices and (when given) the services.</summary>
public sealed class MigrationContext
{
    /// <summary>Creates a context.</summary>
    public MigrationContext(MigrationCheckout checkout, MigrationOptions? options = null, IMigrationServices? services = null)
    {
        Checkout = checkout;
        Options = options ?? new MigrationOptions();
        Services = services;
    }

    /// <summary>The checkout and environment.</summary>
    public MigrationCheckout Checkout { get; }

    /// <summary>The site's choices.</summary>
    public MigrationOptions Options { get; }

    /// <summary>The services; null when none were given (live steps then only preview).</summary>
    public IMigrationServices? Services { get; }

    /// <summary>The environment's Vault path below the KV mount (e.g. <c>phalanx/idfprod</c>), or a placeholder when the file has none.</summary>
    public string VaultPath
    {
        get
        {
            var document = Checkout.Edit(Checkout.EnvironmentFileRelative);
            var prefix = document.GetScalar(new Yaml.YamlPath("vaultPathPrefix")) ?? document.GetScalar(new Yaml.YamlPath("vault_path_prefix"));
            if (prefix is null)
            {
                return "{vaultPathPrefix}";
            }

            var slash = prefix.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? prefix : prefix[(slash + 1)..];
        }
    }
}

/// <summary>
/// One step of a stage, with the procedure's id, its kind and phase, what it changes, how it is
/// undone, and how it is run and checked. Repo steps compute their changes from the checkout as it
/// is (an empty change set means done); live steps are data (the service action and the exact
/// requests) run through <see cref="IMigrationServices"/>; gates pass only when acknowledged.
/// </summary>
public sealed class MigrationStep
{
    internal MigrationStep(string id, MigrationStage stage, MigrationStepKind kind, MigrationPhase phase, string title, string changes, string undo)
    {
        Id = id;
        Stage = stage;
        Kind = kind;
        Phase = phase;
        Title = title;
        Changes = changes;
        Undo = undo;
    }

    /// <summary>The procedure's id (<c>1.P3</c>, <c>2.W4</c>, <c>C2</c>).</summary>
    public string Id { get; }

    /// <summary>The stage.</summary>
    public MigrationStage Stage { get; }

    /// <summary>The kind.</summary>
    public MigrationStepKind Kind { get; }

    /// <summary>The phase.</summary>
    public MigrationPhase Phase { get; }

    /// <summary>A short title.</summary>
    public string Title { get; }

    /// <summary>What the step alters (or checks).</summary>
    public string Changes { get; }

    /// <summary>How to undo it.</summary>
    public string Undo { get; }

    /// <summary>True when the step destroys something that cannot simply be recreated (sessions, databases, secrets).</summary>
    public bool Destructive { get; init; }

    internal Func<MigrationContext, RepoChangeSet>? Repo { get; init; }

    /// <summary>For repo steps: validate the whole environment after the change (structure always; served routes when true).</summary>
    internal bool ValidateServedRoutes { get; init; }

    internal Func<MigrationContext, string>? Check { get; init; }

    internal Func<MigrationContext, MigrationLiveCall>? Live { get; init; }

    internal Func<MigrationContext, IReadOnlyList<MigrationRequest>>? Requests { get; init; }

    /// <summary>For repo steps: the changes it would make now (empty when done).</summary>
    public RepoChangeSet ComputeChanges(MigrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Repo is null ? new RepoChangeSet() : Repo(context);
    }

    /// <summary>For live steps and service probes: the exact requests, in order.</summary>
    public IReadOnlyList<MigrationRequest> GetRequests(MigrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Requests is null ? [] : Requests(context);
    }

    /// <summary>For live steps and service probes: the call the services get.</summary>
    public MigrationLiveCall? GetLiveCall(MigrationContext context) => Live?.Invoke(context);

    /// <summary>True for steps that need the services to run (live steps and service probes).</summary>
    public bool NeedsServices => Live is not null;
}
