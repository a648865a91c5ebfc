using RspAdmin.Core.Config;
using RspAdmin.Core.Tests.Catalog;

namespace RspAdmin.Core.Tests.Config;

/// <summary>The reader on every real nublado values file of the Phalanx snapshot.</summary>
public sealed class LabImageConfigPhalanxTests
{
    private const string Snapshot = "HEAD-650a0ef2";

    [SkippableFact]
    public void ListsTheEnvironmentsWithNubladoValues()
    {
        NubladoFixtures.RequireShared();
        Assert.Equal(
            new[] { "base", "idfdev", "idfint", "idfprod", "summit", "tucson-teststand", "usdfdev", "usdfprod" },
            LabImageConfigReader.GetPhalanxEnvironments(NubladoFixtures.Phalanx(Snapshot)));
        Assert.Empty(LabImageConfigReader.GetPhalanxEnvironments(Path.Combine(Path.GetTempPath(), "no-such-phalanx-" + Guid.NewGuid())));
    }

    [SkippableTheory]
    [InlineData("idfdev", "recommended")]
    [InlineData("idfint", "r30_0_10_rsp2991")]
    [InlineData("idfprod", "recommended")]
    public void IdfEnvironmentsUseGoogleArtifactRegistry(string environment, string recommendedTag)
    {
        NubladoFixtures.RequireShared();
        var config = LabImageConfigReader.ReadPhalanx(NubladoFixtures.Phalanx(Snapshot), environment);
        Assert.Equal(LabImageSourceType.Google, config.Source.GetKind());
        Assert.Equal("us-central1", config.Source.Location);
        Assert.Equal("rubin-shared-services-71ec", config.Source.ProjectId);
        Assert.Equal("sciplat", config.Source.GoogleRepository);
        Assert.Equal("sciplat-lab", config.Source.Image);
        Assert.Equal("us-central1-docker.pkg.dev", config.Registry);
        Assert.Equal("rubin-shared-services-71ec/sciplat/sciplat-lab", config.Repository);
        Assert.Equal("projects/rubin-shared-services-71ec/locations/us-central1/repositories/sciplat", config.Source.GoogleParent);
        Assert.Equal(recommendedTag, config.RecommendedTag);
        AssertChartDefaults(config);
        Assert.Equal(environment, config.Environment);
        Assert.Equal(2, config.SourceFiles.Count);
        Assert.EndsWith($"values-{environment}.yaml", config.SourceFiles[1], StringComparison.Ordinal);

        // Lab tolerations come from the environment file, replacing the chart's list.
        var toleration = Assert.Single(config.Tolerations);
        Assert.Equal("nublado.lsst.io/permitted", toleration.Key);
        Assert.Equal("Exists", toleration.Operator);
        Assert.Equal("NoExecute", toleration.Effect);
        Assert.Equal("user-lab-pool" + (environment == "idfdev" ? string.Empty : "-amd"), config.NodeSelector["node_pool"]);
    }

    [SkippableFact]
    public void IdfdevDropdownMenu()
    {
        NubladoFixtures.RequireShared();
        var menu = LabImageConfigReader.ReadPhalanx(NubladoFixtures.Phalanx(Snapshot), "idfdev").DropdownMenu;
        Assert.Equal(new RspAdmin.Core.Images.LabImageVersion(29, 2, 0), menu.Release.CutoffVersion);
        Assert.Equal(26, menu.Weekly.Number);
        Assert.Equal(5, menu.Daily.Number);
        Assert.Equal(new RspAdmin.Core.Images.LabImageVersion(29, 2, 1), menu.ReleaseCandidate.CutoffVersion);
        Assert.Equal(TimeSpan.FromDays(7), menu.Experimental.Age);
        Assert.Null(menu.Weekly.Age);
    }

    [SkippableTheory]
    [InlineData("usdfdev")]
    [InlineData("usdfprod")]
    public void UsdfEnvironmentsUseGhcrWithAPin(string environment)
    {
        NubladoFixtures.RequireShared();
        var config = LabImageConfigReader.ReadPhalanx(NubladoFixtures.Phalanx(Snapshot), environment);
        Assert.Equal(LabImageSourceType.Docker, config.Source.GetKind());
        Assert.Equal("ghcr.io", config.Registry);
        Assert.Equal("lsst-sqre/sciplat-lab", config.Repository);
        Assert.Equal(new[] { "r29_2_0_rsp2697" }, config.Pin);
        Assert.Equal("recommended", config.RecommendedTag);
        AssertChartDefaults(config);
        Assert.Equal("pull-secret", config.PullSecret);
        Assert.Equal(new RspAdmin.Core.Images.LabImageVersion(29, 0, 0), config.DropdownMenu.Release.CutoffVersion);
        Assert.Equal(78, config.DropdownMenu.Weekly.Number);
        Assert.Equal(25, config.DropdownMenu.Daily.Number);
        Assert.Equal(TimeSpan.FromDays(21), config.DropdownMenu.Experimental.Age);
    }

    [SkippableTheory]
    [InlineData("summit", 20)]
    [InlineData("base", 20)]
    [InlineData("tucson-teststand", 10)]
    public void TelescopeEnvironmentsUseCycle44(string environment, int prepullMinutes)
    {
        NubladoFixtures.RequireShared();
        var config = LabImageConfigReader.ReadPhalanx(NubladoFixtures.Phalanx(Snapshot), environment);
        Assert.Equal(LabImageSourceType.Docker, config.Source.GetKind());
        Assert.Equal("ts-dockerhub.lsst.org", config.Registry);
        Assert.Equal("sal-sciplat-lab", config.Repository);
        Assert.Equal(0, config.NumReleases);
        Assert.Equal(3, config.NumWeeklies);
        Assert.Equal(2, config.NumDailies);
        Assert.Equal(44, config.Cycle);
        Assert.Equal("recommended_c0044", config.RecommendedTag);
        Assert.Equal(TimeSpan.FromMinutes(prepullMinutes), config.PrepullTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), config.RefreshInterval);
        Assert.Equal("pull-secret", config.PullSecret);
        Assert.Empty(config.Pin);
        Assert.True(config.DropdownMenu.Release.IsEmpty && config.DropdownMenu.Weekly.IsEmpty);

        // The chart's arm64 toleration is not overridden by these environments.
        var toleration = Assert.Single(config.Tolerations);
        Assert.Equal(("kubernetes.io/arch", "Equal", "arm64", "NoSchedule"), (toleration.Key, toleration.Operator, toleration.Value, toleration.Effect));
    }

    [SkippableTheory]
    [InlineData("standard.yaml", "lighthouse.ceres", "library/sketchbook", 1, 2, 3, "pull-secret")]
    [InlineData("cycle.yaml", "lighthouse.ceres", "library/sketchbook", 0, 3, 0, null)]
    [InlineData("prepuller.yaml", "lighthouse.ceres", "library/sketchbook", 1, 2, 3, null)]
    public void ControllerConfigFixtures(string name, string registry, string repository, int releases, int weeklies, int dailies, string? pullSecret)
    {
        NubladoFixtures.RequireShared();
        var config = LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig(name));
        Assert.Equal((registry, repository), (config.Registry, config.Repository));
        Assert.Equal((releases, weeklies, dailies), (config.NumReleases, config.NumWeeklies, config.NumDailies));
        Assert.Equal(pullSecret, config.PullSecret);
        Assert.Null(config.Environment);
        Assert.Single(config.SourceFiles);
    }

    [SkippableFact]
    public void ControllerConfigLabSettings()
    {
        NubladoFixtures.RequireShared();
        var standard = LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig("standard.yaml"));
        Assert.Equal("some-value", Assert.Single(standard.NodeSelector, p => p.Key == "some-label").Value);
        Assert.Equal(2, standard.Tolerations.Count);
        Assert.Equal(60, standard.Tolerations[0].TolerationSeconds);
        Assert.Equal("Exists", standard.Tolerations[1].Operator);

        var prepuller = LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig("prepuller.yaml"));
        Assert.Equal(new Dictionary<string, string> { ["status"] = "online", ["nublado"] = "eligible" }, prepuller.NodeSelector);
        Assert.Equal(("some-taint", "Equal", "some-value", null), (prepuller.Tolerations[0].Key, prepuller.Tolerations[0].Operator, prepuller.Tolerations[0].Value, prepuller.Tolerations[0].Effect));

        var cycle = LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig("cycle.yaml"));
        Assert.Equal(50, cycle.Cycle);
        Assert.Equal(new[] { "latest_c0050" }, cycle.AliasTags);
        Assert.Equal("recommended_c0050", cycle.RecommendedTag);
    }

    private static void AssertChartDefaults(LabImageConfig config)
    {
        Assert.Equal(TimeSpan.FromMinutes(10), config.PrepullTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), config.RefreshInterval);
        Assert.Equal((1, 2, 3), (config.NumReleases, config.NumWeeklies, config.NumDailies));
        Assert.Null(config.Cycle);
        Assert.Empty(config.AliasTags);
    }
}
