using CsCheck;
using RspAdmin.Core.Migration;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Tests.Migration;

/// <summary>The repo edits in every environment-file era, the route and mobu rules, and state detection on the project's own trees.</summary>
public sealed class MigrationEditTests
{
    private static MigrationCheckout Open(PhalanxTree tree) => MigrationCheckout.Open(tree.Root, "demo");

    [Fact]
    public void FormatA_EnableWritesAnEnabledEntryInKeyOrder()
    {
        using var tree = new PhalanxTree().FromData("demo-a");
        var checkout = Open(tree);
        Assert.Equal(EnvironmentFileEra.A, checkout.Era);
        Assert.Equal("services/nublado2/values-demo.yaml", checkout.ValuesFile("nublado2"));

        RepoEdits.SetApplications(checkout, true, "nublado").ApplyTo(checkout);

        Assert.Contains("moneypenny:\n  enabled: true\nnublado:\n  enabled: true\nnublado2:\n  enabled: true\n", tree.Text("science-platform/values-demo.yaml"), StringComparison.Ordinal);
        Assert.True(checkout.IsEnabled("nublado"));
    }

    [Fact]
    public void FormatB_DisableWritesEnabledFalse()
    {
        using var tree = new PhalanxTree().FromData("demo-b");
        var checkout = Open(tree);

        RepoEdits.SetApplications(checkout, false, "nublado2", "cachemachine", "moneypenny").ApplyTo(checkout);

        var text = tree.Text("environments/values-demo.yaml");
        Assert.Contains("cachemachine:\n  enabled: false\n", text, StringComparison.Ordinal);
        Assert.Contains("moneypenny:\n  enabled: false\n", text, StringComparison.Ordinal);
        Assert.Contains("nublado2:\n  enabled: false\n", text, StringComparison.Ordinal);
        Assert.Contains("# Applications of the demo environment.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatC_EnableAddsAMappingAndDisableDeletesTheEntry()
    {
        using var tree = new PhalanxTree()
            .Write("environments/values-demo.yaml", "name: demo\n\napplications:\n  mobu:\n    enabled: true\n  nublado2:\n    enabled: true\n");
        var checkout = Open(tree);
        Assert.Equal(EnvironmentFileEra.C, checkout.Era);

        RepoEdits.SetApplications(checkout, true, "nublado").ApplyTo(checkout);
        RepoEdits.SetApplications(checkout, false, "nublado2").ApplyTo(checkout);

        Assert.Equal("name: demo\n\napplications:\n  mobu:\n    enabled: true\n  nublado:\n    enabled: true\n", tree.Text("environments/values-demo.yaml"));
    }

    [Fact]
    public void FormatD_DisableDeletesTheLineAndEnableOfAnEnabledAppChangesNothing()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        var checkout = Open(tree);
        var before = tree.Text("environments/values-demo.yaml");

        Assert.True(RepoEdits.SetApplications(checkout, true, "nublado2").IsEmpty);
        RepoEdits.SetApplications(checkout, false, "cachemachine").ApplyTo(checkout);

        Assert.Equal(before.Replace("  cachemachine: true\n", string.Empty, StringComparison.Ordinal), tree.Text("environments/values-demo.yaml"));
        Assert.True(RepoEdits.SetApplications(checkout, false, "cachemachine").IsEmpty);
    }

    [Fact]
    public void EnvironmentFile_AnEntryThatIsNotABoolean_IsRefused()
    {
        using var tree = new PhalanxTree().Write("environments/values-demo.yaml", "applications:\n  nublado: maybe\n");

        var error = Assert.Throws<RspException>(() => Open(tree).IsEnabled("nublado"));

        Assert.Equal("Migration.EnvironmentFileUnreadable", error.ErrorId);
    }

    [Fact]
    public void MissingEnvironment_AndBadNames_AreRefused()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        Assert.Equal("Migration.EnvironmentNotFound", Assert.Throws<RspException>(() => MigrationCheckout.Open(tree.Root, "other")).ErrorId);
        Assert.Equal("Migration.InvalidEnvironment", Assert.Throws<RspException>(() => MigrationCheckout.Open(tree.Root, "../demo")).ErrorId);
        Assert.Equal("Migration.PhalanxNotFound", Assert.Throws<RspException>(() => MigrationCheckout.Open(Path.Combine(tree.Root, "nothing"), "demo")).ErrorId);
    }

    [Fact]
    public void State_BothHubsOnTheDefaultRoute_IsInconsistentWithWhatEachStageNeeds()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        var checkout = Open(tree);
        RepoEdits.SetApplications(checkout, true, "nublado").ApplyTo(checkout);

        var report = MigrationStateDetector.Detect(checkout);

        Assert.Equal(MigrationState.Inconsistent, report.GetState());
        Assert.Contains("same route /nb", report.Reason, StringComparison.Ordinal);
        Assert.Equal(["nublado route: /nb -> /n3"], report.StageNeeds.Single(n => n.GetStage() == MigrationStage.EnableV3).Needs);
        Assert.Equal(["nublado2 route: /nb -> /n2"], report.StageNeeds.Single(n => n.GetStage() == MigrationStage.MakeDefault).Needs);
        Assert.Contains(report.Signals, s => s is { Name: "nublado route", Value: "/nb", Source: "applications/nublado/values-demo.yaml" });
    }

    [Fact]
    public void State_V3StillOnN3WithV2AlreadyOnN2_IsInconsistent()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        var checkout = Open(tree);
        RepoEdits.SetApplications(checkout, true, "nublado").ApplyTo(checkout);
        RepoEdits.V3AlternateRouteEdit(checkout, new MigrationOptions()).ApplyTo(checkout);
        RepoEdits.V2AlternateRouteEdit(checkout).ApplyTo(checkout);

        var report = MigrationStateDetector.Detect(checkout);

        Assert.Equal(MigrationState.Inconsistent, report.GetState());
        Assert.Contains("v3 on /n3 and v2 on /n2", report.Reason, StringComparison.Ordinal);
        Assert.Equal(["nublado route: /n3 -> /nb"], report.StageNeeds.Single(n => n.GetStage() == MigrationStage.MakeDefault).Needs);
    }

    [Fact]
    public void State_ClusterEvidenceJoins()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        var checkout = Open(tree);
        var cluster = new MigrationClusterEvidence(new Dictionary<string, bool> { ["nublado2"] = true, ["mobu"] = true }, 12, 0);

        var report = MigrationStateDetector.Detect(checkout, cluster);

        Assert.Equal(MigrationState.S0, report.GetState());
        Assert.True(report.ClusterAgrees);
        Assert.Contains(report.Signals, s => s is { Name: "nublado2- lab namespaces", Value: "12", Source: "Kubernetes" });
        Assert.False(MigrationStateDetector.Detect(checkout, cluster with { Applications = new Dictionary<string, bool> { ["nublado"] = true } }).ClusterAgrees);
    }

    [Fact]
    public void MisplacedKeys_AreRefusedByTheirIds()
    {
        using var tree = new PhalanxTree().FromData("demo-d")
            .Write("applications/nublado2/values-demo.yaml", "jupyterhub:\n  db:\n    url: \"postgresql://jovyan@postgres.postgres/jupyterhub\"\n");
        var checkout = Open(tree);

        Assert.Equal("Migration.DatabaseMisplaced", Assert.Throws<RspException>(() => RouteSettings.Validate(checkout, new MigrationOptions())).ErrorId);
        Assert.Equal("Migration.DatabaseMisplaced", Assert.Throws<RspException>(() => RepoEdits.V2AlternateRouteEdit(checkout)).ErrorId);
    }

    [Fact]
    public void HubRouteThatDoesNotMatchTheRoute_IsRefused()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        var checkout = Open(tree);
        var document = checkout.Edit("applications/nublado/values-demo.yaml");
        document.SetString(MigrationStateDetector.BaseUrlPath, "/n3");
        File.WriteAllBytes(checkout.Absolute("applications/nublado/values-demo.yaml"), document.ToBytes());

        var error = Assert.Throws<RspException>(() => RouteSettings.Validate(checkout, new MigrationOptions()));

        Assert.Equal("Migration.RouteInconsistent", error.ErrorId);
        Assert.Contains("HUB_ROUTE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void V2FlockLeftAfterV2IsOff_IsAnInconsistentRoute()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        var checkout = Open(tree);
        RepoEdits.SetApplications(checkout, true, "nublado").ApplyTo(checkout);
        RepoEdits.SetApplications(checkout, false, "nublado2").ApplyTo(checkout);
        var mobu = checkout.Edit("applications/mobu/values-demo.yaml");
        mobu.SetString(new YamlPath("config", "autostart").AppendIndex(0).Append("business").Append("options").Append("url_prefix"), "/n2");
        File.WriteAllBytes(checkout.Absolute("applications/mobu/values-demo.yaml"), mobu.ToBytes());

        var error = Assert.Throws<RspException>(() => RouteSettings.Validate(checkout, new MigrationOptions()));
        Assert.Equal("Migration.RouteInconsistent", error.ErrorId);
        Assert.Contains("'recommended'", error.Message, StringComparison.Ordinal);

        RepoEdits.RemoveV2Flocks(checkout, new MigrationOptions()).ApplyTo(checkout);
        RouteSettings.Validate(checkout, new MigrationOptions());
        Assert.DoesNotContain("\"recommended\"", tree.Text("applications/mobu/values-demo.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Mobu7_RejectsCachemachineOptions_AndStage2DropsThem()
    {
        using var tree = new PhalanxTree().FromData("demo-d")
            .Write("applications/mobu/Chart.yaml", "name: mobu\nversion: 1.0.0\nappVersion: 7.0.0\n");
        var checkout = Open(tree);
        Assert.Equal(new Version(7, 0, 0), MobuConfig.DeployedVersion(checkout));
        var flocks = MobuConfig.ReadFlocks("config:\n  autostart:\n    - name: a\n      business:\n        type: NotebookRunner\n        options:\n          use_cachemachine: false\n", "x");

        var error = Assert.Throws<RspException>(() => MobuConfig.Validate(flocks, new Version(7, 0, 0), "x"));
        Assert.Equal("Migration.UnknownMobuOption", error.ErrorId);
        MobuConfig.Validate(flocks, new Version(6, 1, 1), "x");

        var before = tree.Text("applications/mobu/values-demo.yaml");
        Assert.True(RepoEdits.MobuMakeDefault(checkout, new MigrationOptions()).IsEmpty, "mobu 7 needs no use_cachemachine");
        Assert.Equal(before, tree.Text("applications/mobu/values-demo.yaml"));
    }

    [Fact]
    public void Stage2_FlocksChosenForV2_GoToN2_AndUnknownNamesAreRefused()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        var checkout = Open(tree);

        RepoEdits.MobuMakeDefault(checkout, new MigrationOptions { V2Flocks = ["python"] }).ApplyTo(checkout);

        var flocks = MobuConfig.ReadFlocks(tree.Text("applications/mobu/values-demo.yaml"), "mobu");
        Assert.Equal("/n2", flocks.Single(f => f.Name == "python").Route);
        Assert.Null(flocks.Single(f => f.Name == "python").UseCachemachine);
        Assert.False(flocks.Single(f => f.Name == "recommended").UseCachemachine);
        Assert.Equal(["query_set"], flocks.Single(f => f.Name == "tap").Options.Keys);
        Assert.Equal("Migration.FlockNotFound", Assert.Throws<RspException>(() => RepoEdits.MobuMakeDefault(checkout, new MigrationOptions { V2Flocks = ["nope"] })).ErrorId);
    }

    [Fact]
    public void Stage1_ChosenFlocksAndNoteburstFollowV3ToN3_AndStage2BringsThemBack()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        var checkout = Open(tree);
        var options = new MigrationOptions { V3Flocks = ["python"], NoteburstOnV3 = true };
        RepoEdits.SetApplications(checkout, true, "nublado").ApplyTo(checkout);

        RepoEdits.V3AlternateRouteEdit(checkout, options).ApplyTo(checkout);
        RouteSettings.Validate(checkout, options);

        Assert.Equal("/n3", MobuConfig.ReadFlocks(tree.Text("applications/mobu/values-demo.yaml"), "m").Single(f => f.Name == "python").Route);
        Assert.Equal("config:\n  logLevel: \"INFO\"\n  hubPathPrefix: \"/n3\"\n", tree.Text("applications/noteburst/values-demo.yaml"));

        RepoEdits.MobuMakeDefault(checkout, options).ApplyTo(checkout);
        RepoEdits.V2AlternateRouteEdit(checkout).ApplyTo(checkout);
        RepoEdits.V3DefaultRouteEdit(checkout).ApplyTo(checkout);
        RouteSettings.Validate(checkout, options);

        Assert.Equal("/nb", MobuConfig.ReadFlocks(tree.Text("applications/mobu/values-demo.yaml"), "m").Single(f => f.Name == "python").Route);
        Assert.Equal("config:\n  logLevel: \"INFO\"\n", tree.Text("applications/noteburst/values-demo.yaml"));
        Assert.Equal(MigrationState.S2, MigrationStateDetector.Detect(checkout).GetState());
    }

    [Fact]
    public void PostgresDatabase_ExternalDatabaseIsANoteNotAnEdit()
    {
        using var tree = new PhalanxTree().FromData("demo-d")
            .Write("applications/nublado/values-demo.yaml", "controller:\n  config:\n    images:\n      source:\n        type: docker\njupyterhub:\n  hub:\n    db:\n      url: \"postgresql://nublado3@db.example.org/nublado3\"\n");

        var changes = RepoEdits.PostgresDatabase(Open(tree));

        Assert.True(changes.IsEmpty);
        Assert.Contains("db.example.org", Assert.Single(changes.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void SiteConfiguration_MissingOrWithoutImageSource_IsRefused()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        var context = new MigrationContext(Open(tree));
        var step = MigrationCatalog.Steps(MigrationStage.EnableV3).Single(s => s.Id == "1.P4");

        File.WriteAllText(context.Checkout.Absolute("applications/nublado/values-demo.yaml"), "jupyterhub: {}\n");
        Assert.Equal("Migration.SiteConfigIncomplete", MigrationPlanner.PlanStep(context, step).Note!.Split(':')[0]);
        File.Delete(context.Checkout.Absolute("applications/nublado/values-demo.yaml"));
        Assert.StartsWith("Migration.SiteConfigMissing", MigrationPlanner.PlanStep(context, step).Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalogue_HasTheProcedureIdsKindsAndPhases()
    {
        Assert.Equal(["1.P1", "1.P2", "1.P3", "1.P4", "1.P5", "1.P6", "1.P7", "1.W0", "1.W1", "1.W2", "1.W3", "1.W4", "1.W5", "1.W6", "1.W7", "1.W8"],
            MigrationCatalog.Steps(MigrationStage.EnableV3).Select(s => s.Id));
        Assert.Equal(["2.P1", "2.P2", "2.P3", "2.P4", "2.W0", "2.W1", "2.W2", "2.W3", "2.W4", "2.W5", "2.W6", "2.W7"],
            MigrationCatalog.Steps(MigrationStage.MakeDefault).Select(s => s.Id));
        Assert.Equal(["3.P1", "3.P2", "3.W0", "3.W1", "3.W2", "3.W3", "3.W4"], MigrationCatalog.Steps(MigrationStage.DisableV2).Select(s => s.Id));
        Assert.Equal(["C1", "C2", "C5", "C3", "C4"], MigrationCatalog.Steps(MigrationStage.Cleanup).Select(s => s.Id));
        var all = MigrationCatalog.AllSteps();
        Assert.All(all.Where(s => s.Kind == MigrationStepKind.Gate), s => Assert.Contains(s.Id, new[] { "1.P6", "1.W6", "2.P1", "2.W5", "3.P1" }));
        Assert.All(all.Where(s => s.Destructive), s => Assert.Equal(MigrationPhase.Window, s.Phase));

        // Stage 2 syncs nublado2 before nublado (one ingress per path).
        var stage2 = MigrationCatalog.Steps(MigrationStage.MakeDefault).Select(s => s.Title).ToList();
        Assert.True(stage2.IndexOf("Sync nublado2") < stage2.IndexOf("Sync nublado"));
    }

    [Fact]
    public void Stage3Prune_PreviewsAndSyncsExactlyTheExpectedSet()
    {
        using var tree = new PhalanxTree().FromData("demo-d");
        var context = new MigrationContext(Open(tree));
        var steps = MigrationCatalog.Steps(MigrationStage.DisableV2);

        var dry = steps.Single(s => s.Id == "3.W0").GetLiveCall(context)!;
        var real = steps.Single(s => s.Id == "3.W1").GetLiveCall(context)!;

        Assert.Equal("true", dry.Options["dryRun"]);
        Assert.Equal("false", real.Options["dryRun"]);
        Assert.Equal(dry.Options["expected"], real.Options["expected"]);
        Assert.Equal(6, real.Options["expected"].Split(';').Length);
        var body = steps.Single(s => s.Id == "3.W1").GetRequests(context).Single(r => r.Method == "POST").Body!;
        Assert.Contains("\"prune\":true", body, StringComparison.Ordinal);
        Assert.Equal(6, body.Split("\"kind\"").Length - 1);
    }

    [Fact]
    public void RemovingAnyFlock_LeavesTheOthersByteForByte()
    {
        var flockText = new[]
        {
            "    - name: \"a\"\n      business:\n        type: \"NotebookRunner\"\n",
            "    - name: \"b\"\n      count: 2\n      business:\n        type: \"TAPQueryRunner\"\n        options:\n          query_set: \"x\"\n",
            "    # the c flock\n    - name: \"c\"\n      business:\n        type: \"JupyterPythonLoop\"\n",
            "    - name: \"d\"\n      scopes: [\"exec:notebook\"]\n      business:\n        type: \"NotebookRunner\"\n",
        };
        Gen.Int[0, 3].Select(Gen.Int[2, 4]).Sample((index, count) =>
        {
            var flocks = flockText.Take(count).ToList();
            if (index >= count)
            {
                return true;
            }

            var document = EditableYamlDocument.Parse("config:\n  autostart:\n" + string.Concat(flocks));
            document.RemoveKey(new YamlPath("config", "autostart").AppendIndex(index));
            var expected = "config:\n  autostart:\n" + string.Concat(flocks.Where((_, i) => i != index));
            // A comment above an item stays (it may introduce the next one).
            return document.Text == expected || (index == 2 && document.Text == expected.Replace("    - name: \"d\"", "    # the c flock\n    - name: \"d\"", StringComparison.Ordinal))
                || (index == 2 && count == 3 && document.Text == "config:\n  autostart:\n" + flocks[0] + flocks[1] + "    # the c flock\n");
        });
    }

    [Fact]
    public void SortedPlacement_KeepsASortedMappingSorted()
    {
        Gen.String[Gen.Char['a', 'e'], 1, 3].Array[1, 6].Select(Gen.String[Gen.Char['a', 'e'], 1, 3]).Sample((keys, added) =>
        {
            var sorted = keys.Distinct().Order(StringComparer.Ordinal).ToList();
            if (sorted.Contains(added))
            {
                return true;
            }

            var document = EditableYamlDocument.Parse("root:\n" + string.Concat(sorted.Select(k => $"  {k}: 1\n"))) ;
            document.NewKeyPlacement = YamlKeyPlacement.Sorted;
            document.SetInteger(new YamlPath("root", added), 2);
            var expected = sorted.Append(added).Order(StringComparer.Ordinal).Select(k => $"  {k}: {(k == added ? 2 : 1)}\n");
            return document.Text == "root:\n" + string.Concat(expected);
        });
    }

    [Fact]
    public void RemoveKeyWithComments_TakesItsCommentAndOneBlankLine()
    {
        var document = EditableYamlDocument.Parse("apps:\n  # -- a\n  a: false\n\n  # -- b, two lines\n  # of comment\n  b: false\n\n  # -- c\n  c: true\n");

        Assert.True(document.RemoveKeyWithComments(new YamlPath("apps", "b")));
        Assert.Equal("apps:\n  # -- a\n  a: false\n\n  # -- c\n  c: true\n", document.Text);
        Assert.True(document.RemoveKeyWithComments(new YamlPath("apps", "c")));
        Assert.Equal("apps:\n  # -- a\n  a: false\n", document.Text);
        Assert.False(document.RemoveKeyWithComments(new YamlPath("apps", "zz")));
    }

    [Fact]
    public void IndexPaths_ReadSetAndRefuseWhatTheyCannotReach()
    {
        var document = EditableYamlDocument.Parse("list:\n  - name: a\n    x: 1\n  - name: b\n");
        var second = new YamlPath("list").AppendIndex(1);

        Assert.Equal("b", document.GetScalar(second.Append("name")));
        Assert.Equal("list[1].name", second.Append("name").ToString());
        Assert.True(document.SetString(second.Append("w"), "z"));
        Assert.Equal("list:\n  - name: a\n    x: 1\n  - name: b\n    w: z\n", document.Text);
        Assert.Null(document.GetScalar(new YamlPath("list").AppendIndex(5).Append("name")));
        Assert.Equal(YamlEditReason.NotFound, Assert.Throws<YamlEditException>(() => document.SetString(new YamlPath("list").AppendIndex(5).Append("name"), "c")).Reason);
        Assert.Equal(YamlEditReason.NotASequence, Assert.Throws<YamlEditException>(() => document.GetScalar(new YamlPath("list").AppendIndex(0).Append("name").AppendIndex(0))).Reason);
        Assert.NotEqual(new YamlPath("list", "0"), new YamlPath("list").AppendIndex(0));

        Assert.True(document.RemoveKey(new YamlPath("list").AppendIndex(0)));
        Assert.True(document.RemoveKey(new YamlPath("list").AppendIndex(0)));
        Assert.Equal("list: []\n", document.Text);
    }
}
