using RspAdmin.HelpBuilder.About;

namespace RspAdmin.HelpBuilder.Tests;

public sealed class AboutTopicConverterTests
{
    private const string Path = "/help/about_Sample.md";

    private static string[] Lines() => AboutTopicConverter.Convert(Path, SamplePages.AboutSample).Split('\n');

    [Fact]
    public void The_fifth_line_is_the_short_description_PowerShell_shows_as_the_synopsis()
    {
        var lines = Lines();
        Assert.Equal(new[] { "TOPIC", "    about_Sample", string.Empty, "SHORT DESCRIPTION" }, lines[..4]);
        Assert.Equal("    Explains the Sample module in one line.", lines[4]);
    }

    [Fact]
    public void Sections_are_upper_case_and_text_is_wrapped_at_80_columns_under_a_4_space_indent()
    {
        var lines = Lines();
        Assert.Contains("LONG DESCRIPTION", lines);
        Assert.Contains("SEE ALSO", lines);
        Assert.Contains("  Widgets", lines);
        var body = lines.SkipWhile(l => l != "LONG DESCRIPTION").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.True(body.Count >= 2, "the long paragraph is wrapped");
        Assert.All(body, l => Assert.StartsWith("    ", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Length <= AboutTopicConverter.Width, $"'{l}' is longer than {AboutTopicConverter.Width}"));
        Assert.Equal(
            "The Sample module manages widgets. This paragraph is long enough that it has to be wrapped at the eightieth column when it is written out.",
            string.Join(' ', body.Select(l => l.Trim())));
    }

    [Fact]
    public void List_items_hang_under_their_marker_and_code_keeps_its_lines()
    {
        var lines = Lines();
        var gear = Array.FindIndex(lines, l => l.StartsWith("    - Gears", StringComparison.Ordinal));
        Assert.True(gear > 0);
        Assert.Matches("^      [a-z]", lines[gear + 1]); // continuation lines hang under the text, not the marker
        Assert.Equal("    - Cogs.", lines[gear + 2]);
        Assert.Contains("        Get-Widget gear", lines);
        Assert.Contains("          indented line", lines);
        Assert.Contains("    - Get-Widget", lines);
    }

    [Theory]
    [InlineData("## SHORT DESCRIPTION\n", "## SUMMARY\n", "Help.MissingSection", "## SUMMARY")]
    [InlineData("Explains the Sample module in one line.\n", "One.\n\nTwo.\n", "Help.BadAbout", "## SHORT DESCRIPTION")]
    [InlineData("# about_Sample\n", "# about_Other\n", "Help.TitleMismatch", "# about_Other")]
    [InlineData("## SEE ALSO\n", "## LONG DESCRIPTION\n", "Help.DuplicateSection", "- Get-Widget")]
    [InlineData("### Widgets\n", "#### Widgets\n", "Help.UnknownHeading", "#### Widgets")]
    public void Malformed_topic_names_the_error_and_line(string old, string replacement, string errorId, string lineMarker)
    {
        var page = SamplePages.AboutSample.ReplaceOnce(old, replacement);
        var error = Assert.Throws<HelpSourceException>(() => AboutTopicConverter.Convert(Path, page));
        Assert.Equal(errorId, error.ErrorId);
        var expected = SamplePages.LineOf(page, lineMarker) - (lineMarker == "- Get-Widget" ? 1 : 0);
        Assert.Equal(expected, error.Line);
    }
}
