namespace RspAdmin.Core;

/// <summary>
/// The one failure type of the engine. <see cref="ErrorId"/> is stable (<c>Area.Reason</c>, for example
/// <c>Registry.ManifestNotFound</c> or <c>Toolforge.ConfigChanged</c>) and is what scripts match on;
/// <see cref="Kind"/> says what sort of failure it is; <see cref="Target"/> names what failed (a file,
/// a reference, an endpoint). Messages say what failed, on what, and what to do; they never contain a
/// secret and never name a shell command. Areas with typed details derive from this class.
/// </summary>
public class RspException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorId">The stable identifier, <c>Area.Reason</c>.</param>
    /// <param name="kind">What sort of failure it is.</param>
    /// <param name="message">What failed, on what, and (when known) what to do.</param>
    /// <param name="target">What failed: a file path, a reference, an endpoint.</param>
    /// <param name="recommendedAction">A short, shell-neutral suggestion of what to do next.</param>
    /// <param name="inner">The underlying failure, kept for diagnosis.</param>
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

    /// <summary>What sort of failure it is.</summary>
    public ErrorKind Kind { get; }

    /// <summary>What failed (a file path, a reference, an endpoint), or null.</summary>
    public object? Target { get; }

    /// <summary>A short suggestion of what to do next, or null.</summary>
    public string? RecommendedAction { get; }

    /// <summary>The area of <see cref="ErrorId"/>: the part before the first dot.</summary>
    public string Area => ErrorId.Split('.', 2)[0];
}
