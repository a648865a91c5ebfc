using CsCheck;
using k8s;
using k8s.Models;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Services.Tests;

/// <summary>Lab namespace selection (exact prefix and labels, never a system namespace) and removal.</summary>
public sealed class LabNamespaceTests
{
    private static readonly Gen<string> Name = Gen.OneOf(
        Gen.OneOf(Gen.Const("nublado2-"), Gen.Const("nublado-"), Gen.Const("nublado2"), Gen.Const("nublado"), Gen.Const("mynublado2-"), Gen.Const("xnublado-"), Gen.Const("kube-"), Gen.Const(""))
            .SelectMany(prefix => Gen.String[Gen.Char["abc-2d"], 0, 6].Select(rest => prefix + rest)),
        Gen.OneOf(LabNamespaceRules.SystemNamespaces.Select(n => Gen.Const(n)).ToArray()));

    private static readonly Gen<Dictionary<string, string>?> Labels = Gen.OneOf(
        Gen.Bool.Select(_ => (Dictionary<string, string>?)null),
        Gen.Select(Gen.OneOf("nublado-users", "nublado2", "other"), Gen.OneOf("lab", "fileserver", ""), Gen.Bool, Gen.Bool,
            (instance, category, withInstance, withCategory) =>
            {
                var d = new Dictionary<string, string>(StringComparer.Ordinal);
                if (withInstance)
                {
                    d[LabNamespaceRules.InstanceLabel] = instance;
                }

                if (withCategory)
                {
                    d[LabNamespaceRules.CategoryLabel] = category;
                }

                return (Dictionary<string, string>?)d;
            }));

    [Fact]
    public void The_selection_never_holds_a_name_without_the_exact_prefix_and_labels_nor_a_system_namespace()
    {
        Gen.Select(Name, Labels, Gen.OneOf(LabNamespaceRules.V2Prefix, LabNamespaceRules.V3Prefix)).Sample((name, labels, prefix) =>
        {
            if (!LabNamespaceRules.IsLabNamespace(prefix, name, labels))
            {
                return;
            }

            Assert.StartsWith(prefix, name, StringComparison.Ordinal);
            Assert.True(name.Length > prefix.Length);
            Assert.DoesNotContain(name, LabNamespaceRules.SystemNamespaces);
            Assert.Equal("nublado-users", labels![LabNamespaceRules.InstanceLabel]);
            if (prefix == LabNamespaceRules.V3Prefix)
            {
                Assert.Equal("lab", labels[LabNamespaceRules.CategoryLabel]);
            }
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("nublado2-", "nublado2-alice", true)]
    [InlineData("nublado2-", "nublado2", false)]
    [InlineData("nublado2-", "mynublado2-x", false)]
    [InlineData("nublado2-", "nublado-users", false)]
    [InlineData("nublado-", "nublado2-alice", false)]
    [InlineData("nublado-", "nublado-users", false)]
    [InlineData("nublado-", "nublado-fileservers", false)]
    [InlineData("nublado-", "nublado-bob", true)]
    public void The_spec_decoys_are_never_selected_even_with_the_labels(string prefix, string name, bool selected)
    {
        var labels = new Dictionary<string, string> { [LabNamespaceRules.InstanceLabel] = "nublado-users", [LabNamespaceRules.CategoryLabel] = "lab" };
        Assert.Equal(selected, LabNamespaceRules.IsLabNamespace(prefix, name, labels));
        Assert.False(LabNamespaceRules.IsLabNamespace(prefix, name, null));
    }

    [Fact]
    public async Task Removal_uses_the_listed_uid_waits_through_one_watch_and_reports_stuck_and_replaced_namespaces()
    {
        var ct = World.Bounded();
        await using var world = await World.StartAsync("""
            labNamespaces:
              v2Users: [alice, bob, carol, dave]
              v3Users: [erin]
              decoys: true
              stuck: [nublado2-carol]
            """, ct);
        using var cluster = LabCluster.Connect(new ClusterConnectionOptions { KubeconfigPath = world.Host.KubeconfigPath });
        var client = new LabNamespaceClient(cluster);
        var v2 = await client.ListAsync(LabNamespaceRules.V2Prefix, ct);
        Assert.Equal(["nublado2-alice", "nublado2-bob", "nublado2-carol", "nublado2-dave"], v2.Select(n => n.Name));
        Assert.Equal(["nublado-erin"], (await client.ListAsync(LabNamespaceRules.V3Prefix, ct)).Select(n => n.Name));

        // dave's namespace is replaced by a new one of the same name after the listing: its uid no longer matches.
        var kube = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(world.Host.KubeconfigPath));
        await kube.CoreV1.DeleteNamespaceAsync("nublado2-dave", cancellationToken: ct);
        while ((await kube.CoreV1.ListNamespaceAsync(fieldSelector: "metadata.name=nublado2-dave", cancellationToken: ct)).Items.Count > 0)
        {
            await Task.Delay(50, ct);
        }

        await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "nublado2-dave", Labels = new Dictionary<string, string> { [LabNamespaceRules.InstanceLabel] = "nublado-users" } } }, cancellationToken: ct);
        world.Host.Requests.Reset();
        var progress = new List<(int, int)>();
        var results = await client.RemoveAsync(v2, TimeSpan.FromSeconds(3), (g, t) => progress.Add((g, t)), ct);
        Assert.Equal(
            [("nublado2-alice", LabNamespaceOutcome.Deleted), ("nublado2-bob", LabNamespaceOutcome.Deleted), ("nublado2-carol", LabNamespaceOutcome.StuckTerminating), ("nublado2-dave", LabNamespaceOutcome.Replaced)],
            results.Select(r => (r.Name, r.GetOutcome())));
        Assert.Equal((0, 3), progress[0]);
        Assert.Contains((2, 3), progress);
        Assert.NotNull(await kube.CoreV1.ReadNamespaceAsync("nublado2-dave", cancellationToken: ct));
        var carol = await kube.CoreV1.ReadNamespaceAsync("nublado2-carol", cancellationToken: ct);
        Assert.Equal("Terminating", carol.Status.Phase);
        foreach (var decoy in new[] { "nublado2", "nublado-users", "mynublado2-x", "nublado2-eve", "nublado-erin" })
        {
            Assert.Equal("Active", (await kube.CoreV1.ReadNamespaceAsync(decoy, cancellationToken: ct)).Status?.Phase ?? "Active");
        }

        Assert.Equal(4, world.Host.Requests.Count("DELETE", "/api/v1/namespaces/"));
    }
}
