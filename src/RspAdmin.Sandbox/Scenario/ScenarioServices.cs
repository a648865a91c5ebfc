namespace RspAdmin.Sandbox.Scenario;

/// <summary>
/// <c>phalanx:</c> the Phalanx checkout the simulated Argo CD renders from (its git HEAD) and the environment.
/// A path that is not a git work tree is copied to a temporary directory and committed there.
/// A relative path is relative to the scenario file.
/// </summary>
public sealed class ScenarioPhalanx
{
    public string Path { get; set; } = string.Empty;

    public string Environment { get; set; } = string.Empty;
}

/// <summary><c>argoCd:</c> the simulated Argo CD server.</summary>
public sealed class ScenarioArgoCd
{
    /// <summary>The path prefix of the API (<c>/argo-cd</c>: the API is at <c>/argo-cd/api/v1</c>).</summary>
    public string BasePath { get; set; } = "/argo-cd";

    public string Username { get; set; } = "admin";

    /// <summary>The password of <see cref="Username"/> for <c>POST /api/v1/session</c>.</summary>
    public string Password { get; set; } = "sandbox-argocd-password";

    /// <summary>Bearer tokens accepted besides session tokens (as from <c>argocd account generate-token</c>).</summary>
    public List<string> Tokens { get; set; } = [];

    /// <summary>How long a sync operation runs before it finishes.</summary>
    public double OperationSeconds { get; set; } = 0.3;

    /// <summary>Whether every application is synced to HEAD when the sandbox starts.</summary>
    public bool InitialSync { get; set; } = true;

    /// <summary>The name of the app-of-apps.</summary>
    public string AppOfApps { get; set; } = "science-platform";

    /// <summary>Per-application settings, by application name.</summary>
    public Dictionary<string, ScenarioArgoCdApplication> Applications { get; set; } = [];
}

/// <summary>Settings of one simulated Argo CD application.</summary>
public sealed class ScenarioArgoCdApplication
{
    /// <summary>Report <c>spec.syncPolicy.automated</c>.</summary>
    public bool AutoSync { get; set; }

    /// <summary>This application's operation time (default: <see cref="ScenarioArgoCd.OperationSeconds"/>).</summary>
    public double? OperationSeconds { get; set; }

    /// <summary>How many (non dry-run) syncs fail before one succeeds (-1: all).</summary>
    public int FailSyncs { get; set; }

    /// <summary>Sync operations never finish.</summary>
    public bool HangSyncs { get; set; }
}

/// <summary><c>gafaelfawr:</c> the tokens mobu, the hubs and the nublado controller accept.</summary>
public sealed class ScenarioGafaelfawr
{
    public List<string> Tokens { get; set; } = ["gt-sandbox-operator-token"];
}

/// <summary><c>vault:</c> a Vault KV v2 mount <c>secret</c>.</summary>
public sealed class ScenarioVault
{
    public List<ScenarioVaultToken> Tokens { get; set; } = [];

    /// <summary>Secrets by path under the mount (<c>phalanx/idfdev/nublado</c>), each a map of key to value.</summary>
    public Dictionary<string, Dictionary<string, string>> Secrets { get; set; } = [];

    /// <summary>Paths of <see cref="Secrets"/> whose latest version is soft-deleted.</summary>
    public List<string> Deleted { get; set; } = [];
}

/// <summary>A Vault token and its capabilities (<c>read list create update patch delete</c>) on the whole mount.</summary>
public sealed class ScenarioVaultToken
{
    public string Token { get; set; } = string.Empty;

    public List<string> Capabilities { get; set; } = [];
}

/// <summary><c>mobu:</c> the simulated mobu.</summary>
public sealed class ScenarioMobu
{
    /// <summary>Whether <c>POST /mobu/run</c> reports success.</summary>
    public bool RunSucceeds { get; set; } = true;
}

/// <summary><c>labNamespaces:</c> user lab namespaces with the labels nublado2 and nublado put on them, and decoys.</summary>
public sealed class ScenarioLabNamespaces
{
    /// <summary>Users with a v2 namespace <c>nublado2-&lt;user&gt;</c>.</summary>
    public List<string> V2Users { get; set; } = [];

    /// <summary>Users with a v3 namespace <c>nublado-&lt;user&gt;</c>.</summary>
    public List<string> V3Users { get; set; } = [];

    /// <summary>Generated v2 users <c>user0001</c>... .</summary>
    public int V2Count { get; set; }

    /// <summary>Generated v3 users <c>user0001</c>... .</summary>
    public int V3Count { get; set; }

    /// <summary>Adds <c>nublado2</c>, <c>nublado-users</c>, <c>mynublado2-x</c>, <c>mynublado-x</c> and <c>nublado2-eve</c> (no labels).</summary>
    public bool Decoys { get; set; }

    /// <summary>Namespaces that stay Terminating once deleted (a finalizer that never clears).</summary>
    public List<string> Stuck { get; set; } = [];
}

/// <summary><c>postgres:</c> a real PostgreSQL server on 127.0.0.1 with these databases and roles.</summary>
public sealed class ScenarioPostgres
{
    public List<string> Roles { get; set; } = [];

    public List<ScenarioDatabase> Databases { get; set; } = [];
}

/// <summary>A database and its owner role (created when missing).</summary>
public sealed class ScenarioDatabase
{
    public string Name { get; set; } = string.Empty;

    public string? Owner { get; set; }
}
