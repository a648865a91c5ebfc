using System.Text.Json;
using RspAdmin.Core;
using RspAdmin.Core.ArgoCd;
using RspAdmin.Core.Hub;
using RspAdmin.Core.Mobu;
using RspAdmin.Core.Vault;
using RspAdmin.Testing;

namespace RspAdmin.Services.Tests;

/// <summary>
/// Seeds known tokens and secret values into Argo CD, Vault, mobu and Gafaelfawr, drives every client through
/// successes and failures (also through the fault proxy), and scans every request log line, retry notice,
/// error and returned object for them.
/// </summary>
public sealed class SecretLeakTests
{
    [Fact]
    public async Task No_token_or_secret_value_reaches_a_log_an_error_or_a_returned_object()
    {
        var ct = World.Bounded(120);
        await using var world = await World.StartAsync(cancellationToken: ct);
        using var proxy = new FaultProxy(world.Address.Authority);
        var viaProxy = new Uri($"http://{proxy.Address}/");
        var seen = new List<string>();
        void Keep(object? o) => seen.Add(o is string s ? s : JsonSerializer.Serialize(o));
        async Task Try(Func<Task> action)
        {
            try
            {
                await action();
            }
            catch (RspException e)
            {
                seen.Add($"{e.ErrorId} {e.Message} {e.Target} {e.RecommendedAction} {e}");
            }
        }

        var options = world.Http with { MaxRetries = 2 };
        using (var argo = await ArgoCdClient.LoginAsync(world.ArgoUrl, "admin", "sandbox-argocd-password", options, cancellationToken: ct))
        using (var argoToken = ArgoCdClient.WithToken(new Uri(viaProxy, "argo-cd"), World.ArgoToken, options))
        {
            Keep(await argo.GetAsync("nublado2", cancellationToken: ct));
            Keep(await argo.ListAsync(cancellationToken: ct));
            Keep(await argo.GetManagedResourcesAsync("mobu", ct));
            await Try(async () => Keep(await argo.SyncAsync("nosuch", new ArgoCdSyncRequest(), ct)));
            proxy.Inject(new ProxyFault(ProxyFaultKind.ServiceUnavailable) { Times = 3 });
            await Try(async () => Keep(await argoToken.GetAsync("nublado2", cancellationToken: ct)));
            proxy.Inject(new ProxyFault(ProxyFaultKind.Respond) { Status = 302, Location = "/login" });
            await Try(async () => Keep(await argoToken.GetAsync("nublado2", cancellationToken: ct)));
            proxy.Inject(new ProxyFault(ProxyFaultKind.MalformedJson));
            await Try(async () => Keep(await argoToken.ListAsync(cancellationToken: ct)));
        }

        await Try(async () => (await ArgoCdClient.LoginAsync(world.ArgoUrl, "admin", "wrong-password-4711", options, cancellationToken: ct)).Dispose());

        foreach (var token in new[] { World.VaultWrite, World.VaultRead })
        {
            using var vault = new VaultClient(token == World.VaultRead ? viaProxy : world.Address, token, options: options);
            Keep(await vault.GetInfoAsync("phalanx/idfdev/nublado2", ct));
            Keep(await vault.ListAsync("phalanx/idfdev", ct));
            await Try(async () => Keep(await vault.AddMissingKeysAsync("phalanx/idfdev/nublado2", new Dictionary<string, string> { ["new_key"] = "fresh-secret-value-93c1" }, ct)));
            await Try(async () => Keep(await vault.CreateAsync("phalanx/idfdev/nublado2", new Dictionary<string, string> { ["x"] = "fresh-secret-value-93c1" }, ct)));
            Keep((await vault.ReadSecretValuesAsync("phalanx/idfdev/nublado2", ct))?.ToString());
        }

        proxy.Inject(new ProxyFault(ProxyFaultKind.Respond) { Status = 403, Body = """{"errors":["permission denied"]}""" });
        using (var vault = new VaultClient(viaProxy, World.VaultWrite, options: options))
        {
            await Try(async () => Keep(await vault.GetInfoAsync("phalanx/idfdev/nublado2", ct)));
        }

        using (var mobu = new MobuClient(world.MobuUrl, World.Gafaelfawr, options))
        {
            Keep(await mobu.ListFlocksAsync(ct));
            Keep(await mobu.GetFlockAsync("recommended", ct));
            Keep(await mobu.StopFlockAsync("tap", ct));
            await Try(async () => Keep(await mobu.GetFlockAsync("tap", ct)));
            Keep(await mobu.RunLabTestAsync("bot-mobu-leak", "/nb", cancellationToken: ct));
        }

        using (var hubs = new HubRouteClient(world.Address, World.Gafaelfawr, options))
        {
            Keep(await hubs.TestAsync("/nb", ct));
            Keep(await hubs.TestAsync("/n3", ct));
            await Try(async () => Keep(await hubs.GetLabsAsync(cancellationToken: ct)));
        }

        var secrets = new List<string> { World.ArgoToken, World.VaultWrite, World.VaultRead, World.VaultUpdateOnly, World.Gafaelfawr, "sandbox-argocd-password", "wrong-password-4711", "c0ffee-crypto", "c0ffee-proxy", "fresh-secret-value-93c1" };
        secrets.AddRange(world.Host.Services.ArgoCd!.IssuedTokens);
        secrets.AddRange(world.Host.Services.Mobu!.IssuedTokens);
        Assert.NotEmpty(world.Host.Services.Mobu.IssuedTokens);
        Assert.NotEmpty(world.Log);
        Assert.Contains(seen, s => s.Contains("Auth.TokenRejected", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.Contains("Vault.PermissionDenied", StringComparison.Ordinal));
        foreach (var text in seen.Concat(world.Log))
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret leaked into: {text[..Math.Min(200, text.Length)]}");
            }
        }
    }
}
