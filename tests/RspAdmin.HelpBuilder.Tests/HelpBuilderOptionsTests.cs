namespace RspAdmin.HelpBuilder.Tests;

public sealed class HelpBuilderOptionsTests
{
    [Fact]
    public void Reads_the_three_options_in_any_order()
    {
        var options = HelpBuilderOptions.Parse(new[] { "--assembly", "A.dll", "--input", "in", "--output", "out" }, out var error);
        Assert.Null(error);
        Assert.Equal(new HelpBuilderOptions("in", "out", "A.dll"), options);
    }

    [Theory]
    [InlineData("--input in --output out", "--assembly is required")]
    [InlineData("--input in --output out --assembly", "--assembly needs a value")]
    [InlineData("--input in --input in2 --output out --assembly a", "--input is given twice")]
    [InlineData("--input in --output out --assembly a --verbose", "unknown argument '--verbose'")]
    public void Rejects_a_wrong_command_line(string commandLine, string expected)
    {
        Assert.Null(HelpBuilderOptions.Parse(commandLine.Split(' '), out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Exit_codes_tell_bad_sources_from_a_bad_command_line()
    {
        var root = Path.Combine(Path.GetTempPath(), "helpbuilder-exit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            File.WriteAllText(Path.Combine(root, "Get-Widget.md"), SamplePages.GetWidget.ReplaceOnce("## NOTES\n", "## NOTEZ\n"));
            var error = Console.Error;
            Console.SetError(TextWriter.Null);
            try
            {
                Assert.Equal(1, Program.Main(new[] { "--input", root, "--output", Path.Combine(root, "out"), "--assembly", "Sample.Cmdlets.dll" }));
                Assert.Equal(2, Program.Main(new[] { "--input", Path.Combine(root, "missing"), "--output", "x", "--assembly", "a" }));
                Assert.Equal(2, Program.Main(Array.Empty<string>()));
            }
            finally
            {
                Console.SetError(error);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
