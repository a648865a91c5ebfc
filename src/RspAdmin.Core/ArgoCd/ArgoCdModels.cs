namespace RspAdmin.Core.ArgoCd;

/// <summary>An Argo CD application as a runbook reads it (no secrets: Argo CD returns none here).</summary>
public sealed record ArgoCdApplication
{
    public required string Name { get; init; }

    public string? Project { get; init; }

    /// <summary><c>Synced</c>, <c>OutOfSync</c> or <c>Unknown</c>.</summary>
    public required string SyncStatus { get; init; }

    /// <summary><c>Healthy</c>, <c>Progressing</c>, <c>Degraded</c>, <c>Suspended</c>, <c>Missing</c> or <c>Unknown</c>.</summary>
    public required string HealthStatus { get; init; }

    /// <summary>The revision the status was computed at.</summary>
    public string? Revision { get; init; }

    /// <summary>Whether <c>spec.syncPolicy.automated</c> is set (live steps refuse such an application).</summary>
    public bool AutoSync { get; init; }

    /// <summary>Whether an operation is running (<c>operation</c> is set).</summary>
    public bool OperationRunning { get; init; }

    /// <summary>When Argo CD last compared the application with its source.</summary>
    public DateTimeOffset? ReconciledAt { get; init; }

    /// <summary>The last (or running) operation, or null.</summary>
    public ArgoCdOperationState? Operation { get; init; }

    /// <summary>The application's resources with their sync and health.</summary>
    public IReadOnlyList<ArgoCdResourceStatus> Resources { get; init; } = [];

    /// <summary>The names of resources that require pruning, as <c>Kind/namespace/name</c> (namespace empty for cluster objects).</summary>
    public IReadOnlyList<string> RequiresPruning => Resources.Where(r => r.RequiresPruning).Select(r => r.Key).ToList();
}

/// <summary>One resource of an application's status.</summary>
public sealed record ArgoCdResourceStatus
{
    public string Group { get; init; } = string.Empty;

    public string Version { get; init; } = string.Empty;

    public required string Kind { get; init; }

    public string Namespace { get; init; } = string.Empty;

    public required string Name { get; init; }

    public string Status { get; init; } = string.Empty;

    public string? Health { get; init; }

    public bool RequiresPruning { get; init; }

    /// <summary><c>Kind/namespace/name</c>.</summary>
    public string Key => $"{Kind}/{Namespace}/{Name}";
}

/// <summary>An operation's state: phase, timing and each resource's result.</summary>
public sealed record ArgoCdOperationState
{
    /// <summary><c>Running</c>, <c>Terminating</c>, <c>Failed</c>, <c>Error</c> or <c>Succeeded</c>.</summary>
    public required string Phase { get; init; }

    public string? Message { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Revision { get; init; }

    public bool DryRun { get; init; }

    public bool Prune { get; init; }

    public IReadOnlyList<ArgoCdResourceResult> Resources { get; init; } = [];
}

/// <summary>One resource's sync outcome: <c>Synced</c>, <c>SyncFailed</c>, <c>Pruned</c> or <c>PruneSkipped</c>.</summary>
public sealed record ArgoCdResourceResult
{
    public string Group { get; init; } = string.Empty;

    public required string Kind { get; init; }

    public string Namespace { get; init; } = string.Empty;

    public required string Name { get; init; }

    public required string Status { get; init; }

    public string? Message { get; init; }

    /// <summary><c>Kind/namespace/name</c>.</summary>
    public string Key => $"{Kind}/{Namespace}/{Name}";

    /// <summary><c>group/Kind/namespace/name</c>, the form a sync's resource list takes.</summary>
    public string Reference => $"{Group}/{Kind}/{Namespace}/{Name}";
}

/// <summary>A resource named in a sync, deletion or action.</summary>
public sealed record ArgoCdResourceRef(string Group, string Kind, string Name, string? Namespace = null, string Version = "v1")
{
    /// <summary>Parses <c>[group/]Kind/[namespace/]name</c> forms: <c>apps/Deployment/nublado2/hub</c>, <c>Namespace//nublado2</c>,
    /// <c>argoproj.io/Application/argocd/nublado2</c>; that is <c>group/Kind/namespace/name</c> with group and namespace optional (empty).</summary>
    /// <exception cref="ArgumentException">Not that form.</exception>
    public static ArgoCdResourceRef Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length switch
        {
            4 => new ArgoCdResourceRef(parts[0], parts[1], parts[3], parts[2].Length == 0 ? null : parts[2]),
            3 => new ArgoCdResourceRef(string.Empty, parts[0], parts[2], parts[1].Length == 0 ? null : parts[1]),
            2 => new ArgoCdResourceRef(string.Empty, parts[0], parts[1]),
            _ => throw new ArgumentException($"'{text}' is not a resource: give group/Kind/namespace/name (for example apps/Deployment/nublado2/hub or /Namespace//nublado2).", nameof(text)),
        } is { Kind.Length: > 0, Name.Length: > 0 } r ? r : throw new ArgumentException($"'{text}' names no kind or no name.", nameof(text));
    }

    public override string ToString() => $"{Group}/{Kind}/{Namespace}/{Name}";
}

/// <summary>What a sync asks for.</summary>
public sealed record ArgoCdSyncRequest
{
    /// <summary>Delete resources that are no longer in the source.</summary>
    public bool Prune { get; init; }

    /// <summary>Only report what would happen.</summary>
    public bool DryRun { get; init; }

    /// <summary>The revision to sync to; null: the application's target revision.</summary>
    public string? Revision { get; init; }

    /// <summary>Only these resources; null or empty: all.</summary>
    public IReadOnlyList<ArgoCdResourceRef>? Resources { get; init; }

    /// <summary>Sync options such as <c>PruneLast=true</c> (sent as <c>{"items": [...]}</c>).</summary>
    public IReadOnlyList<string>? SyncOptions { get; init; }
}

/// <summary>One object's desired and live state (JSON strings) from <c>managed-resources</c>.</summary>
public sealed record ArgoCdManagedResource(string Group, string Kind, string Namespace, string Name, string? TargetState, string? LiveState, bool Modified);
