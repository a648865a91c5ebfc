namespace RspAdmin.Sandbox;

/// <summary>A failure to start or run the sandbox, with a stable error ID (<c>Sandbox.Reason</c>).</summary>
public sealed class SandboxException(string errorId, string message, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorId { get; } = errorId;
}
