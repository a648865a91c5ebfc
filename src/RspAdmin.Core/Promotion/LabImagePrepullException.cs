namespace RspAdmin.Core.Promotion;

/// <summary>
/// A refusal to update an environment's prepull settings. <see cref="ErrorId"/> is the stable identifier
/// <c>Prepull.{Reason}</c>. When it is thrown, no file has been written.
/// </summary>
public sealed class LabImagePrepullException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabImagePrepullException(LabImagePrepullErrorReason reason, string message, string? path = null, Exception? innerException = null)
        : base(path is null ? message : $"{path}: {message}", innerException)
    {
        Reason = reason;
        Path = path;
    }

    /// <summary>Why the update was refused.</summary>
    public LabImagePrepullErrorReason Reason { get; }

    /// <summary>The stable error identifier, <c>Prepull.{Reason}</c>.</summary>
    public string ErrorId => "Prepull." + Reason;

    /// <summary>The file or directory concerned, when there is one.</summary>
    public string? Path { get; }
}
