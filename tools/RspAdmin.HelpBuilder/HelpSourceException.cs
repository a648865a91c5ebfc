namespace RspAdmin.HelpBuilder;

/// <summary>
/// A help source file that does not follow the expected format. Carries a stable error identifier
/// (<c>Help.Reason</c>), the file and the 1-based line at fault, so the build can point at it.
/// </summary>
public sealed class HelpSourceException : Exception
{
    /// <summary>Creates the error for one place in one file.</summary>
    public HelpSourceException(string errorId, string filePath, int line, string message)
        : base(message)
    {
        ErrorId = errorId;
        FilePath = filePath;
        Line = line;
    }

    /// <summary>The stable identifier of the kind of error, e.g. <c>Help.UnknownHeading</c>.</summary>
    public string ErrorId { get; }

    /// <summary>The help source file at fault.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line at fault.</summary>
    public int Line { get; }

    /// <summary>The error in the <c>file:line: error Id: message</c> form editors and build logs understand.</summary>
    public override string ToString() => $"{FilePath}:{Line}: error {ErrorId}: {Message}";
}
