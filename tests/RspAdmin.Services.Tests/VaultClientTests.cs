using CsCheck;
using RspAdmin.Core;
using RspAdmin.Core.Vault;

namespace RspAdmin.Services.Tests;

/// <summary>The Vault KV v2 client against the simulated Vault.</summary>
public sealed class VaultClientTests
{
    [Fact]
    public async Task States_tell_present_empty_absent_and_soft_deleted_apart_without_reading_values_out()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync(cancellationToken: ct);
        using var vault = new VaultClient(world.Address, World.VaultRead, options: world.Http);
        var info = await vault.GetInfoAsync("phalanx/idfdev/nublado2", ct);
        Assert.Equal((VaultSecretState.Present, 1), (info.State, info.Version));
        Assert.Equal(VaultKeyState.Present, info.KeyState("crypto_key"));
        Assert.Equal(VaultKeyState.Empty, info.KeyState("hub_db_password"));
        Assert.Equal(VaultKeyState.Absent, info.KeyState("cryptkeeper_key"));
        Assert.Equal(VaultSecretState.Deleted, (await vault.GetInfoAsync("phalanx/idfdev/gone", ct)).State);
        Assert.Equal(VaultSecretState.Absent, (await vault.GetInfoAsync("phalanx/idfdev/nublado", ct)).State);
        Assert.Equal(["gone", "nublado2"], (await vault.ListAsync("phalanx/idfdev", ct)).Order(StringComparer.Ordinal));
        Assert.Empty(await vault.ListAsync("phalanx/elsewhere", ct));
        var values = await vault.ReadSecretValuesAsync("phalanx/idfdev/nublado2", ct);
        Assert.Equal("c0ffee-crypto", values!.Reveal("crypto_key"));
        Assert.DoesNotContain("c0ffee", values.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("c0ffee", info.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_keys_creates_with_cas_zero_patches_only_missing_keys_or_falls_back_to_a_cas_write()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync(cancellationToken: ct);
        using var writer = new VaultClient(world.Address, World.VaultWrite, options: world.Http);
        using var updater = new VaultClient(world.Address, World.VaultUpdateOnly, options: world.Http);
        using var reader = new VaultClient(world.Address, World.VaultRead, options: world.Http);

        var created = await writer.AddMissingKeysAsync("phalanx/idfdev/nublado", new Dictionary<string, string> { ["crypto_key"] = "n1", ["proxy_token"] = "n2" }, ct);
        Assert.Equal(("create", 1), (created.Method, created.Version));
        var again = await Assert.ThrowsAsync<RspException>(() => writer.CreateAsync("phalanx/idfdev/nublado", new Dictionary<string, string> { ["x"] = "y" }, ct));
        Assert.Equal("Vault.AlreadyExists", again.ErrorId);

        var patched = await writer.AddMissingKeysAsync("phalanx/idfdev/nublado2", new Dictionary<string, string> { ["crypto_key"] = "NEW", ["cryptkeeper_key"] = "k3" }, ct);
        Assert.Equal("patch", patched.Method);
        Assert.Equal(["cryptkeeper_key"], patched.Added);
        Assert.Equal(["crypto_key"], patched.Kept);
        Assert.Equal("c0ffee-crypto", world.Host.Services.Vault!.Current("phalanx/idfdev/nublado2")!["crypto_key"]);

        var merged = await updater.AddMissingKeysAsync("phalanx/idfdev/nublado2", new Dictionary<string, string> { ["slack_webhook"] = "w", ["proxy_token"] = "NEW" }, ct);
        Assert.Equal("cas-write", merged.Method);
        Assert.Equal(["slack_webhook"], merged.Added);
        var now = world.Host.Services.Vault.Current("phalanx/idfdev/nublado2")!;
        Assert.Equal(("c0ffee-crypto", "c0ffee-proxy", "k3", "w", ""), (now["crypto_key"], now["proxy_token"], now["cryptkeeper_key"], now["slack_webhook"], now["hub_db_password"]));

        var denied = await Assert.ThrowsAsync<RspException>(() => reader.AddMissingKeysAsync("phalanx/idfdev/nublado2", new Dictionary<string, string> { ["other"] = "x" }, ct));
        Assert.Equal(("Vault.PermissionDenied", ErrorKind.Forbidden), (denied.ErrorId, denied.Kind));
        var deleted = await Assert.ThrowsAsync<RspException>(() => writer.AddMissingKeysAsync("phalanx/idfdev/gone", new Dictionary<string, string> { ["a"] = "x" }, ct));
        Assert.Equal("Vault.SecretDeleted", deleted.ErrorId);

        await writer.SoftDeleteAsync("phalanx/idfdev/nublado", ct);
        Assert.Equal(VaultSecretState.Deleted, (await reader.GetInfoAsync("phalanx/idfdev/nublado", ct)).State);
        await writer.UndeleteAsync("phalanx/idfdev/nublado", [1], ct);
        Assert.Equal(VaultSecretState.Present, (await reader.GetInfoAsync("phalanx/idfdev/nublado", ct)).State);
    }

    [Fact]
    public async Task Any_sequence_of_key_additions_leaves_existing_values_byte_identical()
    {
        var ct = World.Bounded(240);
        await using var world = await World.StartAsync(cancellationToken: ct);
        using var writer = new VaultClient(world.Address, World.VaultWrite, options: world.Http);
        using var updater = new VaultClient(world.Address, World.VaultUpdateOnly, options: world.Http);
        var keys = Gen.OneOf("crypto_key", "proxy_token", "hub_db_password", "cryptkeeper_key", "slack_webhook", "extra");
        var call = Gen.Select(Gen.Bool, Gen.Select(keys, Gen.String[Gen.Char.AlphaNumeric, 0, 12]).Array[0, 4]);
        var run = 0;
        await Gen.Select(call.Array[1, 5], Gen.Bool).SampleAsync(async sample =>
        {
            var (calls, _) = sample;
            var path = $"phalanx/idfdev/prop{Interlocked.Increment(ref run)}";
            await writer.CreateAsync(path, new Dictionary<string, string> { ["crypto_key"] = "orig-é\u00e9\"\\", ["hub_db_password"] = "" }, ct);
            var expected = new Dictionary<string, string>(world.Host.Services.Vault!.Current(path)!);
            foreach (var (usePatch, candidates) in calls)
            {
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in candidates)
                {
                    map.TryAdd(k, v);
                }

                await (usePatch ? writer : updater).AddMissingKeysAsync(path, map, ct);
                foreach (var (k, v) in map)
                {
                    expected.TryAdd(k, v);
                }

                var now = world.Host.Services.Vault.Current(path)!;
                Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), now.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            }
        }, iter: 25, threads: 1);
    }
}
