namespace RspAdmin.Core;

/// <summary>
/// The one failure type of the engine: a stable error identifier (<c>Area.Reason</c>), a kind that knows
/// nothing of PowerShell, the target it is about and, optionally, what to do. Messages never hold a secret.
/// </summary>
public class RspException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RspException(string errorId, ErrorKind kind, string message, object? target = null, string? recommendedAction = null, Exception? inner = null)
        : base(message, inner)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorId);
        ErrorId = errorId;
        Kind = kind;
        Target = target;
        RecommendedAction = recommendedAction;
    }

    /// <summary>The stable identifier, <c>Area.Reason</c>.</summary>
    public string ErrorId { get; }

    /// <summary>What kind of failure it is.</summary>
    public ErrorKind Kind { get; }

    /// <summary>What the failure is about (a name, path or address), or null.</summary>
    public object? Target { get; }

    /// <summary>What the operator can do about it, or null.</summary>
    public string? RecommendedAction { get; }
}
