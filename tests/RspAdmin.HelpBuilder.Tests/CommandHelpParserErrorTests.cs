namespace RspAdmin.HelpBuilder.Tests;

/// <summary>Every way a page can be malformed is an error with a stable id, the file and the right line.</summary>
public sealed class CommandHelpParserErrorTests
{
    private const string Path = "/help/Get-Widget.md";
    private static readonly CommandHelpParser Parser = new(SamplePages.HelpFile);

    /// <summary>
    /// Each case: a change to the valid page, the error id it must cause, and a text that is on the
    /// line the error must name (in the changed page).
    /// </summary>
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        { "missing section", "## NOTES\nWidgets are cached.\n\n", "", "Help.MissingSection", "# Get-Widget" },
        { "unknown section", "## NOTES\n", "## NOTEZ\n", "Help.UnknownHeading", "## NOTEZ" },
        { "duplicate section", "## NOTES\n", "## DESCRIPTION\nAgain.\n\n## NOTES\n", "Help.DuplicateSection", "## DESCRIPTION" },
        { "level-4 heading", "Gets the widget named gear.", "#### Deeper\nGets the widget named gear.", "Help.UnknownHeading", "#### Deeper" },
        { "subsection where none belong", "Widgets are cached.", "### Caching\nWidgets are cached.", "Help.UnknownHeading", "### Caching" },
        { "unknown example heading", "### Example 2\n", "### Second example\n", "Help.UnknownHeading", "### Second example" },
        { "examples out of order", "### Example 2\n", "### Example 3\n", "Help.BadExample", "### Example 3" },
        { "example without code", "```powershell\nGet-Widget -Id 7 |\n    Select-Object Name\n```\n", "", "Help.BadExample", "### Example 2" },
        { "example whose first code is not powershell", "Before the code.\n", "Before the code.\n\n```text\nhello\n```\n", "Help.BadExample", "```text" },
        { "output that does not follow the code", "Gets the widget named gear.", "Gets the widget named gear.\n\n```output\nlate\n```", "Help.BadExample", "```output" },
        { "a second powershell block", "After the code.", "After the code.\n\n```powershell\nmore\n```", "Help.BadExample", "```powershell" },
        { "parameter without metadata", "### -Force\nGets hidden widgets too.\n\n```yaml", "### -Force\nGets hidden widgets too.\n\n```text", "Help.BadParameterMetadata", "### -Force" },
        { "metadata that is not YAML", "Type: Int32\n", "Type: [Int32\n", "Help.BadParameterMetadata", "Type: [Int32" },
        { "unknown metadata key", "Type: Int32\n", "Type: Int32\nColour: blue\n", "Help.BadParameterMetadata", "Colour: blue" },
        { "missing metadata key", "Default value: False\n", "", "Help.BadParameterMetadata", "Type: SwitchParameter" },
        { "Required not a boolean", "Required: True\nPosition: 0", "Required: Maybe\nPosition: 0", "Help.BadParameterMetadata", "Required: Maybe" },
        { "bad position", "Position: 0", "Position: first", "Help.BadParameterMetadata", "Position: first" },
        { "bad pipeline input", "Accept pipeline input: True (ByPropertyName)\n", "Accept pipeline input: Sometimes\n", "Help.BadParameterMetadata", "Accept pipeline input: Sometimes" },
        { "repeated metadata key", "Type: Int32\n", "Type: Int32\nType: Int64\n", "Help.BadParameterMetadata", "Type: Int64" },
        { "unknown parameter set", "Parameter Sets: ById\n", "Parameter Sets: ByColour\n", "Help.BadParameterMetadata", "Parameter Sets: ByColour" },
        { "duplicate parameter", "### -Id\nThe widget's id.", "### -Force\nThe widget's id.", "Help.DuplicateParameter", "### -Force" },
        { "bad parameter heading", "### -Id\n", "### Id\n", "Help.UnknownHeading", "### Id" },
        { "text under PARAMETERS", "## PARAMETERS\n", "## PARAMETERS\nStray text.\n", "Help.UnexpectedContent", "Stray text." },
        { "placeholder left in", "Widgets are cached.", "{{ Fill in the Notes }}", "Help.Placeholder", "{{ Fill" },
        { "HTML block", "Widgets are cached.", "<div>\nWidgets are cached.\n</div>", "Help.UnsupportedMarkdown", "<div>" },
        { "title that is not the file name", "# Get-Widget\n", "# Get-Gadget\n", "Help.TitleMismatch", "# Get-Gadget" },
        { "second title", "## SYNOPSIS\n", "# Get-Widget\n\n## SYNOPSIS\n", "Help.DuplicateTitle", "# Get-Widget" },
        { "text before the first section", "## SYNOPSIS\n", "Stray.\n\n## SYNOPSIS\n", "Help.UnexpectedContent", "Stray." },
        { "wrong help file", "external help file: Sample.Cmdlets.dll-Help.xml", "external help file: Other.dll-Help.xml", "Help.BadFrontMatter", "external help file" },
        { "wrong schema", "schema: 2.0.0", "schema: 1.0.0", "Help.BadFrontMatter", "schema: 1.0.0" },
        { "front matter that is not YAML", "Module Name: Sample\n", "Module Name: [Sample\n", "Help.BadFrontMatter", "Module Name: [Sample" },
        { "two syntax blocks in one set", "### ById\n```\n", "### ById\n```\nfirst\n```\n\n```text\n", "Help.BadSyntax", "```text" },
        { "related link section with code", "[Online guide](https://example.invalid/guide)", "```\ncode\n```", "Help.UnexpectedContent", "```" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_page_names_the_error_file_and_line(string change, string old, string replacement, string errorId, string lineMarker)
    {
        var page = SamplePages.GetWidget.ReplaceOnce(old, replacement);
        var error = Assert.Throws<HelpSourceException>(() => Parser.Parse(Path, page));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(Path, error.FilePath);
        var expectedLine = LineOfMarker(page, lineMarker, replacement);
        Assert.True(expectedLine == error.Line, $"{change}: expected line {expectedLine}, got {error.Line}: {error.Message}");
        Assert.StartsWith($"{Path}:{error.Line}: error {errorId}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_without_front_matter_is_an_error_on_line_1()
    {
        var page = SamplePages.GetWidget[(SamplePages.GetWidget.IndexOf("# Get-Widget", StringComparison.Ordinal))..];
        var error = Assert.Throws<HelpSourceException>(() => Parser.Parse(Path, page));
        Assert.Equal("Help.MissingFrontMatter", error.ErrorId);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void A_page_without_a_title_is_an_error()
    {
        var page = SamplePages.GetWidget.ReplaceOnce("# Get-Widget\n", string.Empty);
        var error = Assert.Throws<HelpSourceException>(() => Parser.Parse(Path, page));
        Assert.Equal("Help.MissingTitle", error.ErrorId);
        Assert.Equal(SamplePages.LineOf(page, "## SYNOPSIS"), error.Line);
    }

    [Fact]
    public void A_page_without_examples_is_an_error()
    {
        var start = SamplePages.GetWidget.IndexOf("### Example 1", StringComparison.Ordinal);
        var end = SamplePages.GetWidget.IndexOf("## PARAMETERS", StringComparison.Ordinal);
        var page = SamplePages.GetWidget.Remove(start, end - start);
        var error = Assert.Throws<HelpSourceException>(() => Parser.Parse(Path, page));
        Assert.Equal("Help.BadExample", error.ErrorId);
        Assert.Equal(SamplePages.LineOf(page, "## EXAMPLES"), error.Line);
    }

    private static int LineOfMarker(string page, string marker, string replacement)
    {
        // Prefer the marker inside the replacement, which is where the change is.
        var position = replacement.Length > 0 ? page.IndexOf(replacement, StringComparison.Ordinal) : 0;
        var index = page.IndexOf(marker, Math.Max(0, position), StringComparison.Ordinal);
        if (index < 0)
        {
            index = page.IndexOf(marker, StringComparison.Ordinal);
        }

        Assert.True(index >= 0, $"'{marker}' is not in the changed page");
        return page.AsSpan(0, index).Count('\n') + 1;
    }
}
