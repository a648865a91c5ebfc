namespace RspAdmin.Core.Config;

/// <summary>
/// A lab image configuration that cannot be used, located at the offending node: file, 1-based line
/// and column, and the dotted key path. <see cref="ErrorId"/> is the stable <c>Config.{Reason}</c> ID.
/// </summary>
public sealed class LabImageConfigException : Exception
{
    /// <summary>Creates the exception; the message gets the <c>file:line:column</c> prefix.</summary>
    public LabImageConfigException(
        LabImageConfigErrorReason reason, string detail, string? filePath = null, int? line = null, int? column = null, string? keyPath = null, Exception? innerException = null)
        : base(Compose(detail, filePath, line, column), innerException)
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

    /// <summary>The stable error ID, <c>Config.{Reason}</c> (e.g. <c>Config.UnknownKey</c>).</summary>
    public string ErrorId => "Config." + Reason;

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
