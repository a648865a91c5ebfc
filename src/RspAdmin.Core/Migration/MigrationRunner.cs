using System.Diagnostics;

namespace RspAdmin.Core.Migration;

/// <summary>The answer to "may this step make its change?".</summary>
public enum MigrationApproval
{
    /// <summary>Go ahead.</summary>
    Proceed,

    /// <summary>Show what would happen and go on to the next step without changing anything (-WhatIf).</summary>
    Preview,

    /// <summary>Do not run it; the run stops.</summary>
    Declined,
}

/// <summary>Where a run is, for a progress bar.</summary>
/// <param name="Index">The step's position (0-based).</param>
/// <param name="Count">How many steps the run covers.</param>
/// <param name="Id">The step id.</param>
/// <param name="Title">The step title.</param>
public sealed record MigrationProgress(int Index, int Count, string Id, string Title);

/// <summary>How one step of a run ended.</summary>
public sealed class MigrationStepResult
{
    /// <summary>The environment.</summary>
    public required string Environment { get; init; }

    /// <summary>The stage, by name (EnableV3, MakeDefault, DisableV2, Cleanup), as ConvertTo-Json and Export-Csv write it; <see cref="GetStage"/> gives the enumeration value.</summary>
    public string Stage => StageValue.ToString();

    /// <summary>The step id.</summary>
    public required string Id { get; init; }

    /// <summary>The title.</summary>
    public required string Title { get; init; }

    /// <summary>The kind, by name (Repo, Live, Gate, Probe), as ConvertTo-Json and Export-Csv write it; <see cref="GetKind"/> gives the enumeration value.</summary>
    public string Kind => KindValue.ToString();

    /// <summary>The phase, by name (Preparation, Window), as ConvertTo-Json and Export-Csv write it; <see cref="GetPhase"/> gives the enumeration value.</summary>
    public string Phase => PhaseValue.ToString();

    /// <summary>The outcome, by name (Done, AlreadyDone, Failed, WaitingForGate, Skipped), as ConvertTo-Json and Export-Csv write it; <see cref="GetOutcome"/> gives the enumeration value.</summary>
    public string Outcome => OutcomeValue.ToString();

    /// <summary>How long it took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>What was changed: files for repo steps, a summary for live steps; empty when nothing changed.</summary>
    public IReadOnlyList<string> ChangedItems { get; init; } = [];

    /// <summary><see cref="ChangedItems"/> in one line (readable in CSV).</summary>
    public string Changed => string.Join("; ", ChangedItems);

    /// <summary>The commit a repo step made (or found from an interrupted run).</summary>
    public string? Commit { get; init; }

    /// <summary>How to undo what the step did (for instance <c>git revert COMMIT</c>).</summary>
    public string? Undo { get; init; }

    /// <summary>What happened, in a sentence.</summary>
    public string? Message { get; init; }

    /// <summary>The error id when the step failed.</summary>
    public string? ErrorId { get; init; }

    /// <summary>The preview (diff or request list) when the step was only previewed.</summary>
    public string? Preview { get; init; }

    /// <summary>The stage as an enumeration value.</summary>
    internal MigrationStage StageValue { get; init; }

    /// <summary>The stage as an enumeration value (for code; <see cref="Stage"/> is its name).</summary>
    public MigrationStage GetStage() => StageValue;

    /// <summary>The kind as an enumeration value.</summary>
    internal MigrationStepKind KindValue { get; init; }

    /// <summary>The kind as an enumeration value (for code; <see cref="Kind"/> is its name).</summary>
    public MigrationStepKind GetKind() => KindValue;

    /// <summary>The phase as an enumeration value.</summary>
    internal MigrationPhase PhaseValue { get; init; }

    /// <summary>The phase as an enumeration value (for code; <see cref="Phase"/> is its name).</summary>
    public MigrationPhase GetPhase() => PhaseValue;

    /// <summary>The outcome as an enumeration value.</summary>
    internal MigrationStepOutcome OutcomeValue { get; init; }

    /// <summary>The outcome as an enumeration value (for code; <see cref="Outcome"/> is its name).</summary>
    public MigrationStepOutcome GetOutcome() => OutcomeValue;
}

/// <summary>How a stage is run.</summary>
public sealed class MigrationRunSettings
{
    /// <summary>The stage.</summary>
    public required MigrationStage Stage { get; init; }

    /// <summary>Only the steps of this phase; both (preparation first) when null.</summary>
    public MigrationPhase? Phase { get; init; }

    /// <summary>The gates acknowledged for this run, by id (a gate passes only when named here).</summary>
    public IReadOnlyCollection<string> AcknowledgedGates { get; init; } = [];

    /// <summary>Go on after an interrupted run.</summary>
    public bool Resume { get; init; }

    /// <summary>Run a stage that does not follow from the detected state.</summary>
    public bool AllowStageSkip { get; init; }

    /// <summary>The branch repo steps commit on; by default <c>nublado-migration/ENV/STAGE</c>.</summary>
    public string? Branch { get; init; }

    /// <summary>The journal file; by default <see cref="MigrationJournal.DefaultPath"/>.</summary>
    public string? JournalPath { get; init; }

    /// <summary>Push the branch after the last commit.</summary>
    public bool Push { get; init; }

    /// <summary>The remote to push to.</summary>
    public string Remote { get; init; } = "origin";

    /// <summary>Asked before each change with the step and its preview; Proceed when not set.</summary>
    public Func<MigrationStep, string, MigrationApproval>? Approve { get; init; }

    /// <summary>Told before each step.</summary>
    public Action<MigrationProgress>? Progress { get; init; }

    /// <summary>Told after each step, with the error when it failed.</summary>
    public Action<MigrationStepResult, RspException?>? Result { get; init; }

    /// <summary>Change nothing at all (no journal either): every step is previewed (-WhatIf); <see cref="Approve"/> is still asked, so it can show the preview.</summary>
    public bool PreviewOnly { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Test hook: called at each point of a step (<c>started</c>, <c>applied</c>, <c>committed</c>, <c>finished</c>) to simulate a crash there.</summary>
    internal Action<string, string>? Interrupt { get; init; }
}

/// <summary>
/// Runs a stage: each step is probed again (never trusted from the journal alone), repo steps edit
/// and commit on the stage's branch, gates stop the run unless acknowledged, live steps run
/// through the services (and without them the run reports that it needs them), and the journal is
/// written after every step.
/// </summary>
public static class MigrationRunner
{
    /// <summary>The default branch of a stage.</summary>
    public static string DefaultBranch(string environment, MigrationStage stage) => $"nublado-migration/{environment}/{stage}";

    /// <summary>Runs the stage; returns the result of every step it reached.</summary>
    /// <exception cref="RspException">The stage does not follow from the state, the journal is unusable or an earlier run was interrupted without resume.</exception>
    public static IReadOnlyList<MigrationStepResult> Run(MigrationContext context, MigrationRunSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var checkout = context.Checkout;
        var journalPath = MigrationJournal.CheckLocation(settings.JournalPath ?? MigrationJournal.DefaultPath(checkout.Environment, settings.Stage), checkout.Root);
        var journal = MigrationJournal.Load(journalPath);
        if (journal is not null && (journal.Environment != checkout.Environment || journal.Stage != settings.Stage))
        {
            throw new RspException("Migration.JournalMismatch", ErrorKind.InvalidArgument,
                $"The journal {journalPath} belongs to {journal.Environment} stage {journal.Stage}.", journalPath, "Give the journal of this environment and stage.");
        }

        if (journal?.Interrupted is { } interrupted && !settings.Resume)
        {
            throw new RspException("Migration.RunInterrupted", ErrorKind.InvalidOperation,
                $"A run of {checkout.Environment} stage {settings.Stage} was interrupted in step {interrupted.Id} ({journalPath}).", journalPath,
                "Resume the stage; every step is probed again and nothing already done is repeated.");
        }

        var inProgress = journal?.Steps.Count > 0;
        journal ??= new MigrationJournal { Environment = checkout.Environment, Stage = settings.Stage, PhalanxPath = checkout.Root };
        var state = MigrationStateDetector.Detect(checkout);
        MigrationPlanner.CheckStageFollows(state, settings.Stage, settings.AllowStageSkip, inProgress);

        var steps = MigrationCatalog.Steps(settings.Stage)
            .Where(s => settings.Phase is null || s.Phase == settings.Phase)
            .OrderBy(s => s.Phase)
            .ToList();
        var results = new List<MigrationStepResult>();
        var run = new StageRun(context, settings, journal, journalPath);
        for (var i = 0; i < steps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = steps[i];
            settings.Progress?.Invoke(new MigrationProgress(i, steps.Count, step.Id, step.Title));
            var watch = Stopwatch.StartNew();
            var (result, stop, error) = run.Step(step, watch, cancellationToken);
            results.Add(result);
            settings.Result?.Invoke(result, error);
            if (stop)
            {
                break;
            }
        }

        if (settings.Push && run.Committed)
        {
            run.Git!.Push(settings.Remote, journal.Branch!);
        }

        return results;
    }

    private sealed class StageRun(MigrationContext context, MigrationRunSettings settings, MigrationJournal journal, string journalPath)
    {
        public GitCheckout? Git { get; private set; }

        public bool Committed { get; private set; }

        private MigrationCheckout Checkout => context.Checkout;

        public (MigrationStepResult Result, bool Stop, RspException? Error) Step(MigrationStep step, Stopwatch watch, CancellationToken cancellationToken)
        {
            try
            {
                if (Superseded(step) is var (done, later))
                {
                    return (Result(step, MigrationStepOutcome.AlreadyDone, watch,
                        message: $"Done at {done.FinishedAt:u} in an earlier run; the window has moved past it ({later} finished since), so it is not repeated."), false, null);
                }

                var (result, stop) = step.Kind switch
                {
                    MigrationStepKind.Gate => Gate(step, watch),
                    MigrationStepKind.Repo => Repo(step, watch),
                    _ when step.NeedsServices => Live(step, watch, cancellationToken),
                    _ => Probe(step, watch),
                };
                return (result, stop, null);
            }
            catch (RspException e)
            {
                var entry = Entry(step.Id);
                entry.FinishedAt = settings.Time.GetUtcNow();
                entry.Outcome = nameof(MigrationStepOutcome.Failed);
                Save();
                return (Result(step, MigrationStepOutcome.Failed, watch, message: e.Message, errorId: e.ErrorId), true, e);
            }
        }

        // A live step an earlier run finished, when a later step of the stage has finished too: its state
        // was meant to be undone by what followed (mobu silenced then restored, hubs deleted then synced,
        // sessions removed while users were away), so probing it again would repeat a destructive call.
        private (MigrationJournalEntry Done, string Later)? Superseded(MigrationStep step)
        {
            if (step.Kind != MigrationStepKind.Live || journal.Find(step.Id) is not { FinishedAt: not null } entry || !IsSuccess(entry))
            {
                return null;
            }

            var order = MigrationCatalog.Steps(settings.Stage).Select(s => s.Id).ToList();
            var index = order.IndexOf(step.Id);
            var later = journal.Steps.Where(e => e.FinishedAt is not null && IsSuccess(e) && order.IndexOf(e.Id) > index && e.FinishedAt >= entry.FinishedAt)
                .OrderBy(e => order.IndexOf(e.Id)).FirstOrDefault();
            return later is null ? null : (entry, later.Id);
        }

        private static bool IsSuccess(MigrationJournalEntry entry) =>
            entry.Outcome is nameof(MigrationStepOutcome.Done) or nameof(MigrationStepOutcome.AlreadyDone);

        private void Save()
        {
            if (!settings.PreviewOnly)
            {
                journal.Save(journalPath);
            }
        }

        private (MigrationStepResult, bool) Gate(MigrationStep step, Stopwatch watch)
        {
            if (journal.Find(step.Id) is { FinishedAt: not null, Outcome: nameof(MigrationStepOutcome.Done) } passed)
            {
                return (Result(step, MigrationStepOutcome.AlreadyDone, watch, message: $"Acknowledged at {passed.FinishedAt:u}."), false);
            }

            if (!settings.AcknowledgedGates.Contains(step.Id, StringComparer.OrdinalIgnoreCase))
            {
                return (Result(step, MigrationStepOutcome.WaitingForGate, watch, message: $"{step.Title}: acknowledge gate {step.Id} to go on. {step.Changes}"), true);
            }

            Finish(Start(step), MigrationStepOutcome.Done);
            return (Result(step, MigrationStepOutcome.Done, watch, message: "Acknowledged."), false);
        }

        private (MigrationStepResult, bool) Probe(MigrationStep step, Stopwatch watch)
        {
            var message = step.Check!(context);
            Finish(Start(step), MigrationStepOutcome.Done);
            return (Result(step, MigrationStepOutcome.Done, watch, message: message), false);
        }

        private (MigrationStepResult, bool) Repo(MigrationStep step, Stopwatch watch)
        {
            var changes = step.ComputeChanges(context);
            var entry = journal.Find(step.Id);
            var pending = entry is { FinishedAt: null } ? PendingPaths(entry) : [];
            if (changes.IsEmpty && pending.Count == 0)
            {
                Validate(step);
                var note = changes.Notes.Count > 0 ? string.Join(" ", changes.Notes) : "Already in place.";
                if (entry is null || entry.FinishedAt is null)
                {
                    Finish(Start(step), MigrationStepOutcome.AlreadyDone);
                }

                return (Result(step, MigrationStepOutcome.AlreadyDone, watch, message: note, commit: entry?.Commit), false);
            }

            var preview = changes.Diff;
            var approval = settings.Approve?.Invoke(step, preview) ?? MigrationApproval.Proceed;
            approval = settings.PreviewOnly ? MigrationApproval.Preview : approval;
            if (approval != MigrationApproval.Proceed)
            {
                return (Result(step, MigrationStepOutcome.Skipped, watch, message: approval == MigrationApproval.Preview ? "Previewed only." : "Not confirmed.", preview: preview),
                    approval == MigrationApproval.Declined);
            }

            PrepareGit(pending);
            entry = Start(step);
            entry.Paths = [.. entry.Paths.Union(changes.Paths).Order(StringComparer.Ordinal)];
            Save();
            settings.Interrupt?.Invoke(step.Id, "started");
            var snapshot = changes.Paths.ToDictionary(p => p, p => Checkout.Exists(p) ? File.ReadAllBytes(Checkout.Absolute(p)) : null, StringComparer.Ordinal);
            try
            {
                changes.ApplyTo(Checkout);
                settings.Interrupt?.Invoke(step.Id, "applied");
                Validate(step);
            }
            catch (RspException)
            {
                Restore(snapshot);
                throw;
            }
            var paths = entry.Paths.Where(p => Git!.ChangedPaths().Contains(p)).ToList();
            var commit = paths.Count == 0 ? entry.Commit : Git!.Commit(paths, $"{Checkout.Environment}: {step.Title} (Nublado migration step {step.Id})");
            Committed |= paths.Count > 0;
            entry.Commit = commit;
            Save();
            settings.Interrupt?.Invoke(step.Id, "committed");
            Finish(entry, MigrationStepOutcome.Done);
            settings.Interrupt?.Invoke(step.Id, "finished");
            var message = changes.Notes.Count > 0 ? string.Join(" ", changes.Notes) : $"Committed {commit?[..Math.Min(12, commit.Length)]} on {journal.Branch}.";
            return (Result(step, MigrationStepOutcome.Done, watch, changed: entry.Paths, commit: commit, message: message), false);
        }

        private (MigrationStepResult, bool) Live(MigrationStep step, Stopwatch watch, CancellationToken cancellationToken)
        {
            var requests = string.Join("\n", step.GetRequests(context).Select(r => r.ToString())) + "\n";
            if (context.Services is null)
            {
                var window = step.Phase == MigrationPhase.Window;
                return (Result(step, MigrationStepOutcome.Skipped, watch, preview: requests,
                    message: "Needs the service parameters (Argo CD, Vault, mobu, Kubernetes, PostgreSQL) to run; the requests are in the preview."
                        + (window ? " The window stops here." : string.Empty)), window);
            }

            if (settings.PreviewOnly)
            {
                // A preview calls nothing, read-only probes included: they would judge a state the previewed steps did not make.
                if (step.Kind == MigrationStepKind.Live)
                {
                    settings.Approve?.Invoke(step, requests);
                }

                return (Result(step, MigrationStepOutcome.Skipped, watch, preview: requests, message: "Previewed only."), false);
            }

            step.Check?.Invoke(context);
            if (step.Kind == MigrationStepKind.Live)
            {
                var approval = settings.Approve?.Invoke(step, requests) ?? MigrationApproval.Proceed;
                if (approval != MigrationApproval.Proceed)
                {
                    return (Result(step, MigrationStepOutcome.Skipped, watch, preview: requests,
                        message: approval == MigrationApproval.Preview ? "Previewed only." : "Not confirmed."), approval == MigrationApproval.Declined);
                }
            }

            var entry = Start(step);
            var facts = new MigrationFacts(entry.Facts, (key, value) =>
            {
                entry.Facts[key] = value;
                Save();
            });
            Save();
            settings.Interrupt?.Invoke(step.Id, "started");
            var result = Dispatch(context.Services, step.GetLiveCall(context)!, facts, cancellationToken).GetAwaiter().GetResult();
            settings.Interrupt?.Invoke(step.Id, "applied");
            var outcome = result.Changed || step.Kind == MigrationStepKind.Probe ? MigrationStepOutcome.Done : MigrationStepOutcome.AlreadyDone;
            Finish(entry, outcome);
            settings.Interrupt?.Invoke(step.Id, "finished");
            return (Result(step, outcome, watch, changed: result.Changed ? [result.Summary] : [], message: result.Summary), false);
        }

        private static Task<MigrationLiveResult> Dispatch(IMigrationServices services, MigrationLiveCall call, MigrationFacts previous, CancellationToken token) =>
            call.Action switch
            {
                MigrationLiveAction.EnsureVaultSecret => services.EnsureVaultSecretAsync(call, previous, token),
                MigrationLiveAction.CheckDeployedRevision => services.CheckDeployedRevisionAsync(call, previous, token),
                MigrationLiveAction.Preflight => services.PreflightAsync(call, previous, token),
                MigrationLiveAction.SilenceMobu => services.SilenceMobuAsync(call, previous, token),
                MigrationLiveAction.DeleteHubs => services.DeleteHubsAsync(call, previous, token),
                MigrationLiveAction.RemoveLabSessions => services.RemoveLabSessionsAsync(call, previous, token),
                MigrationLiveAction.SyncApplication => services.SyncApplicationAsync(call, previous, token),
                MigrationLiveAction.PruneApplications => services.PruneApplicationsAsync(call, previous, token),
                MigrationLiveAction.RestoreMobu => services.RestoreMobuAsync(call, previous, token),
                MigrationLiveAction.DropV2Database => services.DropV2DatabaseAsync(call, previous, token),
                _ => services.DeleteV2VaultSecretAsync(call, previous, token),
            };

        private void Validate(MigrationStep step)
        {
            if (step.Stage is MigrationStage.EnableV3 or MigrationStage.MakeDefault)
            {
                RouteSettings.Validate(Checkout, context.Options, step.ValidateServedRoutes);
            }
        }

        // Puts the files of a failed step back as they were, so nothing is left half-changed.
        private void Restore(Dictionary<string, byte[]?> snapshot)
        {
            foreach (var (path, bytes) in snapshot)
            {
                var full = Checkout.Absolute(path);
                if (bytes is null)
                {
                    File.Delete(full);
                }
                else
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    File.WriteAllBytes(full, bytes);
                }
            }
        }

        // The files an interrupted step had already written but not committed.
        private List<string> PendingPaths(MigrationJournalEntry entry)
        {
            Git ??= new GitCheckout(Checkout.Root);
            var changed = Git.ChangedPaths();
            return entry.Paths.Where(changed.Contains).ToList();
        }

        private void PrepareGit(IReadOnlyCollection<string> pending)
        {
            Git ??= new GitCheckout(Checkout.Root);
            var dirty = Git.ChangedPaths().Where(p => !pending.Contains(p)).ToList();
            if (dirty.Count > 0)
            {
                throw new RspException("Migration.DirtyCheckout", ErrorKind.Conflict,
                    $"The checkout {Checkout.Root} has changes that are not committed: {string.Join(", ", dirty.Take(5))}{(dirty.Count > 5 ? ", ..." : string.Empty)}.",
                    Checkout.Root, "Commit or stash them first; the migration commits only its own edits.");
            }

            journal.Branch ??= settings.Branch ?? DefaultBranch(Checkout.Environment, settings.Stage);
            Git.SwitchTo(journal.Branch);
        }

        private MigrationJournalEntry Entry(string id)
        {
            var entry = journal.Find(id);
            if (entry is null)
            {
                entry = new MigrationJournalEntry { Id = id };
                journal.Steps.Add(entry);
            }

            return entry;
        }

        private MigrationJournalEntry Start(MigrationStep step)
        {
            var entry = Entry(step.Id);
            if (entry.FinishedAt is not null || entry.StartedAt == default)
            {
                entry.StartedAt = settings.Time.GetUtcNow();
            }

            entry.FinishedAt = null;
            entry.Outcome = null;
            return entry;
        }

        private void Finish(MigrationJournalEntry entry, MigrationStepOutcome outcome)
        {
            entry.FinishedAt = settings.Time.GetUtcNow();
            entry.Outcome = outcome.ToString();
            Save();
        }

        private MigrationStepResult Result(MigrationStep step, MigrationStepOutcome outcome, Stopwatch watch, IReadOnlyList<string>? changed = null,
            string? commit = null, string? message = null, string? errorId = null, string? preview = null) => new()
        {
            Environment = Checkout.Environment,
            StageValue = step.Stage,
            Id = step.Id,
            Title = step.Title,
            KindValue = step.Kind,
            PhaseValue = step.Phase,
            OutcomeValue = outcome,
            Duration = watch.Elapsed,
            ChangedItems = changed ?? [],
            Commit = commit,
            Undo = commit is not null && step.Kind == MigrationStepKind.Repo ? $"git revert {commit}" : outcome is MigrationStepOutcome.Done ? step.Undo : null,
            Message = message,
            ErrorId = errorId,
            Preview = preview,
        };
    }
}
