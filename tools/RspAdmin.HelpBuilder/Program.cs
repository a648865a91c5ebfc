namespace RspAdmin.HelpBuilder;

/// <summary>
/// Entry point. Exit codes: 0 help written; 1 the sources have errors (each printed as
/// <c>file:line: error Help.Reason: message</c>, nothing written); 2 wrong command line or unreadable input.
/// </summary>
public static class Program
{
    /// <summary>Runs the builder.</summary>
    public static int Main(string[] args)
    {
        var options = HelpBuilderOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine($"error Help.Usage: {error}");
            Console.Error.WriteLine(HelpBuilderOptions.Usage);
            return 2;
        }

        if (!Directory.Exists(options.InputDirectory))
        {
            Console.Error.WriteLine($"error Help.InputMissing: the help source folder '{options.InputDirectory}' does not exist.");
            return 2;
        }

        HelpCompilation result;
        try
        {
            result = HelpCompiler.Compile(options.InputDirectory, options.OutputDirectory, options.AssemblyFileName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error Help.Io: {ex.Message}");
            return 2;
        }

        foreach (var problem in result.Errors)
        {
            Console.Error.WriteLine(problem.ToString());
        }

        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"Help was not built: {result.Errors.Count} error(s).");
            return 1;
        }

        Console.WriteLine($"Help: {result.CommandCount} command(s) -> {string.Join(", ", result.WrittenFiles.Select(Path.GetFileName))}");
        return 0;
    }
}
