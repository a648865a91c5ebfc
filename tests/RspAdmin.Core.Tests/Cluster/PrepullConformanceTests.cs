using System.Text.Json.Nodes;
using RspAdmin.Core.Cluster;
using RspAdmin.Core.Prepull;
using RspAdmin.Core.Tests.Catalog;

namespace RspAdmin.Core.Tests.Cluster;

/// <summary>
/// Prepull status, spawner menu and planned prepull pods against Nublado's expected outputs:
/// prepuller/*.json, menu/*.json and objects/prepull.json, with the node, config and registry
/// fixtures the upstream tests used.
/// </summary>
public sealed class PrepullConformanceTests
{
    [SkippableTheory]
    [InlineData("standard.yaml", "standard.json", "prepuller/prepulls.json")]
    [InlineData("prepuller.yaml", "prepuller.json", "prepuller/status.json")]
    public async Task PrepullStatusMatchesFixture(string configName, string nodesName, string expectedName)
    {
        NubladoFixtures.RequireShared();
        var config = ClusterFixtures.Config(configName);
        var catalog = await ClusterFixtures.DockerCatalogAsync(config, "docker.json");
        var view = new LabClusterView(catalog, ClusterFixtures.ReadNodes(nodesName, config.NodeSelector));

        var actual = JsonNode.Parse(view.GetPrepullStatus().ToJson());
        using var expectedDoc = NubladoFixtures.ReadControllerJson(expectedName);
        var expected = JsonNode.Parse(expectedDoc.RootElement.GetRawText());
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected:\n{expected}\nactual:\n{actual}");
    }

    [SkippableFact]
    public async Task StatusSeparatesEligibilityFromPresence()
    {
        // prepuller.yaml tolerates some-taint=some-value: node5 is eligible, node6 (other-value) is
        // not, yet its copy of w_2077_43 is still listed among the nodes holding it.
        NubladoFixtures.RequireShared();
        var config = ClusterFixtures.Config("prepuller.yaml");
        var view = new LabClusterView(await ClusterFixtures.DockerCatalogAsync(config, "docker.json"), ClusterFixtures.ReadNodes("prepuller.json", config.NodeSelector));
        Assert.Equal(new[] { "node1", "node3", "node5", "node6" }, view.Nodes.Select(n => n.Name));
        Assert.Equal(new[] { "node1", "node3", "node5" }, view.EligibleNodes);
        var node6 = view.Nodes.Single(n => n.Name == "node6");
        Assert.Equal("Node is tainted (NoSchedule, some-taint = other-value)", node6.Comment);
        Assert.Equal(new[] { "d_2077_10_23" }, node6.Missing);
    }

    [SkippableTheory]
    [InlineData("cycle.yaml", "docker-cycle.json", "cycle.json", "menu/cycle.json", false)]
    [InlineData("gar-cycle.yaml", "gar-cycle.json", "gar-cycle.json", "menu/gar-cycle.json", true)]
    [InlineData("gar.yaml", "gar.json", "empty.json", "menu/gar-before.json", true)]
    public async Task MenuMatchesFixture(string configName, string registryName, string nodesName, string expectedName, bool google)
    {
        NubladoFixtures.RequireShared();
        var config = ClusterFixtures.Config(configName);
        var catalog = google ? await ClusterFixtures.GoogleCatalogAsync(config, registryName) : await ClusterFixtures.DockerCatalogAsync(config, registryName);
        var menu = new LabClusterView(catalog, ClusterFixtures.ReadNodes(nodesName, config.NodeSelector)).GetMenu();
        AssertMenu(expectedName, menu);
    }

    [SkippableFact]
    public async Task MenuAfterPrepullingEveryPlannedPodMatchesGarAfter()
    {
        // menu/gar-after.json is the menu once the prepuller has run on the nodes of empty.json:
        // simulate that by adding every planned pod's image to its node.
        NubladoFixtures.RequireShared();
        var config = ClusterFixtures.Config("gar.yaml");
        var catalog = await ClusterFixtures.GoogleCatalogAsync(config, "gar.json");
        var before = new LabClusterView(catalog, ClusterFixtures.ReadNodes("empty.json"));
        var plan = PrepullPlanner.Plan(before);
        Assert.Equal(new[] { "node1", "node2" }, plan.Nodes.Select(n => n.NodeName));
        Assert.Equal(new[] { "w_2077_43", "w_2077_42" }, plan.Nodes[0].Pods.Select(p => p.Tag));

        var after = before.Nodes.Select(n => new ClusterNode(
            n.Name,
            n.Labels,
            n.Taints,
            plan.Pods.Where(p => p.NodeName == n.Name).Select(p => new NodeCachedImage(new[] { p.Reference }, 1000)).ToArray()));
        AssertMenu("menu/gar-after.json", new LabClusterView(catalog, after).GetMenu());
    }

    [SkippableFact]
    public async Task PlannedPodMatchesObjectFixture()
    {
        NubladoFixtures.RequireShared();
        var config = ClusterFixtures.Config("standard.yaml");
        var catalog = await ClusterFixtures.DockerCatalogAsync(config, "docker.json");
        var view = new LabClusterView(catalog, ClusterFixtures.ReadNodes("standard.json", config.NodeSelector));
        var plan = PrepullPlanner.Plan(view, new PrepullPlanOptions
        {
            Namespace = "nublado",
            Owner = new PrepullPodOwner("v1", "Pod", "nublado-controller", "12720beb-ecae-452e-982e-2f0a0a2fbaf1"),
        });

        var pod = Assert.Single(plan.Pods);
        Assert.Equal("prepull-d-2077-10-23-node2", pod.PodName);
        using var fixture = NubladoFixtures.ReadControllerJson("objects/prepull.json");
        var expected = JsonNode.Parse(fixture.RootElement[0].GetRawText())!.AsObject();
        expected.Remove("status"); // what the cluster reported, not what was sent
        var actual = JsonNode.Parse(pod.ToJson());
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected:\n{expected}\nactual:\n{actual}");
    }

    private static void AssertMenu(string expectedName, LabMenu menu)
    {
        using var expected = NubladoFixtures.ReadControllerJson(expectedName);
        foreach (var (property, entries) in new[] { ("menu", menu.Menu), ("dropdown", menu.Dropdown) })
        {
            var list = expected.RootElement.GetProperty(property).EnumerateArray().ToList();
            Assert.Equal(list.Select(e => e.GetProperty("name").GetString()), entries.Select(e => e.Name));
            Assert.Equal(list.Select(e => e.GetProperty("reference").GetString()), entries.Select(e => e.Reference));
        }
    }
}
