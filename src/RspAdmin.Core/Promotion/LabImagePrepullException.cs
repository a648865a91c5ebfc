namespace RspAdmin.Core.Promotion;

/// <summary>
/// A refusal to update an environment's prepull settings. <see cref="RspException.ErrorId"/> is the stable identifier
/// <c>Prepull.{Reason}</c>. When it is thrown, no file has been written.
/// </summary>
public sealed class LabImagePrepullException : RspException
{
    /// <summary>Creates the exception.</summary>
    public LabImagePrepullException(LabImagePrepullErrorReason reason, string message, string? path = null, Exception? innerException = null)
        : base("Prepull." + reason, KindOf(reason), path is null ? message : $"{path}: {message}", path, null, innerException)
    {
        Reason = reason;
        Path = path;
    }

    /// <summary>Why the update was refused.</summary>
    public LabImagePrepullErrorReason Reason { get; }

    /// <summary>The kind of failure each prepull-edit reason is.</summary>
    public static ErrorKind KindOf(LabImagePrepullErrorReason reason) => reason switch
    {
        LabImagePrepullErrorReason.EnvironmentNotFound or LabImagePrepullErrorReason.TagNotFound => ErrorKind.NotFound,
        LabImagePrepullErrorReason.NoRepositoryManager => ErrorKind.InvalidData,
        _ => ErrorKind.InvalidArgument,
    };

    /// <summary>The file or directory concerned, when there is one.</summary>
    public string? Path { get; }
}
