namespace RspAdmin.Core.Toolforge;

/// <summary>One problem in an image catalog, with where it is.</summary>
public sealed class ToolforgeConfigFinding
{
    /// <summary><c>Error</c> (a consumer fails or misbehaves; blocks a write) or <c>Warning</c>.</summary>
    public required string Severity { get; init; }

    /// <summary>A stable code, e.g. <c>Toolforge.NameConflict</c>.</summary>
    public required string Code { get; init; }

    /// <summary>What is wrong and what to do.</summary>
    public required string Message { get; init; }

    /// <summary>The entry concerned, or empty for the document.</summary>
    public string Entry { get; init; } = string.Empty;

    /// <summary>The other entry of a conflict, or empty.</summary>
    public string OtherEntry { get; init; } = string.Empty;

    /// <summary>The contested name of a conflict, or empty.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary>The entry a conflicting name resolves to (the earlier one in the file), or empty.</summary>
    public string Winner { get; init; } = string.Empty;

    /// <summary>The file or ConfigMap.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>1-based line, or 0.</summary>
    public int Line { get; init; }

    /// <summary>1-based column, or 0.</summary>
    public int Column { get; init; }

    /// <summary>True for an error.</summary>
    public bool IsError => Severity == ErrorSeverity;

    /// <summary>The severity of findings that block a write.</summary>
    public const string ErrorSeverity = "Error";

    /// <summary>The severity of findings that do not.</summary>
    public const string WarningSeverity = "Warning";

    /// <inheritdoc />
    public override string ToString() => $"{Source}:{Line}:{Column}: {Severity} {Code}: {Message}";
}
