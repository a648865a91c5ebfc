namespace RspAdmin.Core.Migration;

/// <summary>One step of a plan: what it is, whether it is done (probed now) and its preview.</summary>
public sealed class MigrationPlanStep
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

    /// <summary>True when done, false when not; null when it cannot be told without the services or a person (gates).</summary>
    public bool? IsDone { get; init; }

    /// <summary>The unified diff (repo steps) or the request list (live steps and service probes); empty when there is nothing to show.</summary>
    public required string Preview { get; init; }

    /// <summary>The files a repo step would change.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>What the step alters or checks.</summary>
    public required string Changes { get; init; }

    /// <summary>How to undo it.</summary>
    public required string Undo { get; init; }

    /// <summary>True when the step destroys something.</summary>
    public bool Destructive { get; init; }

    /// <summary>A note: why a step is done, skipped or blocked.</summary>
    public string? Note { get; init; }

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
}

/// <summary>A stage's plan for one environment.</summary>
public sealed class MigrationPlan
{
    /// <summary>The state the plan starts from.</summary>
    public required MigrationStateReport State { get; init; }

    /// <summary>The stage.</summary>
    public required MigrationStage Stage { get; init; }

    /// <summary>The steps, in order.</summary>
    public required IReadOnlyList<MigrationPlanStep> Steps { get; init; }
}

/// <summary>Builds plans: the stage's steps with their probes run now and their previews.</summary>
public static class MigrationPlanner
{
    /// <summary>
    /// Refuses a stage that does not follow from the detected state: a stage runs from its source
    /// state (or is already at its target). Stage 2 from S0 (stages 1 and 2 at once, as one site did)
    /// and any stage from an Inconsistent state need <paramref name="allowStageSkip"/>; so does a
    /// stage whose journal shows it in progress when the state is between stages.
    /// </summary>
    /// <exception cref="RspException"><c>Migration.StageOutOfOrder</c>.</exception>
    public static void CheckStageFollows(MigrationStateReport state, MigrationStage stage, bool allowStageSkip, bool inProgress)
    {
        var source = MigrationStateDetector.SourceOf(stage);
        var target = MigrationStateDetector.TargetOf(stage);
        if (state.GetState() == source || state.GetState() == target || allowStageSkip)
        {
            return;
        }

        if (inProgress && state.GetState() == MigrationState.Inconsistent)
        {
            return;
        }

        var need = state.StageNeeds.First(n => n.GetStage() == stage);
        throw new RspException("Migration.StageOutOfOrder", ErrorKind.InvalidOperation,
            $"{state.Environment} is in state {state.State} ({state.Reason}); stage {stage} runs from {source}. It would need: {string.Join("; ", need.Needs)}.",
            state.Environment,
            state.GetState() == MigrationState.S0 && stage == MigrationStage.MakeDefault
                ? "Run EnableV3 first, or allow the skip explicitly to combine stages 1 and 2."
                : "Run the stage that follows from the state, or allow the skip explicitly after checking the evidence.");
    }

    /// <summary>Plans a stage: every step, its probe run now and its preview.</summary>
    public static MigrationPlan Plan(MigrationContext context, MigrationStage stage, bool allowStageSkip, MigrationClusterEvidence? cluster = null, bool inProgress = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = MigrationStateDetector.Detect(context.Checkout, cluster);
        CheckStageFollows(state, stage, allowStageSkip, inProgress);
        var steps = new List<MigrationPlanStep>();
        foreach (var step in MigrationCatalog.Steps(stage))
        {
            steps.Add(PlanStep(context, step));
        }

        return new MigrationPlan { State = state, Stage = stage, Steps = steps };
    }

    /// <summary>One step's plan entry.</summary>
    public static MigrationPlanStep PlanStep(MigrationContext context, MigrationStep step)
    {
        bool? done = null;
        var preview = string.Empty;
        IReadOnlyList<string> files = [];
        string? note = null;
        try
        {
            switch (step.Kind)
            {
                case MigrationStepKind.Repo:
                    var changes = step.ComputeChanges(context);
                    done = changes.IsEmpty;
                    preview = changes.Diff;
                    files = changes.Paths;
                    note = changes.Notes.Count > 0 ? string.Join(" ", changes.Notes) : null;
                    break;
                case MigrationStepKind.Gate:
                    note = "Needs acknowledgement by id.";
                    break;
                default:
                    if (step.NeedsServices)
                    {
                        preview = string.Join("\n", step.GetRequests(context).Select(r => r.ToString())) + "\n";
                        note = context.Services is null ? "Needs the service parameters." : null;
                        if (context.Services is not null && step.Kind == MigrationStepKind.Live)
                        {
                            done = context.Services.IsDoneAsync(step.GetLiveCall(context)!, CancellationToken.None).GetAwaiter().GetResult();
                        }
                    }
                    else if (step.Check is not null)
                    {
                        note = step.Check(context);
                        done = step.Kind == MigrationStepKind.Probe ? true : null;
                    }

                    break;
            }
        }
        catch (RspException e)
        {
            note = $"{e.ErrorId}: {e.Message}";
            done = false;
        }

        return new MigrationPlanStep
        {
            Environment = context.Checkout.Environment,
            StageValue = step.Stage,
            Id = step.Id,
            Title = step.Title,
            KindValue = step.Kind,
            PhaseValue = step.Phase,
            IsDone = done,
            Preview = preview,
            Files = files,
            Changes = step.Changes,
            Undo = step.Undo,
            Destructive = step.Destructive,
            Note = note,
        };
    }
}
