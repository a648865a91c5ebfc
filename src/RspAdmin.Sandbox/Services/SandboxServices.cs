using System.Text.Json;
using RspAdmin.Sandbox.ArgoCd;
using RspAdmin.Sandbox.Hub;
using RspAdmin.Sandbox.Mobu;
using RspAdmin.Sandbox.Postgres;
using RspAdmin.Sandbox.Scenario;
using RspAdmin.Sandbox.Store;
using RspAdmin.Sandbox.Vault;

namespace RspAdmin.Sandbox.Services;

/// <summary>
/// The services a maintenance window touches besides Kubernetes, as the scenario asks for them: Argo CD
/// (rendering a Phalanx checkout), Vault KV v2, mobu, the hub routes and nublado controller behind
/// Gafaelfawr, user lab namespaces, and a real PostgreSQL. All are served on the sandbox's own port except
/// PostgreSQL, which listens on a port of its own on 127.0.0.1.
/// </summary>
public sealed class SandboxServices : IAsyncDisposable
{
    private readonly CancellationToken _stopping;
    private readonly string? _tempRoot;
    private Task? _ticker;

    private SandboxServices(CancellationToken stopping, string? tempRoot)
    {
        _stopping = stopping;
        _tempRoot = tempRoot;
    }

    public ServiceTokens Tokens { get; } = new();

    public DeploymentController? Deployments { get; private set; }

    public ArgoCdServer? ArgoCd { get; private set; }

    public VaultServer? Vault { get; private set; }

    public MobuServer? Mobu { get; private set; }

    public HubRoutes? Hubs { get; private set; }

    public Gafaelfawr? Gafaelfawr { get; private set; }

    public PostgresServer? Postgres { get; private set; }

    /// <summary>The Phalanx checkout Argo CD renders from (commit there to change what it renders).</summary>
    public string? PhalanxPath { get; private set; }

    public string? Environment { get; private set; }

    private ScenarioArgoCd? ArgoSettings { get; set; }

    private List<ScenarioVaultToken> VaultTokens { get; set; } = [];

    public static async Task<SandboxServices> StartAsync(SandboxScenario scenario, ObjectStore store, NamespaceLifecycle namespaces, CancellationToken stopping, CancellationToken cancellationToken)
    {
        var needsTemp = scenario.Phalanx is not null;
        var temp = needsTemp ? Directory.CreateTempSubdirectory("rspadmin-sandbox-").FullName : null;
        var services = new SandboxServices(stopping, temp);
        try
        {
            services.Deployments = new DeploymentController(store, TimeSpan.FromSeconds(scenario.Settings.DeploymentReadySeconds));
            if (scenario.LabNamespaces is { } lab)
            {
                LabNamespaceSeeder.Seed(store, lab);
            }

            services.Gafaelfawr = new Gafaelfawr((scenario.Gafaelfawr ?? new ScenarioGafaelfawr()).Tokens, services.Tokens);
            services.Hubs = new HubRoutes(store, services.Gafaelfawr, services.Deployments);
            services.Mobu = new MobuServer(scenario.Mobu ?? new ScenarioMobu(), store, services.Gafaelfawr, services.Deployments);
            if (scenario.Vault is { } vault)
            {
                services.Vault = new VaultServer(vault, services.Tokens);
                services.VaultTokens = vault.Tokens;
            }

            if (scenario.Phalanx is { } phalanx)
            {
                services.PhalanxPath = PhalanxRenderer.Prepare(phalanx.Path, temp!);
                services.Environment = phalanx.Environment;
                var renderer = new PhalanxRenderer(services.PhalanxPath, phalanx.Environment);
                renderer.Render();
                var argo = scenario.ArgoCd ?? new ScenarioArgoCd();
                services.ArgoSettings = argo;
                services.ArgoCd = new ArgoCdServer(argo, renderer, store, namespaces, services.Tokens, services.Deployments, stopping);
                if (argo.InitialSync)
                {
                    services.ArgoCd.InitialSync();
                }
            }

            if (scenario.Postgres is { } pg)
            {
                services.Postgres = await PostgresServer.StartAsync(pg, cancellationToken).ConfigureAwait(false);
            }

            // Initial Deployments are ready at once (the world before the window has been running for a while).
            services.Deployments.Tick();
            foreach (var d in store.List(store.Catalog.Deployments).Items)
            {
                store.Update<k8s.Models.V1Deployment>(store.Catalog.Deployments, d.Namespace, d.Name, x =>
                {
                    x.Status ??= new k8s.Models.V1DeploymentStatus();
                    x.Status.ObservedGeneration = x.Metadata.Generation;
                    x.Status.Replicas = x.Spec?.Replicas ?? 1;
                    x.Status.ReadyReplicas = x.Spec?.Replicas ?? 1;
                    x.Status.AvailableReplicas = x.Spec?.Replicas ?? 1;
                    x.Status.UpdatedReplicas = x.Spec?.Replicas ?? 1;
                    return true;
                });
            }

            services.Deployments.Tick();
            return services;
        }
        catch
        {
            await services.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Maps every service's routes and the sandbox's token revocation endpoint.</summary>
    public void Map(WebApplication app)
    {
        ArgoCd?.Map(app);
        Vault?.Map(app);
        Mobu?.Map(app);
        Hubs?.Map(app);
        app.MapPost("/sandbox/v1/tokens/revoke", async (HttpContext c) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var token = (await reader.ReadToEndAsync(c.RequestAborted).ConfigureAwait(false)).Trim();
            if (token.Length == 0)
            {
                return Results.BadRequest(new { error = "Sandbox.TokenMissing", message = "Send the token to revoke as the request body." });
            }

            Tokens.Revoke(token);
            return Results.NoContent();
        });
    }

    /// <summary>Starts the background simulation (Deployment readiness, mobu restarts).</summary>
    public void Start()
    {
        _ticker = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            try
            {
                while (await timer.WaitForNextTickAsync(_stopping).ConfigureAwait(false))
                {
                    Deployments?.Tick();
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>
    /// Every endpoint and credential a runbook needs, as JSON (written to a file readable by the owner only).
    /// </summary>
    public byte[] Describe(Uri apiAddress)
    {
        var root = apiAddress.ToString().TrimEnd('/');
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            apiAddress = root,
            phalanx = PhalanxPath is null ? null : new { path = PhalanxPath, environment = Environment },
            argoCd = ArgoCd is null ? null : new { url = root + ArgoSettings!.BasePath, username = ArgoSettings.Username, password = ArgoSettings.Password, tokens = ArgoSettings.Tokens },
            vault = Vault is null ? null : new { url = root, mount = "secret", tokens = VaultTokens.Select(t => new { token = t.Token, capabilities = t.Capabilities }) },
            mobu = new { url = root + "/mobu" },
            hubs = new { url = root },
            controller = new { url = root + "/nublado" },
            gafaelfawrTokens = Gafaelfawr?.Tokens ?? [],
            postgres = Postgres is null ? null : new { host = Postgres.Host, port = Postgres.Port, username = Postgres.Username, password = Postgres.Password },
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_ticker is not null)
        {
            try
            {
                await _ticker.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync().ConfigureAwait(false);
        }

        if (_tempRoot is not null)
        {
            try
            {
                Directory.Delete(_tempRoot, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
