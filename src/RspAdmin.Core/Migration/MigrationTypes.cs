namespace RspAdmin.Core.Migration;

/// <summary>The stages of the Nublado v2 to v3 migration, in the order they run.</summary>
public enum MigrationStage
{
    /// <summary>Stage 1: nublado v3 beside v2, on the alternate route <c>/n3</c>.</summary>
    EnableV3,

    /// <summary>Stage 2: v3 takes the default route <c>/nb</c>, v2 moves to <c>/n2</c>.</summary>
    MakeDefault,

    /// <summary>Stage 3: nublado2, cachemachine and moneypenny are turned off.</summary>
    DisableV2,

    /// <summary>After every environment has migrated: the v2 applications, database and secret go.</summary>
    Cleanup,
}

/// <summary>What a step does.</summary>
public enum MigrationStepKind
{
    /// <summary>Edits files of the Phalanx checkout and commits them; previewed as a unified diff.</summary>
    Repo,

    /// <summary>Changes a running service inside the window; previewed as the exact request list.</summary>
    Live,

    /// <summary>A human confirmation (users told, lab tested); passes only when acknowledged by id.</summary>
    Gate,

    /// <summary>Reads and checks; changes nothing.</summary>
    Probe,
}

/// <summary>When a step runs.</summary>
public enum MigrationPhase
{
    /// <summary>Any time before the maintenance window.</summary>
    Preparation,

    /// <summary>Inside the maintenance window.</summary>
    Window,
}

/// <summary>Where an environment stands in the migration.</summary>
public enum MigrationState
{
    /// <summary>v2 only.</summary>
    S0,

    /// <summary>Both hubs; v3 on <c>/n3</c>, v2 on the default route.</summary>
    S1,

    /// <summary>Both hubs; v3 on the default route, v2 on <c>/n2</c>.</summary>
    S2,

    /// <summary>v3 only; the v2 applications are off and their values files may remain.</summary>
    S3,

    /// <summary>Nothing of v2 is left in the checkout (the cleanup has run).</summary>
    Done,

    /// <summary>The signals fit none of the states above (for instance both hubs on one route).</summary>
    Inconsistent,
}

/// <summary>How one step of a run ended.</summary>
public enum MigrationStepOutcome
{
    /// <summary>The step made its change (or its check passed) in this run.</summary>
    Done,

    /// <summary>The step's probe found its change already in place; nothing was done.</summary>
    AlreadyDone,

    /// <summary>The step failed; the run stopped.</summary>
    Failed,

    /// <summary>A gate that was not acknowledged; the run stopped before it.</summary>
    WaitingForGate,

    /// <summary>The step was not run (another phase, previewed only, or it needs services not given).</summary>
    Skipped,
}

/// <summary>The services a live step talks to.</summary>
public enum MigrationService
{
    /// <summary>Argo CD.</summary>
    ArgoCd,

    /// <summary>Vault (KV version 2).</summary>
    Vault,

    /// <summary>mobu.</summary>
    Mobu,

    /// <summary>The Kubernetes API.</summary>
    Kubernetes,

    /// <summary>A JupyterHub route or the nublado controller.</summary>
    Hub,

    /// <summary>The PostgreSQL server holding the hub databases.</summary>
    Postgres,
}
