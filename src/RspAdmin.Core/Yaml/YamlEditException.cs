namespace RspAdmin.Core.Yaml;

/// <summary>
/// A refusal of the YAML editor: a stable <see cref="Reason"/> (and <see cref="RspException.ErrorId"/>), the file
/// and, where one applies, the 1-based line and column of the offending node.
/// </summary>
public sealed class YamlEditException : RspException
{
    /// <summary>Creates a refusal.</summary>
    public YamlEditException(YamlEditReason reason, string message, string? file = null, int line = 0, int column = 0, Exception? innerException = null)
        : base("Yaml." + reason, KindOf(reason), Describe(message, file, line, column), file, reason == YamlEditReason.ChangedOnDisk ? "The file changed since it was read: run the command again." : null, innerException)
    {
        Reason = reason;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>Why the editor refused.</summary>
    public YamlEditReason Reason { get; }

    /// <summary>The kind of failure each editor reason is.</summary>
    public static ErrorKind KindOf(YamlEditReason reason) => reason switch
    {
        YamlEditReason.Unreadable => ErrorKind.ReadFailed,
        YamlEditReason.WriteFailed => ErrorKind.WriteFailed,
        YamlEditReason.ChangedOnDisk => ErrorKind.Conflict,
        YamlEditReason.Malformed or YamlEditReason.NotJson => ErrorKind.Malformed,
        YamlEditReason.NotFound => ErrorKind.NotFound,
        YamlEditReason.Unsupported => ErrorKind.Unsupported,
        YamlEditReason.VerificationFailed => ErrorKind.InvalidResult,
        _ => ErrorKind.InvalidData,
    };

    /// <summary>The file (or source name) concerned, if any.</summary>
    public string? File { get; }

    /// <summary>1-based line of the offending node, or 0 when none applies.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending node, or 0 when none applies.</summary>
    public int Column { get; }

    private static string Describe(string message, string? file, int line, int column)
    {
        if (file is null)
        {
            return message;
        }

        return line > 0 ? $"{file}:{line}:{column}: {message}" : $"{file}: {message}";
    }
}
