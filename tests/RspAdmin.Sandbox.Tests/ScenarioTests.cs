using k8s;
using RspAdmin.Sandbox.Scenario;
using RspAdmin.Sandbox.Tests.Support;

namespace RspAdmin.Sandbox.Tests;

public sealed class ScenarioTests
{
    private static string ExampleScenario =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scenarios", "three-nodes.yaml"));

    [Theory]
    [InlineData("nodes:\n  - labels: {a: b}\n", "every node needs a name")]
    [InlineData("nodes:\n  - name: a\n  - name: a\n", "declared twice")]
    [InlineData("nodes:\n  - name: a\n    images:\n      - ref: x:y\n", "needs a registry")]
    [InlineData("registry:\n  start: true\n  address: 127.0.0.1:1\n", "either 'address'")]
    [InlineData("registry:\n  start: true\n  repositories:\n    - name: r\n      tags: [a]\n      aliases: {b: c}\n", "not one of its tags")]
    [InlineData("faults:\n  api:\n    - path: /api\n      status: 200\n", "HTTP error status")]
    [InlineData("nodes: [", "line")]
    [InlineData("nodes:\n  - name: a\n    colour: blue\n", "line")]
    public void Invalid_scenarios_are_refused_with_a_stable_id(string yaml, string fragment)
    {
        var e = Assert.Throws<SandboxException>(() => ScenarioLoader.Parse(yaml));
        Assert.Equal("Sandbox.ScenarioInvalid", e.ErrorId);
        Assert.Contains(fragment, e.Message);
    }

    [Theory]
    [InlineData("nodes:\n  - name: a\n    bogusKey: blue\n", "'bogusKey' is not a setting")]
    [InlineData("nodes: 12\n", "not of the kind")]
    public void Invalid_scenarios_are_described_without_type_names(string yaml, string fragment)
    {
        var e = Assert.Throws<SandboxException>(() => ScenarioLoader.Parse(yaml));
        Assert.Contains(fragment, e.Message);
        Assert.DoesNotContain("RspAdmin.", e.Message);
        Assert.DoesNotContain("System.", e.Message);
        Assert.DoesNotContain("Exception", e.Message);
    }

    [SkippableFact]
    public async Task The_three_nodes_example_has_a_tainted_node_and_one_missing_the_recommended_weekly()
    {
        Skip.IfNot(InProcessSandbox.RegistryInstalled, InProcessSandbox.NoRegistryMessage);
        var ct = InProcessSandbox.Bounded(60);
        await using var sandbox = await InProcessSandbox.StartAsync(ExampleScenario, ct);
        var recommended = sandbox.Host.SeededDigests["lsstsqre/sciplat-lab:recommended"];
        Assert.Equal(sandbox.Host.SeededDigests["lsstsqre/sciplat-lab:w_2024_52"], recommended);

        var nodes = (await sandbox.Client.CoreV1.ListNodeAsync(labelSelector: "nublado.lsst.io/lab=true", cancellationToken: ct)).Items;
        Assert.Equal(3, nodes.Count);
        Assert.Equal("node2", Assert.Single(nodes, n => n.Spec.Taints is { Count: > 0 }).Metadata.Name);
        var missing = nodes.Where(n => !n.Status.Images.SelectMany(i => i.Names).Any(name => name.EndsWith("@" + recommended, StringComparison.Ordinal))).ToList();
        Assert.Equal(["node3"], missing.Select(n => n.Metadata.Name));
    }
}
