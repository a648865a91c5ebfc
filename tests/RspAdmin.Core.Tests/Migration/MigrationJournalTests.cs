using RspAdmin.Core.Migration;

namespace RspAdmin.Core.Tests.Migration;

/// <summary>The journal: a round trip, atomic writes, refusals.</summary>
public sealed class MigrationJournalTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rspadmin-journal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void RoundTrip_KeepsEveryFact_AndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_dir, "nested", "idfprod-DisableV2.json");
        var journal = new MigrationJournal { Environment = "idfprod", Stage = MigrationStage.DisableV2, PhalanxPath = "/src/phalanx", Branch = "b" };
        var started = new DateTimeOffset(2023, 8, 3, 18, 0, 0, TimeSpan.Zero);
        journal.Steps.Add(new MigrationJournalEntry
        {
            Id = "3.W2",
            StartedAt = started,
            FinishedAt = started.AddMinutes(4),
            Outcome = "Done",
            Facts = { ["namespace:nublado2-alice"] = "4f1c7c6e-0d7e-4b69-9d2c-3c1b5f7a9e11", ["argo:startedAt"] = "2023-08-03T18:01:00Z" },
        });
        journal.Steps.Add(new MigrationJournalEntry { Id = "3.W4", StartedAt = started.AddMinutes(5), Paths = ["applications/nublado2/values-idfprod.yaml"] });

        journal.Save(path);
        var read = MigrationJournal.Load(path)!;

        Assert.Equal(["idfprod-DisableV2.json"], Directory.EnumerateFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        Assert.Equal(("idfprod", MigrationStage.DisableV2, "/src/phalanx", "b"), (read.Environment, read.Stage, read.PhalanxPath, read.Branch));
        Assert.Equal(journal.Steps[0].Facts, read.Steps[0].Facts);
        Assert.Equal(started.AddMinutes(4), read.Steps[0].FinishedAt);
        Assert.Equal("3.W4", read.Interrupted!.Id);
        Assert.Equal(["applications/nublado2/values-idfprod.yaml"], read.Interrupted.Paths);
        Assert.Contains("\"Stage\": \"DisableV2\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OfAMissingFileIsNull_AndOfACorruptOneAnError()
    {
        Assert.Null(MigrationJournal.Load(Path.Combine(_dir, "none.json")));
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, "{\"Environment\": ");

        var error = Assert.Throws<RspException>(() => MigrationJournal.Load(path));

        Assert.Equal("Migration.JournalUnreadable", error.ErrorId);
        Assert.Equal(ErrorKind.ReadFailed, error.Kind);
    }

    [Fact]
    public void AJournalOfAnotherEnvironment_IsRefused()
    {
        using var tree = new PhalanxTree().FromData("demo-d").InitGit();
        var path = Path.Combine(_dir, "j.json");
        new MigrationJournal { Environment = "other", Stage = MigrationStage.EnableV3, PhalanxPath = tree.Root }.Save(path);

        var error = Assert.Throws<RspException>(() => MigrationRunner.Run(new MigrationContext(MigrationCheckout.Open(tree.Root, "demo")),
            new MigrationRunSettings { Stage = MigrationStage.EnableV3, JournalPath = path }));

        Assert.Equal("Migration.JournalMismatch", error.ErrorId);
    }

    [Fact]
    public void DefaultPath_IsPerEnvironmentAndStage_OutsideAnyCheckout()
    {
        var path = MigrationJournal.DefaultPath("usdfprod", MigrationStage.MakeDefault);

        Assert.EndsWith(Path.Combine("rspadmin", "migration", "usdfprod-MakeDefault.json"), path, StringComparison.Ordinal);
        Assert.True(Path.IsPathRooted(path));
        Assert.Equal("Migration.JournalInCheckout", Assert.Throws<RspException>(() => MigrationJournal.CheckLocation("/src/phalanx/j.json", "/src/phalanx")).ErrorId);
        Assert.Equal(Path.GetFullPath("/src/phalanx-journal.json"), MigrationJournal.CheckLocation("/src/phalanx-journal.json", "/src/phalanx"));
    }
}
