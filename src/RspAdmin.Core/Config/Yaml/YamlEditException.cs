namespace RspAdmin.Core.Config.Yaml;

/// <summary>
/// A refusal of the YAML editor: a stable <see cref="Reason"/> (and <see cref="ErrorId"/>), the file
/// and, where one applies, the 1-based line and column of the offending node.
/// </summary>
public sealed class YamlEditException : Exception
{
    /// <summary>Creates a refusal.</summary>
    public YamlEditException(YamlEditReason reason, string message, string? file = null, int line = 0, int column = 0, Exception? innerException = null)
        : base(Describe(message, file, line, column), innerException)
    {
        Reason = reason;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>Why the editor refused.</summary>
    public YamlEditReason Reason { get; }

    /// <summary>The stable error identifier, <c>Yaml.</c> followed by the reason (e.g. <c>Yaml.ChangedOnDisk</c>).</summary>
    public string ErrorId => "Yaml." + Reason;

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
