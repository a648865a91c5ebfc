namespace RspAdmin.Core.Toolforge;

/// <summary>A catalog that cannot be read, with the position of the problem.</summary>
public sealed class ToolforgeConfigException : RspException
{
    /// <summary>Creates the exception.</summary>
    public ToolforgeConfigException(string errorId, ErrorKind kind, string message, string source, int line, int column, string? recommendedAction, Exception? innerException)
        : base(errorId, kind, message, source, recommendedAction, innerException)
    {
        Source = source;
        Line = line;
        Column = column;
    }

    /// <summary>The file or ConfigMap.</summary>
    public new string Source { get; }

    /// <summary>1-based line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The problem as a validation finding.</summary>
    public ToolforgeConfigFinding ToFinding() => new()
    {
        Severity = ToolforgeConfigFinding.ErrorSeverity,
        Code = ErrorId,
        Message = Message,
        Source = Source,
        Line = Line,
        Column = Column,
    };
}
