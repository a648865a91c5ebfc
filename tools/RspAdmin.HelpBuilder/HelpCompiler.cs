using System.Text;
using RspAdmin.HelpBuilder.About;
using RspAdmin.HelpBuilder.Maml;
using RspAdmin.HelpBuilder.Model;

namespace RspAdmin.HelpBuilder;

/// <summary>
/// Compiles a folder of help pages: every <c>Verb-Noun.md</c> into one MAML file named after the
/// cmdlet assembly, and every <c>about_Name.md</c> into <c>about_Name.help.txt</c>. All pages are read
/// and checked first; if any has an error, every error is reported and nothing is written. Each
/// file is written to a temporary name and then moved into place, so no reader sees half a file.
/// </summary>
public static class HelpCompiler
{
    /// <summary>Compiles the pages in <paramref name="inputDirectory"/> into <paramref name="outputDirectory"/>.</summary>
    /// <param name="inputDirectory">The folder of markdown pages.</param>
    /// <param name="outputDirectory">The culture folder of the staged module, e.g. <c>en-US</c>; created if missing.</param>
    /// <param name="assemblyFileName">The cmdlet assembly's file name; the MAML file is <c>&lt;assemblyFileName&gt;-Help.xml</c>.</param>
    public static HelpCompilation Compile(string inputDirectory, string outputDirectory, string assemblyFileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputDirectory);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentException.ThrowIfNullOrEmpty(assemblyFileName);

        var helpFileName = assemblyFileName + "-Help.xml";
        var parser = new CommandHelpParser(helpFileName);
        var errors = new List<HelpSourceException>();
        var commands = new List<CommandHelp>();
        var topics = new List<(string FileName, string Text)>();

        var pages = Directory.GetFiles(inputDirectory, "*.md").Order(StringComparer.Ordinal).ToList();
        foreach (var page in pages)
        {
            try
            {
                var markdown = File.ReadAllText(page, Encoding.UTF8);
                var name = Path.GetFileNameWithoutExtension(page);
                if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                {
                    topics.Add((name + ".help.txt", AboutTopicConverter.Convert(page, markdown)));
                }
                else
                {
                    commands.Add(parser.Parse(page, markdown));
                }
            }
            catch (HelpSourceException ex)
            {
                errors.Add(ex);
            }
        }

        if (commands.Count == 0 && errors.Count == 0)
        {
            errors.Add(new HelpSourceException("Help.NoCommands", inputDirectory, 1, "the folder holds no command help page (Verb-Noun.md)."));
        }

        if (errors.Count > 0)
        {
            return new HelpCompilation(errors, Array.Empty<string>(), 0);
        }

        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();
        var mamlPath = Path.Combine(outputDirectory, helpFileName);
        WriteAtomically(mamlPath, stream => MamlWriter.Write(MamlWriter.Build(commands), stream));
        written.Add(mamlPath);
        foreach (var (fileName, text) in topics)
        {
            var topicPath = Path.Combine(outputDirectory, fileName);
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
            WriteAtomically(topicPath, stream => stream.Write(bytes));
            written.Add(topicPath);
        }

        return new HelpCompilation(errors, written, commands.Count);
    }

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
