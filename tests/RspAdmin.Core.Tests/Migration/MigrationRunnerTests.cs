using RspAdmin.Core.Migration;

namespace RspAdmin.Core.Tests.Migration;

/// <summary>Running stages on the project's own small Phalanx trees in real git repositories.</summary>
public sealed class MigrationRunnerTests : IDisposable
{
    private const string Branch1 = "nublado-migration/demo/EnableV3";

    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "rspadmin-migration-state-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_stateDir))
        {
            Directory.Delete(_stateDir, recursive: true);
        }
    }

    private string Journal(string name = "journal.json") => Path.Combine(_stateDir, name);

    private static MigrationContext Context(PhalanxTree tree) => new(MigrationCheckout.Open(tree.Root, "demo"));

    private IReadOnlyList<MigrationStepResult> Run(PhalanxTree tree, MigrationStage stage, MigrationPhase? phase = MigrationPhase.Preparation,
        string[]? gates = null, bool resume = false, bool skip = false, Func<MigrationStep, string, MigrationApproval>? approve = null,
        Action<string, string>? interrupt = null, string? journal = null) =>
        MigrationRunner.Run(Context(tree), new MigrationRunSettings
        {
            Stage = stage,
            Phase = phase,
            AcknowledgedGates = gates ?? [],
            Resume = resume,
            AllowStageSkip = skip,
            JournalPath = journal ?? Journal(),
            Approve = approve,
            Interrupt = interrupt,
        });

    private static int CommitsOn(PhalanxTree tree, string branch) =>
        tree.Git("rev-list", "--count", "main.." + branch).Trim() is var count ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Fact]
    public void Stage1Preparation_EditsCommitsAndReachesS1()
    {
        using var tree = new PhalanxTree().FromData("demo-d").InitGit();

        var results = Run(tree, MigrationStage.EnableV3, gates: ["1.P6"]);

        Assert.Equal(["1.P1", "1.P2", "1.P3", "1.P4", "1.P5", "1.P6", "1.P7"], results.Select(r => r.Id));
        Assert.Equal(
            [MigrationStepOutcome.Skipped, MigrationStepOutcome.Done, MigrationStepOutcome.Done, MigrationStepOutcome.Done, MigrationStepOutcome.Done, MigrationStepOutcome.Done, MigrationStepOutcome.Skipped],
            results.Select(r => r.GetOutcome()));
        Assert.Contains("service parameters", results[0].Message, StringComparison.Ordinal);
        Assert.Contains("/v1/secret/data/phalanx/demo/nublado", results[0].Preview, StringComparison.Ordinal);
        Assert.Equal("applications/postgres/values-demo.yaml", results[1].Changed);
        Assert.Equal($"git revert {results[1].Commit}", results[1].Undo);
        Assert.Equal(3, CommitsOn(tree, Branch1));
        Assert.Equal(Branch1, tree.Git("branch", "--show-current").Trim());
        Assert.Equal(MigrationState.S1, MigrationStateDetector.Detect(Context(tree).Checkout).GetState());

        Assert.Equal(
            "name: demo\nfqdn: demo.example.org\nvaultPathPrefix: secret/phalanx/demo\n\napplications:\n  cachemachine: true\n  gafaelfawr: true\n  mobu: true\n  moneypenny: true\n  noteburst: true\n  nublado: true\n  nublado2: true\n  postgres: true\n",
            tree.Text("environments/values-demo.yaml"));
        Assert.EndsWith("gafaelfawr_db:\n  user: \"gafaelfawr\"\n  db: \"gafaelfawr\"\nnublado3_db:\n  user: \"nublado3\"\n  db: \"nublado3\"\n", tree.Text("applications/postgres/values-demo.yaml"), StringComparison.Ordinal);
        var nublado = tree.Text("applications/nublado/values-demo.yaml");
        Assert.Contains("        AUTO_REPO_URLS: \"https://github.com/lsst-sqre/system-test\"\n        HUB_ROUTE: \"/n3/hub\"\n        NO_ACTIVITY_TIMEOUT: \"432000\"\n", nublado, StringComparison.Ordinal);
        Assert.Contains("  hub:\n    baseUrl: \"/n3\"\n    db:\n", nublado, StringComparison.Ordinal);
        Assert.StartsWith("# Site configuration of nublado v3", nublado, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondRun_FindsEveryRepoStepDone_AndCommitsNothing()
    {
        using var tree = new PhalanxTree().FromData("demo-b").InitGit();
        Run(tree, MigrationStage.EnableV3, gates: ["1.P6"]);

        var again = Run(tree, MigrationStage.EnableV3, gates: ["1.P6"], journal: Journal("other.json"));

        Assert.All(again.Where(r => r.GetKind() == MigrationStepKind.Repo), r => Assert.Equal(MigrationStepOutcome.AlreadyDone, r.GetOutcome()));
        Assert.Equal(3, CommitsOn(tree, Branch1));
    }

    [Fact]
    public void Gate_StopsTheRunUnlessAcknowledged_EvenWhenEverythingIsConfirmed()
    {
        using var tree = new PhalanxTree().FromData("demo-d").InitGit();

        var results = Run(tree, MigrationStage.EnableV3, approve: (_, _) => MigrationApproval.Proceed);

        Assert.Equal("1.P6", results[^1].Id);
        Assert.Equal(MigrationStepOutcome.WaitingForGate, results[^1].GetOutcome());
        Assert.DoesNotContain(results, r => r.Id == "1.P7");
    }

    [Fact]
    public void Preview_ChangesNothing_AndShowsEachDiff()
    {
        using var tree = new PhalanxTree().FromData("demo-d").InitGit();
        var head = tree.Git("rev-parse", "HEAD");

        var results = Run(tree, MigrationStage.EnableV3, gates: ["1.P6"], approve: (_, _) => MigrationApproval.Preview);

        Assert.Equal(head, tree.Git("rev-parse", "HEAD"));
        Assert.Equal("main", tree.Git("branch", "--show-current").Trim());
        Assert.Equal(string.Empty, tree.Git("status", "--porcelain"));
        var p3 = results.Single(r => r.Id == "1.P3");
        Assert.Equal(MigrationStepOutcome.Skipped, p3.GetOutcome());
        Assert.Contains("--- a/environments/values-demo.yaml", p3.Preview, StringComparison.Ordinal);
        Assert.Contains("+  nublado: true", p3.Preview, StringComparison.Ordinal);
    }

    [Fact]
    public void Decline_StopsTheRun()
    {
        using var tree = new PhalanxTree().FromData("demo-d").InitGit();

        var results = Run(tree, MigrationStage.EnableV3, gates: ["1.P6"], approve: (_, _) => MigrationApproval.Declined);

        Assert.Equal("1.P2", results[^1].Id);
        Assert.Equal(MigrationStepOutcome.Skipped, results[^1].GetOutcome());
    }

    [Fact]
    public void StagesInOrder_Stage1Then2Then3_ReachS3()
    {
        using var tree = new PhalanxTree().FromData("demo-b").InitGit();
        Run(tree, MigrationStage.EnableV3, gates: ["1.P6"], journal: Journal("1.json"));

        var stage2 = Run(tree, MigrationStage.MakeDefault, gates: ["2.P1"], journal: Journal("2.json"));

        Assert.All(stage2.Where(r => r.GetKind() == MigrationStepKind.Repo), r => Assert.Equal(MigrationStepOutcome.Done, r.GetOutcome()));
        Assert.Equal(MigrationState.S2, MigrationStateDetector.Detect(Context(tree).Checkout).GetState());
        var mobu = tree.Text("applications/mobu/values-demo.yaml");
        Assert.Contains("          max_executions: 1\n          use_cachemachine: false\n        restart: true\n    - name: \"python\"", mobu, StringComparison.Ordinal);
        Assert.Contains("          query_set: \"dp0.2\"\n        restart: true\n", mobu, StringComparison.Ordinal);
        Assert.Equal("jupyterhub:\n  hub:\n    baseUrl: \"/n2\"\n    config:\n      ServerApp:\n        shutdown_no_activity_timeout: 432000\n    db:\n      url: \"postgresql://jovyan@postgres.postgres/jupyterhub\"\n",
            tree.Text("applications/nublado2/values-demo.yaml"));
        Assert.DoesNotContain("HUB_ROUTE", tree.Text("applications/nublado/values-demo.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain("baseUrl", tree.Text("applications/nublado/values-demo.yaml"), StringComparison.Ordinal);

        var stage3 = Run(tree, MigrationStage.DisableV2, gates: ["3.P1"], journal: Journal("3.json"));

        Assert.Equal(MigrationStepOutcome.Done, stage3.Single(r => r.Id == "3.P2").GetOutcome());
        Assert.Equal(MigrationState.S3, MigrationStateDetector.Detect(Context(tree).Checkout).GetState());
        Assert.Contains("nublado2:\n  enabled: false\n", tree.Text("environments/values-demo.yaml"), StringComparison.Ordinal);
        Assert.True(tree.Exists("applications/nublado2/values-demo.yaml"));
        Assert.DoesNotContain("use_cachemachine: true", tree.Text("applications/mobu/values-demo.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Cleanup_AfterStage3_RemovesTheV2ApplicationsAndReachesDone()
    {
        using var tree = new PhalanxTree().FromData("demo-d")
            .Write("applications/nublado2/Chart.yaml", "name: nublado2\n")
            .Write("environments/templates/nublado2-application.yaml", "{{- if .Values.applications.nublado2 }}\n{{- end }}\n")
            .InitGit();
        Run(tree, MigrationStage.EnableV3, gates: ["1.P6"], journal: Journal("1.json"));
        Run(tree, MigrationStage.MakeDefault, gates: ["2.P1"], journal: Journal("2.json"));
        Run(tree, MigrationStage.DisableV2, gates: ["3.P1"], journal: Journal("3.json"));

        // 3.W4 runs in the window after the prune; its edit is applied here directly.
        var blocked = Run(tree, MigrationStage.Cleanup, journal: Journal("c-blocked.json"));
        Assert.Equal(("C1", MigrationStepOutcome.Failed, "Migration.CleanupBlocked"), (blocked[^1].Id, blocked[^1].GetOutcome(), blocked[^1].ErrorId));
        RepoEdits.DeleteV2ValuesFiles(Context(tree).Checkout).ApplyTo(Context(tree).Checkout);
        tree.Git("commit", "--quiet", "-am", "3.W4");

        var cleanup = Run(tree, MigrationStage.Cleanup, journal: Journal("c.json"));

        Assert.Equal([MigrationStepOutcome.Done, MigrationStepOutcome.Done, MigrationStepOutcome.AlreadyDone], cleanup.Select(r => r.GetOutcome()));
        Assert.Contains("applications/nublado2/Chart.yaml", cleanup[1].Changed, StringComparison.Ordinal);
        Assert.False(tree.Exists("environments/templates/nublado2-application.yaml"));
        Assert.False(Directory.Exists(Path.Combine(tree.Root, "applications", "cachemachine")));
        Assert.Equal(MigrationState.Done, MigrationStateDetector.Detect(Context(tree).Checkout).GetState());
    }

    [Fact]
    public void Stage2FromS0_IsRefused_UnlessTheSkipIsAllowed()
    {
        using var tree = new PhalanxTree().FromData("demo-d").InitGit();

        var error = Assert.Throws<RspException>(() => Run(tree, MigrationStage.MakeDefault, gates: ["2.P1"]));
        Assert.Equal("Migration.StageOutOfOrder", error.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, error.Kind);
        Assert.Equal(string.Empty, tree.Git("status", "--porcelain"));

        // With the skip allowed (as usdfprod combined stages 1 and 2) the stage runs.
        var results = Run(tree, MigrationStage.MakeDefault, gates: ["2.P1"], skip: true);
        Assert.Equal(MigrationStepOutcome.Done, results.Single(r => r.Id == "2.P3").GetOutcome());
    }

    [Fact]
    public void DirtyCheckout_IsRefused_WithNothingChanged()
    {
        using var tree = new PhalanxTree().FromData("demo-d").InitGit();
        tree.Write("applications/mobu/values-demo.yaml", "config: {}\n");

        var results = Run(tree, MigrationStage.EnableV3, gates: ["1.P6"]);

        Assert.Equal(MigrationStepOutcome.Failed, results[^1].GetOutcome());
        Assert.Equal("Migration.DirtyCheckout", results[^1].ErrorId);
        Assert.Equal(" M applications/mobu/values-demo.yaml\n", tree.Git("status", "--porcelain"));
    }

    [Fact]
    public void JournalInsideTheCheckout_IsRefused()
    {
        using var tree = new PhalanxTree().FromData("demo-d").InitGit();

        var error = Assert.Throws<RspException>(() => Run(tree, MigrationStage.EnableV3, journal: Path.Combine(tree.Root, "journal.json")));

        Assert.Equal("Migration.JournalInCheckout", error.ErrorId);
    }

    [Fact]
    public void WindowWithoutServices_StopsAtTheFirstStepThatNeedsThem()
    {
        using var tree = new PhalanxTree().FromData("demo-d").InitGit();
        Run(tree, MigrationStage.EnableV3, gates: ["1.P6"], journal: Journal("prep.json"));

        var results = Run(tree, MigrationStage.EnableV3, phase: MigrationPhase.Window, journal: Journal("window.json"));

        var only = Assert.Single(results);
        Assert.Equal("1.W0", only.Id);
        Assert.Equal(MigrationStepOutcome.Skipped, only.GetOutcome());
        Assert.Contains("GET /argo-cd/api/v1/applications/nublado2", only.Preview, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidationFailure_LeavesTheFilesAsTheyWere()
    {
        using var tree = new PhalanxTree().FromData("demo-d").InitGit();
        Run(tree, MigrationStage.EnableV3, gates: ["1.P6"], journal: Journal("1.json"));
        tree.Write("applications/mobu/values-demo.yaml",
            "config:\n  autostart:\n    - name: \"x\"\n      business:\n        type: \"NotebookRunner\"\n        options:\n          use_machemachine: false\n");
        tree.Git("commit", "--quiet", "-am", "mobu flock with a misspelt option");

        var results = Run(tree, MigrationStage.MakeDefault, gates: ["2.P1"], journal: Journal("2.json"));

        var failed = results[^1];
        Assert.Equal("2.P2", failed.Id);
        Assert.Equal(MigrationStepOutcome.Failed, failed.GetOutcome());
        Assert.Equal("Migration.UnknownMobuOption", failed.ErrorId);
        Assert.Equal(string.Empty, tree.Git("status", "--porcelain"));
    }

    public static TheoryData<string, string> InterruptionPoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var id in new[] { "1.P2", "1.P3", "1.P5", "2.P2", "2.P3", "2.P4", "3.P2", "C2" })
        {
            foreach (var point in new[] { "started", "applied", "committed", "finished" })
            {
                data.Add(id, point);
            }
        }

        return data;
    }

    // Brings a fresh demo tree to the start of the stage of step id, and returns the stage, its gate and its repo steps.
    private (MigrationStage Stage, string[] Gates, string[] RepoSteps) Prepare(PhalanxTree tree, string id, string prefix)
    {
        var stage = id[0] switch { '1' => MigrationStage.EnableV3, '2' => MigrationStage.MakeDefault, '3' => MigrationStage.DisableV2, _ => MigrationStage.Cleanup };
        if (stage >= MigrationStage.MakeDefault)
        {
            Run(tree, MigrationStage.EnableV3, gates: ["1.P6"], journal: Journal(prefix + "-1.json"));
        }

        if (stage >= MigrationStage.DisableV2)
        {
            Run(tree, MigrationStage.MakeDefault, gates: ["2.P1"], journal: Journal(prefix + "-2.json"));
        }

        if (stage == MigrationStage.Cleanup)
        {
            Run(tree, MigrationStage.DisableV2, gates: ["3.P1"], journal: Journal(prefix + "-3.json"));
            RepoEdits.DeleteV2ValuesFiles(Context(tree).Checkout).ApplyTo(Context(tree).Checkout);
            tree.Write("applications/nublado2/Chart.yaml", "name: nublado2\n").Write("applications/moneypenny/values.yaml", "orders: {}\n");
            tree.Git("add", "--all");
            tree.Git("commit", "--quiet", "-m", "3.W4 (the charts stay)");
        }

        return stage switch
        {
            MigrationStage.EnableV3 => (stage, ["1.P6"], ["1.P2", "1.P3", "1.P5"]),
            MigrationStage.MakeDefault => (stage, ["2.P1"], ["2.P2", "2.P3", "2.P4"]),
            MigrationStage.DisableV2 => (stage, ["3.P1"], ["3.P2"]),
            _ => (stage, [], ["C2"]),
        };
    }

    [Theory]
    [MemberData(nameof(InterruptionPoints))]
    public void InterruptedAtAnyRepoStep_ResumesWithoutRepeatingAStep(string id, string point)
    {
        using var reference = new PhalanxTree().FromData("demo-d").InitGit();
        var (stage, gates, repoSteps) = Prepare(reference, id, "reference");
        var branch = MigrationRunner.DefaultBranch("demo", stage);
        var baseCommit = reference.Git("rev-parse", "HEAD").Trim();
        Run(reference, stage, gates: gates, journal: Journal("reference.json"));

        using var tree = new PhalanxTree().FromData("demo-d").InitGit();
        Prepare(tree, id, "tree");
        var start = tree.Git("rev-parse", "HEAD").Trim();
        Assert.Throws<SimulatedCrash>(() => Run(tree, stage, gates: gates,
            interrupt: (step, at) =>
            {
                if (step == id && at == point)
                {
                    throw new SimulatedCrash();
                }
            }));

        if (point != "finished")
        {
            var refused = Assert.Throws<RspException>(() => Run(tree, stage, gates: gates));
            Assert.Equal("Migration.RunInterrupted", refused.ErrorId);
        }

        var resumed = Run(tree, stage, gates: gates, resume: true);

        Assert.Equal(reference.Git("ls-tree", "-r", branch).Trim(), tree.Git("ls-tree", "-r", branch).Trim());
        Assert.Equal(reference.Git("rev-list", "--count", baseCommit + ".." + branch), tree.Git("rev-list", "--count", start + ".." + branch));
        Assert.Equal(string.Empty, tree.Git("status", "--porcelain"));
        foreach (var earlier in repoSteps.TakeWhile(s => s != id))
        {
            Assert.Equal(MigrationStepOutcome.AlreadyDone, resumed.Single(r => r.Id == earlier).GetOutcome());
        }

        var journal = MigrationJournal.Load(Journal())!;
        Assert.Null(journal.Interrupted);
        Assert.All(repoSteps, s => Assert.NotNull(journal.Find(s)!.Commit));
        Assert.Equal(repoSteps.Length, repoSteps.Select(s => journal.Find(s)!.Commit).Distinct().Count());
    }

    private sealed class SimulatedCrash : Exception;
}
