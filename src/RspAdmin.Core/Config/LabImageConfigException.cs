namespace RspAdmin.Core.Config;

/// <summary>
/// A lab image configuration that cannot be used, located at the offending node: file, 1-based line
/// and column, and the dotted key path. <see cref="RspException.ErrorId"/> is the stable <c>Config.{Reason}</c> ID.
/// </summary>
public sealed class LabImageConfigException : RspException
{
    /// <summary>Creates the exception; the message gets the <c>file:line:column</c> prefix.</summary>
    public LabImageConfigException(
        LabImageConfigErrorReason reason, string detail, string? filePath = null, int? line = null, int? column = null, string? keyPath = null, Exception? innerException = null)
        : base("Config." + reason, KindOf(reason), Compose(detail, filePath, line, column), filePath, null, innerException)
    {
        Reason = reason;
        Detail = detail;
        FilePath = filePath;
        Line = line;
        Column = column;
        KeyPath = keyPath;
    }

    /// <summary>Why reading failed.</summary>
    public LabImageConfigErrorReason Reason { get; }

    /// <summary>The kind of failure each configuration reason is.</summary>
    public static ErrorKind KindOf(LabImageConfigErrorReason reason) => reason switch
    {
        LabImageConfigErrorReason.FileNotFound or LabImageConfigErrorReason.EnvironmentNotFound => ErrorKind.NotFound,
        LabImageConfigErrorReason.FileUnreadable => ErrorKind.ReadFailed,
        LabImageConfigErrorReason.MalformedYaml => ErrorKind.Malformed,
        _ => ErrorKind.InvalidData,
    };

    /// <summary>The message without the location.</summary>
    public string Detail { get; }

    /// <summary>The file at fault (or the directory, for a missing environment).</summary>
    public string? FilePath { get; }

    /// <summary>1-based line of the offending node.</summary>
    public int? Line { get; }

    /// <summary>1-based column of the offending node.</summary>
    public int? Column { get; }

    /// <summary>Dotted path of the offending key, e.g. <c>controller.config.images.numReleases</c>.</summary>
    public string? KeyPath { get; }

    private static string Compose(string detail, string? filePath, int? line, int? column)
    {
        if (filePath is null)
        {
            return detail;
        }

        if (line is null)
        {
            return $"{filePath}: {detail}";
        }

        return column is null ? $"{filePath}:{line}: {detail}" : $"{filePath}:{line}:{column}: {detail}";
    }
}
