namespace RspAdmin.HelpBuilder;

/// <summary>The command line of the help builder.</summary>
/// <param name="InputDirectory">The folder of markdown pages (<c>--input</c>).</param>
/// <param name="OutputDirectory">The folder the help files are written to (<c>--output</c>).</param>
/// <param name="AssemblyFileName">The cmdlet assembly's file name (<c>--assembly</c>).</param>
public sealed record HelpBuilderOptions(string InputDirectory, string OutputDirectory, string AssemblyFileName)
{
    /// <summary>How to call the builder.</summary>
    public const string Usage = "usage: RspAdmin.HelpBuilder --input <docs/help> --output <module/en-US> --assembly <Cmdlets.dll>";

    /// <summary>Reads the options from <paramref name="args"/>; null with <paramref name="error"/> set when they are wrong.</summary>
    public static HelpBuilderOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--input" or "--output" or "--assembly"))
            {
                error = $"unknown argument '{name}'";
                return null;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"{name} needs a value";
                return null;
            }

            if (!values.TryAdd(name, args[++i]))
            {
                error = $"{name} is given twice";
                return null;
            }
        }

        foreach (var required in new[] { "--input", "--output", "--assembly" })
        {
            if (!values.ContainsKey(required))
            {
                error = $"{required} is required";
                return null;
            }
        }

        error = null;
        return new HelpBuilderOptions(values["--input"], values["--output"], values["--assembly"]);
    }
}
