namespace RspAdmin.Core.Cluster;

/// <summary>A user's lab namespace as listed: its uid is what a deletion's precondition names.</summary>
public sealed record LabNamespace
{
    /// <summary>The namespace name (<c>nublado2-alice</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The prefix it was selected by.</summary>
    public required string Prefix { get; init; }

    /// <summary>The user part of the name (KubeSpawner-escaped for v2: <c>-</c> is <c>-2d</c>).</summary>
    public string User => Name[Prefix.Length..];

    /// <summary><c>Active</c> or <c>Terminating</c>.</summary>
    public required string Phase { get; init; }

    /// <summary>The uid at listing time.</summary>
    public required string Uid { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? Created { get; init; }
}

/// <summary>What became of one namespace of a removal.</summary>
public enum LabNamespaceOutcome
{
    /// <summary>Deleted and gone.</summary>
    Deleted,

    /// <summary>Already gone when deleted.</summary>
    AlreadyGone,

    /// <summary>Deleted but still Terminating when the wait ended (reported; finalizers left alone).</summary>
    StuckTerminating,

    /// <summary>Deletion requested, not waited for.</summary>
    Terminating,

    /// <summary>Not deleted: a new namespace of that name exists (another uid).</summary>
    Replaced,

    /// <summary>Not deleted: the API refused.</summary>
    Failed,
}

/// <summary>The result of removing one lab namespace.</summary>
public sealed record LabNamespaceRemoval
{
    /// <summary>Creates the result of removing one namespace.</summary>
    /// <param name="name">The namespace.</param>
    /// <param name="uid">Its uid when it was listed.</param>
    /// <param name="outcome">How the removal ended.</param>
    /// <param name="message">Why, when it did not end in Deleted, AlreadyGone or Terminating.</param>
    public LabNamespaceRemoval(string name, string uid, LabNamespaceOutcome outcome, string? message = null)
    {
        Name = name;
        Uid = uid;
        OutcomeValue = outcome;
        Message = message;
    }

    /// <summary>The namespace.</summary>
    public string Name { get; init; }

    /// <summary>Its uid when it was listed.</summary>
    public string Uid { get; init; }

    /// <summary>
    /// How the removal ended, by name (Deleted, AlreadyGone, StuckTerminating, Terminating, Replaced, Failed), as
    /// ConvertTo-Json and Export-Csv write it; <see cref="GetOutcome"/> gives the enumeration value.
    /// </summary>
    public string Outcome => OutcomeValue.ToString();

    /// <summary>Why, when it did not end in Deleted, AlreadyGone or Terminating.</summary>
    public string? Message { get; init; }

    /// <summary>How the removal ended, as an enumeration value.</summary>
    internal LabNamespaceOutcome OutcomeValue { get; init; }

    /// <summary>How the removal ended, as an enumeration value (for code; <see cref="Outcome"/> is its name).</summary>
    public LabNamespaceOutcome GetOutcome() => OutcomeValue;
}
