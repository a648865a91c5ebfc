using RspAdmin.Core.Migration;
using RspAdmin.Core.Tests.Support;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Tests.Migration;

/// <summary>
/// Conformance with the real Phalanx history: each stage's repo steps, run on a copy of a site's
/// "before" files, give the site's "after" files byte for byte where the site's commit did only
/// what the procedure says; every deliberate difference is named and applied explicitly here.
/// </summary>
public sealed class MigrationFixtureConformanceTests
{
    private static void RequireFixtures() => Skip.If(PhalanxTree.FixtureRoot is null, SharedFixtures.SkipMessage);

    private static string Fixture(string commit, string path) => File.ReadAllText(Path.Combine(PhalanxTree.FixtureRoot!, commit, path));

    private static void Apply(MigrationContext context, string stepId)
    {
        var step = MigrationCatalog.AllSteps().Single(s => s.Id == stepId);
        step.ComputeChanges(context).ApplyTo(context.Checkout);
    }

    private static MigrationContext Context(PhalanxTree tree, string environment) => new(MigrationCheckout.Open(tree.Root, environment));

    // ---- stage 1 -----------------------------------------------------------------------------

    [SkippableFact]
    public void Stage1_Idfprod_EnablesNubladoAndAddsTheV3DatabaseLikeD27608ba()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            .FromFixture("2023-07-13_b6d7dbe4", "environments/values-idfprod.yaml", "applications/postgres/values-idfprod.yaml")
            // The site wrote its v3 values by hand in the same commit (1.P4 is a person's work): taken as given.
            .FromFixture("2023-07-13_d27608ba", "applications/nublado/values-idfprod.yaml", "applications/nublado2/values-idfprod.yaml");
        var context = Context(tree, "idfprod");

        foreach (var id in new[] { "1.P2", "1.P3", "1.P5" })
        {
            Apply(context, id);
        }

        Assert.Equal(Fixture("2023-07-13_d27608ba", "environments/values-idfprod.yaml"), tree.Text("environments/values-idfprod.yaml"));
        Assert.Equal(Fixture("2023-07-13_d27608ba", "applications/postgres/values-idfprod.yaml"), tree.Text("applications/postgres/values-idfprod.yaml"));
        Assert.Equal(Fixture("2023-07-13_d27608ba", "applications/nublado/values-idfprod.yaml"), tree.Text("applications/nublado/values-idfprod.yaml"));
        Assert.Equal(MigrationState.S1, MigrationStateDetector.Detect(context.Checkout).GetState());
    }

    [SkippableFact]
    public void Stage1_Base_RefusesTheMisplacedBaseUrlOfE22f7773()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            .Write("environments/values-base.yaml", "name: base\napplications:\n  nublado2: true\n")
            .FromFixture("2023-08-17_e22f7773", "applications/nublado/values-base.yaml");
        var context = Context(tree, "base");
        var before = tree.Text("applications/nublado/values-base.yaml");

        var error = Assert.Throws<RspException>(() => Apply(context, "1.P5"));

        Assert.Equal("Migration.BaseUrlMisplaced", error.ErrorId);
        Assert.Equal(before, tree.Text("applications/nublado/values-base.yaml"));
    }

    [SkippableFact]
    public void Stage1_Base_OnTheCorrectedF7b92a5aAddsOnlyTheHubRouteTheSiteLeftOut()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            .Write("environments/values-base.yaml", "name: base\napplications:\n  nublado: true\n  nublado2: true\n")
            .FromFixture("2023-08-17_f7b92a5a", "applications/nublado/values-base.yaml");
        var context = Context(tree, "base");

        Apply(context, "1.P5");

        // Deliberate difference: the site set baseUrl /n3 without HUB_ROUTE (section 1 of the procedure
        // requires both); removing the added key gives the site's file back byte for byte.
        var document = EditableYamlDocument.Parse(tree.Text("applications/nublado/values-base.yaml"));
        Assert.Equal("/n3/hub", document.GetScalar(RouteSettings.HubRoutePath));
        Assert.Equal("/n3", document.GetScalar(MigrationStateDetector.BaseUrlPath));
        document.RemoveKey(new YamlPath("controller", "config", "lab", "env", "HUB_ROUTE"));
        Assert.Equal(Fixture("2023-08-17_f7b92a5a", "applications/nublado/values-base.yaml"), document.Text);
    }

    // ---- stage 2 -----------------------------------------------------------------------------

    [SkippableFact]
    public void Stage2_Idfprod_MovesTheRoutesAndMobuLike88deb9d0AndF090803d()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            .FromFixture("2023-07-13_d27608ba", "environments/values-idfprod.yaml", "applications/nublado/values-idfprod.yaml",
                "applications/nublado2/values-idfprod.yaml", "applications/mobu/values-idfprod.yaml");
        var context = Context(tree, "idfprod");
        Assert.Equal(MigrationState.S1, MigrationStateDetector.Detect(context.Checkout).GetState());

        foreach (var id in new[] { "2.P2", "2.P3", "2.P4" })
        {
            Apply(context, id);
        }

        Assert.Equal(Fixture("2023-07-20_88deb9d0", "applications/nublado2/values-idfprod.yaml"), tree.Text("applications/nublado2/values-idfprod.yaml"));

        // Deliberate difference: the site's stage-2 commit also dropped controller.config.fileserver
        // (not part of the procedure); doing that here too gives its file byte for byte.
        var nublado = EditableYamlDocument.Parse(tree.Text("applications/nublado/values-idfprod.yaml"));
        Assert.True(nublado.RemoveKey(new YamlPath("controller", "config", "fileserver")));
        Assert.Equal(Fixture("2023-07-20_88deb9d0", "applications/nublado/values-idfprod.yaml"), nublado.Text);

        // The site's first try (88deb9d0) misspelt one option as use_machemachine; its fix (f090803d) is what the procedure gives.
        Assert.Equal(Fixture("2023-07-20_f090803d", "applications/mobu/values-idfprod.yaml"), tree.Text("applications/mobu/values-idfprod.yaml"));
        Assert.Equal(MigrationState.S2, MigrationStateDetector.Detect(context.Checkout).GetState());
    }

    [SkippableFact]
    public void Stage2_Summit_MovesTheRoutesLike8e03d64c()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            // The fixtures have no summit environment file; this minimal one (format D) turns both hubs on.
            .Write("environments/values-summit.yaml", "name: summit\napplications:\n  nublado: true\n  nublado2: true\n")
            .FromFixture("2023-10-04_274bd86e", "applications/nublado/values-summit.yaml", "applications/nublado2/values-summit.yaml");
        var context = Context(tree, "summit");
        Assert.Equal(MigrationState.S1, MigrationStateDetector.Detect(context.Checkout).GetState());

        foreach (var id in new[] { "2.P2", "2.P3", "2.P4" })
        {
            Apply(context, id);
        }

        Assert.Equal(Fixture("2023-10-04_8e03d64c", "applications/nublado/values-summit.yaml"), tree.Text("applications/nublado/values-summit.yaml"));

        // Deliberate difference: the site wrote /n2 unquoted; the editor quotes a new string like its
        // neighbours ("postgresql://..."). Both read as the same string.
        var expected = Fixture("2023-10-04_8e03d64c", "applications/nublado2/values-summit.yaml");
        Assert.Equal(expected.Replace("    baseUrl: /n2\n", "    baseUrl: \"/n2\"\n", StringComparison.Ordinal), tree.Text("applications/nublado2/values-summit.yaml"));
        Assert.Equal(MigrationState.S2, MigrationStateDetector.Detect(context.Checkout).GetState());
    }

    [SkippableFact]
    public void Stage2_RefusesTheRealUseMachemachineTypoOf88deb9d0()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            .FromFixture("2023-07-13_d27608ba", "environments/values-idfprod.yaml")
            .FromFixture("2023-07-20_88deb9d0", "applications/mobu/values-idfprod.yaml");
        var checkout = MigrationCheckout.Open(tree.Root, "idfprod");

        var error = Assert.Throws<RspException>(() => RouteSettings.Validate(checkout, new MigrationOptions(), servedRoutes: false));

        Assert.Equal("Migration.UnknownMobuOption", error.ErrorId);
        Assert.Contains("use_machemachine", error.Message, StringComparison.Ordinal);
        Assert.Contains("use_cachemachine", error.Message, StringComparison.Ordinal);
    }

    // ---- stage 3 -----------------------------------------------------------------------------

    [SkippableFact]
    public void Stage3_Idfprod_TurnsV2OffInFormatBLike4517f07c()
    {
        RequireFixtures();
        using var tree = new PhalanxTree().FromFixture("2023-08-03_8678cc4d", "environments/values-idfprod.yaml", "applications/moneypenny/values-idfprod.yaml");
        var context = Context(tree, "idfprod");

        Apply(context, "3.P2");

        Assert.Equal(Fixture("2023-08-03_4517f07c", "environments/values-idfprod.yaml"), tree.Text("environments/values-idfprod.yaml"));
        Assert.True(tree.Exists("applications/moneypenny/values-idfprod.yaml"), "3.P2 keeps the values files (undo needs them).");

        Apply(context, "3.W4");
        Assert.False(tree.Exists("applications/moneypenny/values-idfprod.yaml"));
    }

    [SkippableTheory]
    [InlineData("base")]
    [InlineData("tucson-teststand")]
    public void Stage3_FormatD_DeletesTheEntriesLike32edbea4(string environment)
    {
        RequireFixtures();
        var file = $"environments/values-{environment}.yaml";
        using var tree = new PhalanxTree().FromFixture("2023-10-04_45ec5879", file);
        var context = Context(tree, environment);

        Apply(context, "3.P2");

        Assert.Equal(Fixture("2023-10-04_32edbea4", file), tree.Text(file));
        Assert.Equal(MigrationState.S3, MigrationStateDetector.Detect(context.Checkout).GetState());
    }

    [SkippableFact]
    public void Stage3_Idfint_RemovesTheV2FlockLike39916f99()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            // The rollback 36696879 is the environment file with v2 on again (plus a monitoring entry added meanwhile).
            .FromFixture("2023-07-27_36696879", "environments/values-idfint.yaml")
            .FromFixture("2023-07-27_282f3261", "applications/mobu/values-idfint.yaml");
        var context = Context(tree, "idfint");

        Apply(context, "3.P2");

        Assert.Equal(Fixture("2023-07-27_39916f99", "applications/mobu/values-idfint.yaml"), tree.Text("applications/mobu/values-idfint.yaml"));

        // Deliberate difference: 36696879 (later than 39916f99) also carries a monitoring entry.
        var env = EditableYamlDocument.Parse(tree.Text("environments/values-idfint.yaml"));
        Assert.True(env.RemoveKey(new YamlPath("monitoring")));
        Assert.Equal(Fixture("2023-07-27_39916f99", "environments/values-idfint.yaml"), env.Text);
    }

    [SkippableFact]
    public void Stage3_UndoneSameDay_ValuesFilesCannotGoWhileV2IsOn()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            .FromFixture("2023-07-27_36696879", "environments/values-idfint.yaml")
            .Write("applications/nublado2/values-idfint.yaml", "jupyterhub:\n  hub:\n    baseUrl: \"/n2\"\n");
        var context = Context(tree, "idfint");

        var error = Assert.Throws<RspException>(() => Apply(context, "3.W4"));

        Assert.Equal("Migration.ApplicationStillEnabled", error.ErrorId);
        Assert.True(tree.Exists("applications/nublado2/values-idfint.yaml"));
    }

    // ---- cleanup -----------------------------------------------------------------------------

    [SkippableFact]
    public void Cleanup_RemovesTheDefaultsAndThePostgresCopyLike354b3f0a()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            .FromFixture("2024-01-08_3959ce72", "environments/values.yaml", "applications/postgres/secrets.yaml")
            // Scaffolding: one environment file (v3 only) so the checkout has an environment to open.
            .Write("environments/values-idfprod.yaml", "name: idfprod\napplications:\n  nublado: true\n")
            .Write("environments/templates/nublado2-application.yaml", "# template\n")
            .Write("applications/nublado2/Chart.yaml", "name: nublado2\n")
            .Write("applications/nublado2/values.yaml", "jupyterhub: {}\n");
        var context = Context(tree, "idfprod");

        Apply(context, "C2");

        Assert.Equal(Fixture("2024-01-08_354b3f0a", "environments/values.yaml"), tree.Text("environments/values.yaml"));
        Assert.Equal(Fixture("2024-01-08_354b3f0a", "applications/postgres/secrets.yaml"), tree.Text("applications/postgres/secrets.yaml"));
        Assert.False(tree.Exists("environments/templates/nublado2-application.yaml"));
        Assert.False(tree.Exists("applications/nublado2/Chart.yaml"));
    }

    [SkippableFact]
    public void Cleanup_RefusesWhileAnyEnvironmentStillEnablesV2()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            .FromFixture("2024-01-08_3959ce72", "environments/values.yaml")
            .Write("environments/values-idfprod.yaml", "name: idfprod\napplications:\n  nublado: true\n")
            .FromFixture("2023-10-04_45ec5879", "environments/values-base.yaml");
        var context = Context(tree, "idfprod");
        var before = tree.Text("environments/values.yaml");

        var error = Assert.Throws<RspException>(() => Apply(context, "C2"));

        Assert.Equal("Migration.CleanupBlocked", error.ErrorId);
        Assert.Contains("values-base.yaml enables nublado2", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, tree.Text("environments/values.yaml"));
    }

    [SkippableFact]
    public void C3_RefusesTheV3DatabaseThatNamesTheV2OneLikeE22f7773()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            .Write("environments/values-base.yaml", "name: base\napplications:\n  nublado: true\n")
            .FromFixture("2023-08-17_f7b92a5a", "applications/nublado/values-base.yaml");
        var checkout = MigrationCheckout.Open(tree.Root, "base");

        var error = Assert.Throws<RspException>(() => RouteSettings.RefuseSharedDatabase(checkout));

        Assert.Equal("Migration.V3UsesV2Database", error.ErrorId);
    }

    // ---- state detection on every fixture tree --------------------------------------------------

    public static TheoryData<string, string, string, string> FixtureTrees() => new()
    {
        // commit folder, environment, era, state (by the spec's table applied to the files present)
        { "migration/phalanx/2023-01-30_f22afc8d", "idfprod", "A", "S0" },
        { "nublado/phalanx/2023-01-30_f22afc8d", "idfint", "A", "S0" },
        { "migration/phalanx/2023-03-11_1a6a8751", "idfdev", "B", "S3" },
        { "migration/phalanx/2023-07-13_b6d7dbe4", "idfprod", "B", "S0" },
        { "migration/phalanx/2023-07-13_d27608ba", "idfprod", "B", "S1" },
        // Only the environment file: both hubs on, no route set anywhere, so both claim /nb.
        { "migration/phalanx/2023-08-03_8678cc4d", "idfprod", "B", "Inconsistent" },
        { "migration/phalanx/2023-08-03_4517f07c", "idfprod", "B", "S3" },
        { "migration/phalanx/2023-07-27_39916f99", "idfint", "B", "S3" },
        { "migration/phalanx/2023-07-27_36696879", "idfint", "B", "Inconsistent" },
        { "migration/phalanx/2023-08-16_ff7c4a97", "idfdev", "B", "S3" },
        { "migration/phalanx/2023-08-22_a1c5702f", "idfdev", "C", "S3" },
        { "migration/phalanx/2023-08-22_12b760e9", "idfdev", "D", "S3" },
        { "migration/phalanx/2023-09-21_708c07dc", "idfdev", "D", "S3" },
        { "migration/phalanx/2023-10-04_45ec5879", "base", "D", "Inconsistent" },
        { "migration/phalanx/2023-10-04_45ec5879", "tucson-teststand", "D", "Inconsistent" },
        { "migration/phalanx/2023-10-04_32edbea4", "base", "D", "S3" },
        { "migration/phalanx/2023-10-04_32edbea4", "tucson-teststand", "D", "S3" },
        // idfint ran both hubs again after its same-day rollback of stage 3, v2 on /n2.
        { "nublado/phalanx/2023-12-01_57afd76c", "idfint", "D", "S2" },
        // Today: the nublado chart is there and the v2 charts are gone.
        { "nublado/phalanx/HEAD-650a0ef2", "idfdev", "D", "Done" },
        { "nublado/phalanx/HEAD-650a0ef2", "idfint", "D", "Done" },
        { "nublado/phalanx/HEAD-650a0ef2", "usdfdev", "D", "Done" },
    };

    [SkippableTheory]
    [MemberData(nameof(FixtureTrees))]
    public void StateDetection_OnEveryFixtureTree(string folder, string environment, string era, string state)
    {
        RequireFixtures();
        var source = Path.Combine(SharedFixtures.Root!, "fixtures", folder);
        Skip.If(!Directory.Exists(source), $"Skipped: {source} is not in the shared fixtures.");
        using var tree = new PhalanxTree().FromFixtureCommit(source);

        var report = MigrationStateDetector.Detect(MigrationCheckout.Open(tree.Root, environment));

        Assert.Equal(Enum.Parse<EnvironmentFileEra>(era), report.GetEra());
        Assert.Equal(Enum.Parse<MigrationState>(state), report.GetState());
        Assert.Contains(report.Signals, s => s.Name == "nublado enabled");
        if (report.GetState() == MigrationState.Inconsistent)
        {
            Assert.Contains("same route /nb", report.Reason, StringComparison.Ordinal);
            Assert.All(report.StageNeeds, n => Assert.NotEmpty(n.Needs));
        }
    }

    [SkippableFact]
    public void StateDetection_ComposedIdfprodHistory_FollowsTheStages()
    {
        RequireFixtures();
        using var tree = new PhalanxTree()
            .FromFixture("2023-07-20_88deb9d0", "applications/nublado/values-idfprod.yaml", "applications/nublado2/values-idfprod.yaml")
            .FromFixture("2023-08-03_8678cc4d", "environments/values-idfprod.yaml", "applications/moneypenny/values-idfprod.yaml");
        var checkout = MigrationCheckout.Open(tree.Root, "idfprod");
        Assert.Equal(MigrationState.S2, MigrationStateDetector.Detect(checkout).GetState());

        tree.FromFixture("2023-08-03_4517f07c", "environments/values-idfprod.yaml");
        Assert.Equal(MigrationState.S3, MigrationStateDetector.Detect(checkout).GetState());
    }
}
