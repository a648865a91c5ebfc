// LOCAL STAND-IN (not committed): main's commit lacks this file; remove once main has it.
namespace RspAdmin.Core;
public class RspException : Exception
{
    public RspException(string errorId, ErrorKind kind, string message, object? target = null, string? recommendedAction = null, Exception? inner = null) : base(message, inner)
    { ErrorId = errorId; Kind = kind; Target = target; RecommendedAction = recommendedAction; }
    public string ErrorId { get; }
    public ErrorKind Kind { get; }
    public object? Target { get; }
    public string? RecommendedAction { get; }
}
