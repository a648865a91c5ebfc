using System.Net;
using RspAdmin.Core;
using RspAdmin.Core.Cluster;
using RspAdmin.Core.Hub;
using RspAdmin.Core.Mobu;
using RspAdmin.Testing;

namespace RspAdmin.Services.Tests;

/// <summary>The mobu and hub route clients against the simulated mobu, hubs and Gafaelfawr.</summary>
public sealed class MobuHubTests
{
    [Fact]
    public async Task Flocks_are_listed_stopped_and_restored_and_a_Deployment_restart_brings_the_autostart_back()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync(cancellationToken: ct);
        using var mobu = new MobuClient(world.MobuUrl, World.Gafaelfawr, world.Http);
        Assert.Equal(["recommended", "tap"], await mobu.ListFlocksAsync(ct));
        var tap = await mobu.GetFlockAsync("tap", ct);
        Assert.Equal(("TAPQueryRunner", 2), (tap.Business, tap.MonkeyCount));

        var stopped = await mobu.StopFlockAsync("tap", ct);
        Assert.Equal(["recommended"], await mobu.ListFlocksAsync(ct));
        Assert.Equal("Mobu.FlockNotFound", (await Assert.ThrowsAsync<RspException>(() => mobu.StopFlockAsync("tap", ct))).ErrorId);
        await mobu.StartFlockAsync(stopped.Config, ct);
        Assert.Equal(["recommended", "tap"], await mobu.ListFlocksAsync(ct));
        await mobu.StopFlockAsync("recommended", ct);

        using var cluster = LabCluster.Connect(new ClusterConnectionOptions { KubeconfigPath = world.Host.KubeconfigPath });
        await new DeploymentClient(cluster).RestartAsync("mobu", "mobu", cancellationToken: ct);
        while ((await mobu.ListFlocksAsync(ct)).Count != 2)
        {
            await Task.Delay(50, ct);
        }

        var run = await mobu.RunLabTestAsync("bot-mobu-migration", "/nb", cancellationToken: ct);
        Assert.True(run.Success, run.Log);
        var failed = await mobu.RunLabTestAsync("bot-mobu-migration", "/n3", cancellationToken: ct);
        Assert.False(failed.Success);
    }

    [Fact]
    public async Task A_missing_or_expired_token_is_a_login_redirect_reported_as_rejected()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync(cancellationToken: ct);
        using var mobu = new MobuClient(world.MobuUrl, "gt-not-a-token", world.Http);
        var e = await Assert.ThrowsAsync<RspException>(() => mobu.ListFlocksAsync(ct));
        Assert.Equal(("Auth.TokenRejected", ErrorKind.Unauthorized), (e.ErrorId, e.Kind));
        using var hubs = new HubRouteClient(world.Address, "gt-not-a-token", world.Http);
        Assert.Equal(HubRouteState.AuthFailed, (await hubs.TestAsync("/nb", ct)).GetState());
    }

    [Fact]
    public async Task Routes_are_Up_with_the_hub_version_Down_without_a_hub_or_route_and_the_controller_lists_labs()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync("labNamespaces: { v3Users: [carol, dave] }", ct);
        using var hubs = new HubRouteClient(world.Address, World.Gafaelfawr, world.Http);
        var nb = await hubs.TestAsync("/nb", ct);
        Assert.Equal((HubRouteState.Up, "3.0.0", 200), (nb.GetState(), nb.Version, nb.StatusCode));
        var n3 = await hubs.TestAsync("n3", ct);
        Assert.Equal((HubRouteState.Down, 404), (n3.GetState(), n3.StatusCode));

        using var cluster = LabCluster.Connect(new ClusterConnectionOptions { KubeconfigPath = world.Host.KubeconfigPath });
        var deployments = new DeploymentClient(cluster);
        Assert.True((await deployments.GetAsync("nublado2", "hub", ct))!.Ready);
        Assert.True(await deployments.DeleteAsync("nublado2", "hub", ct));
        Assert.Null(await deployments.GetAsync("nublado2", "hub", ct));
        Assert.False(await deployments.DeleteAsync("nublado2", "hub", ct));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var down = await hubs.TestAsync("/nb", ct);
        Assert.Equal((HubRouteState.Down, 503), (down.GetState(), down.StatusCode));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "a Down route is reported at once, not retried");

        var noController = await Assert.ThrowsAsync<HubUnavailableException>(() => hubs.GetLabsAsync(cancellationToken: ct));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, noController.StatusCode);
        var restart = await Assert.ThrowsAsync<ClusterException>(() => deployments.RestartAsync("nublado2", "hub", cancellationToken: ct));
        Assert.Equal("Cluster.DeploymentNotFound", restart.ErrorId);
    }

    [Fact]
    public async Task Malformed_and_unavailable_mobu_answers_are_stable_errors()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync(cancellationToken: ct);
        using var proxy = new FaultProxy(world.Address.Authority);
        using var mobu = new MobuClient(new Uri($"http://{proxy.Address}/mobu"), World.Gafaelfawr, world.Http);
        proxy.Inject(new ProxyFault(ProxyFaultKind.MalformedJson) { PathContains = "/mobu/flocks" });
        Assert.Equal("Mobu.MalformedResponse", (await Assert.ThrowsAsync<RspException>(() => mobu.ListFlocksAsync(ct))).ErrorId);
        proxy.Inject(new ProxyFault(ProxyFaultKind.Respond) { PathContains = "/mobu/flocks", Status = 403, Body = """{"detail":[{"msg":"Token missing required scope exec:admin","type":"permission_denied"}]}""" });
        Assert.Equal("Mobu.Forbidden", (await Assert.ThrowsAsync<RspException>(() => mobu.ListFlocksAsync(ct))).ErrorId);
        proxy.Inject(new ProxyFault(ProxyFaultKind.Stall) { PathContains = "/mobu/flocks", StallFor = TimeSpan.FromSeconds(30), Times = 100 });
        using var impatient = new MobuClient(new Uri($"http://{proxy.Address}/mobu"), World.Gafaelfawr, world.Http with { RequestTimeout = TimeSpan.FromMilliseconds(300), TotalTimeout = TimeSpan.FromSeconds(1.5), MaxRetries = 50 });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var slow = await Assert.ThrowsAsync<RspException>(() => impatient.ListFlocksAsync(ct));
        Assert.Equal("Mobu.Timeout", slow.ErrorId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }
}
