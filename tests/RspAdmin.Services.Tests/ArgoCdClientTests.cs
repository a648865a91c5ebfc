using RspAdmin.Core;
using RspAdmin.Core.ArgoCd;
using RspAdmin.Testing;

namespace RspAdmin.Services.Tests;

/// <summary>The Argo CD client against the simulated Argo CD and the fault proxy.</summary>
public sealed class ArgoCdClientTests
{
    [Fact]
    public async Task A_sync_after_a_commit_runs_waits_as_argocd_app_wait_and_reports_each_resource()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync(cancellationToken: ct);
        using var argo = ArgoCdClient.WithToken(world.ArgoUrl, World.ArgoToken, world.Http);
        var before = await argo.GetAsync("nublado2", cancellationToken: ct);
        Assert.Equal(("Synced", "Healthy", false), (before.SyncStatus, before.HealthStatus, before.AutoSync));

        world.Commit(new Dictionary<string, string> { ["applications/nublado2/values-idfdev.yaml"] = "jupyterhub:\n  hub:\n    baseUrl: /n2\n" });
        Assert.Equal("OutOfSync", (await argo.GetAsync("nublado2", cancellationToken: ct)).SyncStatus);

        var started = await argo.SyncAsync("nublado2", new ArgoCdSyncRequest(), ct);
        Assert.True(started.OperationRunning);
        var second = await Assert.ThrowsAsync<RspException>(() => argo.SyncAsync("nublado2", new ArgoCdSyncRequest(), ct));
        Assert.Equal("ArgoCd.OperationInProgress", second.ErrorId);

        var done = await argo.WaitAsync("nublado2", TimeSpan.FromSeconds(20), healthy: true, cancellationToken: ct);
        Assert.Equal("Succeeded", done.Operation!.Phase);
        Assert.Equal(("Synced", "Healthy"), (done.SyncStatus, done.HealthStatus));
        var ingress = Assert.Single(done.Operation.Resources, r => r.Kind == "Ingress");
        Assert.Equal(("Synced", "ingress.networking.k8s.io/hub configured"), (ingress.Status, ingress.Message));
        Assert.Contains(done.Operation.Resources, r => r is { Kind: "Deployment", Name: "hub", Message: "deployment.apps/hub configured" });
    }

    [Fact]
    public async Task A_dry_run_prune_previews_exactly_the_disabled_applications_and_the_real_one_removes_them()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync(cancellationToken: ct);
        using var argo = ArgoCdClient.WithToken(world.ArgoUrl, World.ArgoToken, world.Http);
        world.Commit(new Dictionary<string, string> { ["environments/values-idfdev.yaml"] = "name: idfdev\napplications:\n  nublado2: true\n  mobu: true\n" });
        var parent = await argo.GetAsync("science-platform", cancellationToken: ct);
        Assert.Equal(["Application/argocd/cachemachine", "Application/argocd/moneypenny", "Namespace//cachemachine", "Namespace//moneypenny"], parent.RequiresPruning.Order(StringComparer.Ordinal));

        await argo.SyncAsync("science-platform", new ArgoCdSyncRequest { Prune = true, DryRun = true }, ct);
        var preview = await argo.WaitAsync("science-platform", TimeSpan.FromSeconds(20), cancellationToken: ct);
        var pruned = preview.Operation!.Resources.Where(r => r.Status == "Pruned").Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(parent.RequiresPruning.Order(StringComparer.Ordinal), pruned);
        Assert.All(preview.Operation.Resources.Where(r => r.Status == "Pruned"), r => Assert.Equal("pruned (dry run)", r.Message));
        Assert.Equal(4, (await argo.ListAsync("argocd.argoproj.io/instance=science-platform", ct)).Count);

        var resources = preview.Operation.Resources.Where(r => r.Status == "Pruned").Select(r => new ArgoCdResourceRef(r.Group, r.Kind, r.Name, r.Namespace.Length == 0 ? null : r.Namespace)).ToList();
        await argo.SyncAsync("science-platform", new ArgoCdSyncRequest { Prune = true, Resources = resources, SyncOptions = ["PruneLast=true"] }, ct);
        var real = await argo.WaitAsync("science-platform", TimeSpan.FromSeconds(20), cancellationToken: ct);
        Assert.Equal(4, real.Operation!.Resources.Count(r => r is { Status: "Pruned", Message: "pruned" }));
        Assert.Equal(["mobu", "nublado2"], (await argo.ListAsync("argocd.argoproj.io/instance=science-platform", ct)).Select(a => a.Name));
        var gone = await Assert.ThrowsAsync<RspException>(() => argo.GetAsync("cachemachine", cancellationToken: ct));
        Assert.Equal(("ArgoCd.PermissionDenied", ErrorKind.Forbidden), (gone.ErrorId, gone.Kind));
        var missing = await Assert.ThrowsAsync<RspException>(() => argo.GetAsync("cachemachine", project: "default", cancellationToken: ct));
        Assert.Equal("ArgoCd.NotFound", missing.ErrorId);
    }

    [Fact]
    public async Task Auto_sync_a_failing_sync_and_an_operation_that_never_ends_are_clear_errors()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync(cancellationToken: ct, argoApplications: "{ mobu: { autoSync: true }, cachemachine: { failSyncs: 1 }, nublado2: { hangSyncs: true } }");
        using var argo = ArgoCdClient.WithToken(world.ArgoUrl, World.ArgoToken, world.Http);

        var auto = await Assert.ThrowsAsync<RspException>(() => argo.SyncAsync("mobu", new ArgoCdSyncRequest(), ct));
        Assert.Equal(("ArgoCd.AutoSyncEnabled", ErrorKind.InvalidOperation), (auto.ErrorId, auto.Kind));

        await argo.SyncAsync("cachemachine", new ArgoCdSyncRequest(), ct);
        var failed = await argo.WaitAsync("cachemachine", TimeSpan.FromSeconds(20), cancellationToken: ct);
        Assert.Equal("Failed", failed.Operation!.Phase);

        await argo.SyncAsync("nublado2", new ArgoCdSyncRequest(), ct);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var timeout = await Assert.ThrowsAsync<RspException>(() => argo.WaitAsync("nublado2", TimeSpan.FromSeconds(1), cancellationToken: ct));
        Assert.Equal(("ArgoCd.Timeout", ErrorKind.Timeout), (timeout.ErrorId, timeout.Kind));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Contains("still running", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_with_a_wrong_password_and_a_revoked_session_are_refused_with_stable_ids()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync(cancellationToken: ct);
        var wrong = await Assert.ThrowsAsync<RspException>(() => ArgoCdClient.LoginAsync(world.ArgoUrl, "admin", "not-the-password", world.Http, cancellationToken: ct));
        Assert.Equal("ArgoCd.LoginFailed", wrong.ErrorId);
        using var argo = await ArgoCdClient.LoginAsync(world.ArgoUrl, "admin", "sandbox-argocd-password", world.Http, cancellationToken: ct);
        Assert.Equal("nublado2", (await argo.GetAsync("nublado2", cancellationToken: ct)).Name);
        foreach (var token in world.Host.Services.ArgoCd!.IssuedTokens)
        {
            world.Host.Services.Tokens.Revoke(token);
        }

        var expired = await Assert.ThrowsAsync<RspException>(() => argo.GetAsync("nublado2", cancellationToken: ct));
        Assert.Equal(("ArgoCd.Unauthorized", ErrorKind.Unauthorized), (expired.ErrorId, expired.Kind));
    }

    [Fact]
    public async Task Faults_between_client_and_server_are_retried_or_reported_with_stable_ids()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync(cancellationToken: ct);
        using var proxy = new FaultProxy(world.Address.Authority);
        var url = new Uri($"http://{proxy.Address}/argo-cd");
        using var argo = ArgoCdClient.WithToken(url, World.ArgoToken, world.Http);

        proxy.Inject(new ProxyFault(ProxyFaultKind.TooManyRequests) { PathContains = "/applications/nublado2", RetryAfter = "0" });
        proxy.Inject(new ProxyFault(ProxyFaultKind.ServiceUnavailable) { PathContains = "/applications/nublado2" });
        Assert.Equal("Synced", (await argo.GetAsync("nublado2", cancellationToken: ct)).SyncStatus);
        Assert.Equal(3, proxy.CountRequests("/applications/nublado2"));

        proxy.Inject(new ProxyFault(ProxyFaultKind.MalformedJson) { PathContains = "/applications/nublado2" });
        Assert.Equal("ArgoCd.MalformedResponse", (await Assert.ThrowsAsync<RspException>(() => argo.GetAsync("nublado2", cancellationToken: ct))).ErrorId);

        proxy.Inject(new ProxyFault(ProxyFaultKind.Respond) { PathContains = "/applications/nublado2", Status = 302, Location = "/login?rd=x" });
        Assert.Equal("Auth.TokenRejected", (await Assert.ThrowsAsync<RspException>(() => argo.GetAsync("nublado2", cancellationToken: ct))).ErrorId);

        proxy.Inject(new ProxyFault(ProxyFaultKind.Respond) { PathContains = "/sync", Status = 400, Body = """{"error":"another operation is already in progress","code":9,"message":"another operation is already in progress"}""" });
        Assert.Equal("ArgoCd.OperationInProgress", (await Assert.ThrowsAsync<RspException>(() => argo.SyncAsync("nublado2", new ArgoCdSyncRequest(), ct))).ErrorId);

        proxy.Inject(new ProxyFault(ProxyFaultKind.ServiceUnavailable) { PathContains = "/applications/nublado2", Times = 20 });
        var down = await Assert.ThrowsAsync<RspException>(() => argo.GetAsync("nublado2", cancellationToken: ct));
        Assert.Equal("ArgoCd.RetriesExhausted", down.ErrorId);
    }
}
