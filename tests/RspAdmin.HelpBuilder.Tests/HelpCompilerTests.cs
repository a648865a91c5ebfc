using System.Xml.Linq;

namespace RspAdmin.HelpBuilder.Tests;

public sealed class HelpCompilerTests : IDisposable
{
    private const string Assembly = "Sample.Cmdlets.dll";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "helpbuilder-tests-" + Guid.NewGuid().ToString("N"));

    public HelpCompilerTests()
    {
        Directory.CreateDirectory(Input);
    }

    private string Input => Path.Combine(_root, "help");

    private string Output => Path.Combine(_root, "out", "en-US");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(Input, name), text);

    [Fact]
    public void Writes_one_maml_file_for_all_commands_and_a_text_file_per_topic()
    {
        Write("Get-Widget.md", SamplePages.GetWidget);
        Write("Set-Widget.md", SamplePages.SetWidget);
        Write("about_Sample.md", SamplePages.AboutSample);

        var result = HelpCompiler.Compile(Input, Output, Assembly);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.CommandCount);
        Assert.Equal(new[] { "Sample.Cmdlets.dll-Help.xml", "about_Sample.help.txt" }, Directory.GetFiles(Output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var maml = XDocument.Load(Path.Combine(Output, "Sample.Cmdlets.dll-Help.xml"));
        Assert.Equal(2, maml.Root!.Elements().Count());
        Assert.StartsWith("TOPIC\n    about_Sample\n", File.ReadAllText(Path.Combine(Output, "about_Sample.help.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_every_bad_page_and_writes_nothing()
    {
        Write("Get-Widget.md", SamplePages.GetWidget.ReplaceOnce("## NOTES\n", "## NOTEZ\n"));
        Write("Set-Widget.md", SamplePages.SetWidget.ReplaceOnce("Position: 0", "Position: first"));
        Write("about_Sample.md", SamplePages.AboutSample);

        var result = HelpCompiler.Compile(Input, Output, Assembly);

        Assert.False(result.Succeeded);
        Assert.Equal(new[] { "Help.UnknownHeading", "Help.BadParameterMetadata" }, result.Errors.Select(e => e.ErrorId));
        Assert.EndsWith("Get-Widget.md", result.Errors[0].FilePath, StringComparison.Ordinal);
        Assert.EndsWith("Set-Widget.md", result.Errors[1].FilePath, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Output), "nothing is written when a page is bad");
    }

    [Fact]
    public void Replaces_existing_files_whole_and_leaves_no_temporary_file()
    {
        Directory.CreateDirectory(Output);
        File.WriteAllText(Path.Combine(Output, "Sample.Cmdlets.dll-Help.xml"), "old");
        Write("Get-Widget.md", SamplePages.GetWidget);

        Assert.True(HelpCompiler.Compile(Input, Output, Assembly).Succeeded);

        Assert.Equal(new[] { "Sample.Cmdlets.dll-Help.xml" }, Directory.GetFiles(Output).Select(Path.GetFileName));
        Assert.Equal("helpItems", XDocument.Load(Path.Combine(Output, "Sample.Cmdlets.dll-Help.xml")).Root!.Name.LocalName);
    }

    [Fact]
    public void A_folder_without_command_pages_is_an_error()
    {
        Write("about_Sample.md", SamplePages.AboutSample);
        var result = HelpCompiler.Compile(Input, Output, Assembly);
        Assert.Equal("Help.NoCommands", Assert.Single(result.Errors).ErrorId);
    }

    [Fact]
    public void Pages_must_name_the_help_file_of_the_assembly_they_are_compiled_for()
    {
        Write("Get-Widget.md", SamplePages.GetWidget);
        var result = HelpCompiler.Compile(Input, Output, "Other.dll");
        var error = Assert.Single(result.Errors);
        Assert.Equal("Help.BadFrontMatter", error.ErrorId);
        Assert.Equal(SamplePages.LineOf(SamplePages.GetWidget, "external help file"), error.Line);
    }

    [Fact]
    public void The_projects_own_help_pages_compile()
    {
        var repository = FindRepositoryRoot();
        var result = HelpCompiler.Compile(Path.Combine(repository, "docs", "help"), Output, "RspAdmin.Cmdlets.dll");
        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        var maml = XDocument.Load(Path.Combine(Output, "RspAdmin.Cmdlets.dll-Help.xml"));
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        Assert.Contains("ConvertFrom-LabImageTag", maml.Descendants(command + "name").Select(n => n.Value));
        Assert.True(File.Exists(Path.Combine(Output, "about_RspAdmin.help.txt")));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RspAdmin.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: RspAdmin.sln was not found above " + AppContext.BaseDirectory);
    }
}
