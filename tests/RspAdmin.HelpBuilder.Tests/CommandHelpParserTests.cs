using RspAdmin.HelpBuilder.Model;

namespace RspAdmin.HelpBuilder.Tests;

public sealed class CommandHelpParserTests
{
    private static readonly CommandHelpParser Parser = new(SamplePages.HelpFile);

    private static CommandHelp ParseGetWidget() => Parser.Parse("/help/Get-Widget.md", SamplePages.GetWidget);

    [Fact]
    public void Reads_the_title_module_and_online_version()
    {
        var help = ParseGetWidget();
        Assert.Equal("Get-Widget", help.Name);
        Assert.Equal("Get", help.Verb);
        Assert.Equal("Widget", help.Noun);
        Assert.Equal("Sample", help.ModuleName);
        Assert.Equal("https://example.invalid/get-widget", help.OnlineVersion);
    }

    [Fact]
    public void Reduces_inline_markup_to_plain_text_and_keeps_list_items_apart()
    {
        var help = ParseGetWidget();
        Assert.Equal("Gets widgets from the store.", Assert.Single(help.Synopsis).Text);
        Assert.Collection(
            help.Description,
            b => Assert.Equal(new TextBlock(TextBlockKind.Paragraph, "The Get-Widget cmdlet gets widgets by name or by id."), b),
            b => Assert.Equal(new TextBlock(TextBlockKind.ListItem, "- First point."), b),
            b => Assert.Equal(new TextBlock(TextBlockKind.ListItem, "- Second point, see the guide (https://example.invalid/guide)."), b));
    }

    [Fact]
    public void Reads_parameter_sets_without_the_default_marker()
    {
        Assert.Equal(new[] { "ByName", "ById" }, ParseGetWidget().ParameterSets);
    }

    [Fact]
    public void A_single_syntax_block_is_the_default_parameter_set()
    {
        var help = Parser.Parse("/help/Set-Widget.md", SamplePages.SetWidget);
        Assert.Equal(new[] { CommandHelp.DefaultParameterSetName }, help.ParameterSets);
        Assert.False(help.SupportsCommonParameters);
        Assert.Empty(help.Inputs);
        Assert.Empty(help.Notes);
        Assert.Empty(help.RelatedLinks);
        Assert.Null(help.OnlineVersion);
    }

    [Fact]
    public void Reads_examples_with_code_output_and_remarks()
    {
        var examples = ParseGetWidget().Examples;
        Assert.Equal(2, examples.Count);

        var first = examples[0];
        Assert.Equal(1, first.Number);
        Assert.Equal("Get a widget by name", first.Title);
        Assert.Equal("Get-Widget -Name gear", first.Code);
        Assert.Equal("Name Size\n---- ----\ngear    3", first.Output);
        Assert.Equal("Gets the widget named gear.", Assert.Single(first.Remarks).Text);
        Assert.Equal(SamplePages.LineOf(SamplePages.GetWidget, "### Example 1"), first.Line);

        var second = examples[1];
        Assert.Equal(string.Empty, second.Title);
        Assert.Equal("Get-Widget -Id 7 |\n    Select-Object Name", second.Code);
        Assert.Null(second.Output);
        Assert.Equal(new[] { "Before the code.", "After the code." }, second.Remarks.Select(r => r.Text));
    }

    [Fact]
    public void Reads_parameter_metadata()
    {
        var help = ParseGetWidget();
        Assert.True(help.SupportsCommonParameters);
        Assert.Equal(new[] { "Force", "Id", "Name" }, help.Parameters.Select(p => p.Name));

        var force = help.Parameters[0].Metadata.Single();
        Assert.True(force.IsSwitch);
        Assert.Null(force.Position);
        Assert.Equal(PipelineInput.None, force.PipelineInput);
        Assert.True(force.AppliesTo("ById"));
        Assert.True(force.AppliesTo("ByName"));

        var id = help.Parameters[1].Metadata.Single();
        Assert.Equal("Int32", id.Type);
        Assert.Equal(new[] { "WidgetId", "I" }, id.Aliases);
        Assert.True(id.Required);
        Assert.Equal(PipelineInput.ByPropertyName, id.PipelineInput);
        Assert.True(id.AppliesTo("ById"));
        Assert.False(id.AppliesTo("ByName"));

        var name = help.Parameters[2];
        Assert.Equal("The widgets' names.", Assert.Single(name.Description).Text);
        var nameMetadata = name.Metadata.Single();
        Assert.Equal(0, nameMetadata.Position);
        Assert.Equal(new[] { "gear", "cog" }, nameMetadata.AcceptedValues);
        Assert.Equal(PipelineInput.ByValue | PipelineInput.ByPropertyName, nameMetadata.PipelineInput);
        Assert.True(nameMetadata.AcceptsWildcards);
        Assert.Empty(nameMetadata.Aliases);
    }

    [Fact]
    public void A_parameter_may_have_one_metadata_block_per_binding()
    {
        var page = SamplePages.GetWidget.ReplaceOnce(
            "Parameter Sets: ById\n",
            "Parameter Sets: ById\nAliases:\n\nRequired: True\nPosition: Named\nDefault value: None\nAccept pipeline input: False\nAccept wildcard characters: False\n```\n\n```yaml\nType: Int32\nParameter Sets: ByName\n");
        var id = Parser.Parse("/help/Get-Widget.md", page).Parameters.Single(p => p.Name == "Id");
        Assert.Equal(2, id.Metadata.Count);
        Assert.True(id.Metadata[0].AppliesTo("ById"));
        Assert.True(id.Metadata[1].AppliesTo("ByName"));
    }

    [Fact]
    public void Reads_inputs_outputs_notes_and_links()
    {
        var help = ParseGetWidget();
        var input = Assert.Single(help.Inputs);
        Assert.Equal("System.String", input.Name);
        Assert.Equal("Names of widgets.", Assert.Single(input.Description).Text);
        Assert.Equal("Sample.Widget", Assert.Single(help.Outputs).Name);
        Assert.Equal("Widgets are cached.", Assert.Single(help.Notes).Text);
        Assert.Equal(
            new[] { new RelatedLink("about_Sample", string.Empty), new RelatedLink("Online guide", "https://example.invalid/guide") },
            help.RelatedLinks);
    }

    [Fact]
    public void Accepts_windows_line_endings()
    {
        var help = Parser.Parse("/help/Get-Widget.md", SamplePages.GetWidget.Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal("Name Size\n---- ----\ngear    3", help.Examples[0].Output);
        Assert.Equal(3, help.Parameters.Count);
    }
}
