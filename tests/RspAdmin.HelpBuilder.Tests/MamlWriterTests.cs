using System.Xml.Linq;
using RspAdmin.HelpBuilder.Maml;

namespace RspAdmin.HelpBuilder.Tests;

/// <summary>
/// The MAML has the shape PowerShell's help system reads (System.Management.Automation's MamlCommandHelpInfo
/// and the help formatting views): element names and namespaces, attributes, and where each piece of text goes.
/// </summary>
public sealed class MamlWriterTests
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>Every element name Get-Help reads from command MAML, by namespace.</summary>
    private static readonly HashSet<XName> KnownElements = new()
    {
        Msh + "helpItems",
        Command + "command", Command + "details", Command + "name", Command + "verb", Command + "noun",
        Command + "syntax", Command + "syntaxItem", Command + "parameter", Command + "parameterValue",
        Command + "parameterValueGroup", Command + "parameters", Command + "inputTypes", Command + "inputType",
        Command + "returnValues", Command + "returnValue", Command + "examples", Command + "example",
        Command + "relatedLinks",
        Maml + "name", Maml + "description", Maml + "para", Maml + "alertSet", Maml + "alert", Maml + "title",
        Maml + "navigationLink", Maml + "linkText", Maml + "uri",
        Dev + "type", Dev + "defaultValue", Dev + "code", Dev + "remarks",
    };

    private static XDocument Build()
    {
        var parser = new CommandHelpParser(SamplePages.HelpFile);
        return MamlWriter.Build(new[]
        {
            parser.Parse("/help/Get-Widget.md", SamplePages.GetWidget),
            parser.Parse("/help/Set-Widget.md", SamplePages.SetWidget),
        });
    }

    private static XElement GetWidget(XDocument document) =>
        document.Root!.Elements(Command + "command").Single(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == "Get-Widget");

    [Fact]
    public void The_root_is_helpItems_in_the_msh_namespace_with_the_maml_schema()
    {
        var root = Build().Root!;
        Assert.Equal(Msh + "helpItems", root.Name);
        Assert.Equal("maml", root.Attribute("schema")?.Value);
        Assert.Equal(2, root.Elements(Command + "command").Count());
    }

    [Fact]
    public void Uses_only_elements_Get_Help_reads_and_declares_the_maml_prefixes()
    {
        var document = Build();
        var unknown = document.Descendants().Select(e => e.Name).Where(n => !KnownElements.Contains(n)).Distinct().ToList();
        Assert.Empty(unknown);

        var command = document.Root!.Elements(Command + "command").First();
        Assert.Equal(Maml.NamespaceName, command.Attribute(XNamespace.Xmlns + "maml")?.Value);
        Assert.Equal(Command.NamespaceName, command.Attribute(XNamespace.Xmlns + "command")?.Value);
        Assert.Equal(Dev.NamespaceName, command.Attribute(XNamespace.Xmlns + "dev")?.Value);
    }

    [Fact]
    public void Sections_come_in_the_order_of_platyPS_output()
    {
        var names = GetWidget(Build()).Elements().Select(e => e.Name).ToList();
        Assert.Equal(
            new[]
            {
                Command + "details", Maml + "description", Command + "syntax", Command + "parameters", Command + "inputTypes",
                Command + "returnValues", Maml + "alertSet", Command + "examples", Command + "relatedLinks",
            },
            names);
    }

    [Fact]
    public void Details_hold_name_verb_noun_and_synopsis()
    {
        var details = GetWidget(Build()).Element(Command + "details")!;
        Assert.Equal("Get-Widget", details.Element(Command + "name")!.Value);
        Assert.Equal("Get", details.Element(Command + "verb")!.Value);
        Assert.Equal("Widget", details.Element(Command + "noun")!.Value);
        Assert.Equal("Gets widgets from the store.", details.Element(Maml + "description")!.Element(Maml + "para")!.Value);
    }

    [Fact]
    public void Description_has_one_para_per_paragraph_or_list_item()
    {
        var paras = GetWidget(Build()).Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value);
        Assert.Equal(
            new[] { "The Get-Widget cmdlet gets widgets by name or by id.", "- First point.", "- Second point, see the guide (https://example.invalid/guide)." },
            paras);
    }

    [Fact]
    public void One_syntax_item_per_parameter_set_with_positional_parameters_first()
    {
        var items = GetWidget(Build()).Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal("Get-Widget", i.Element(Maml + "name")!.Value));
        Assert.Equal(new[] { "Name", "Force" }, ParameterNames(items[0]));
        Assert.Equal(new[] { "Force", "Id" }, ParameterNames(items[1]));
    }

    [Fact]
    public void A_switch_has_no_value_in_the_syntax_but_its_type_in_the_parameter_list()
    {
        var command = GetWidget(Build());
        var inSyntax = command.Element(Command + "syntax")!.Descendants(Command + "parameter").First(p => Name(p) == "Force");
        Assert.Null(inSyntax.Element(Command + "parameterValue"));
        var inList = command.Element(Command + "parameters")!.Elements(Command + "parameter").Single(p => Name(p) == "Force");
        Assert.Equal("SwitchParameter", inList.Element(Command + "parameterValue")!.Value);
        Assert.Equal("False", inList.Element(Dev + "defaultValue")!.Value);
    }

    [Fact]
    public void Parameter_attributes_carry_the_metadata()
    {
        var parameters = GetWidget(Build()).Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
        Assert.Equal(new[] { "Force", "Id", "Name" }, parameters.Select(Name));

        var name = parameters[2];
        Assert.Equal("true", name.Attribute("required")!.Value);
        Assert.Equal("0", name.Attribute("position")!.Value);
        Assert.Equal("true", name.Attribute("globbing")!.Value);
        Assert.Equal("True (ByPropertyName, ByValue)", name.Attribute("pipelineInput")!.Value);
        Assert.Equal("none", name.Attribute("aliases")!.Value);
        Assert.Equal("The widgets' names.", name.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        Assert.Equal("String[]", name.Element(Command + "parameterValue")!.Value);
        Assert.Equal("true", name.Element(Command + "parameterValue")!.Attribute("required")!.Value);
        Assert.Equal("String[]", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal(new[] { "gear", "cog" }, name.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));

        var id = parameters[1];
        Assert.Equal("named", id.Attribute("position")!.Value);
        Assert.Equal("True (ByPropertyName)", id.Attribute("pipelineInput")!.Value);
        Assert.Equal("WidgetId, I", id.Attribute("aliases")!.Value);

        Assert.Equal("False", parameters[0].Attribute("pipelineInput")!.Value);
        Assert.Equal("false", parameters[0].Attribute("required")!.Value);
    }

    [Fact]
    public void Inputs_outputs_and_notes()
    {
        var command = GetWidget(Build());
        var input = command.Element(Command + "inputTypes")!.Element(Command + "inputType")!;
        Assert.Equal("System.String", input.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Names of widgets.", input.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        var output = command.Element(Command + "returnValues")!.Element(Command + "returnValue")!;
        Assert.Equal("Sample.Widget", output.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Widgets are cached.", command.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Element(Maml + "para")!.Value);
    }

    [Fact]
    public void Example_code_is_followed_by_its_output_and_remarks_keep_their_order()
    {
        var examples = GetWidget(Build()).Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.Equal(2, examples.Count);
        Assert.Equal("-------------------------- Example 1: Get a widget by name --------------------------", examples[0].Element(Maml + "title")!.Value);
        Assert.Equal("Get-Widget -Name gear\n\nName Size\n---- ----\ngear    3", examples[0].Element(Dev + "code")!.Value);
        Assert.Equal("-------------------------- Example 2 --------------------------", examples[1].Element(Maml + "title")!.Value);
        Assert.Equal("Get-Widget -Id 7 |\n    Select-Object Name", examples[1].Element(Dev + "code")!.Value);
        var remarks = examples[1].Element(Dev + "remarks")!.Elements(Maml + "para").Select(p => p.Value).ToList();
        Assert.Equal(new[] { "Before the code.", "After the code.", string.Empty }, remarks);
    }

    [Fact]
    public void Related_links_start_with_the_online_version()
    {
        var links = GetWidget(Build()).Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
            .Select(l => (l.Element(Maml + "linkText")!.Value, l.Element(Maml + "uri")!.Value))
            .ToList();
        Assert.Equal(
            new[]
            {
                ("Online Version:", "https://example.invalid/get-widget"),
                ("about_Sample", string.Empty),
                ("Online guide", "https://example.invalid/guide"),
            },
            links);
    }

    [Fact]
    public void Writes_utf8_xml_without_a_byte_order_mark_that_reads_back_the_same()
    {
        var document = Build();
        using var stream = new MemoryStream();
        MamlWriter.Write(document, stream);
        var bytes = stream.ToArray();
        Assert.NotEqual(0xEF, bytes[0]);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.Ordinal);
        var reread = XDocument.Parse(text);
        Assert.Equal(
            GetWidget(document).Element(Command + "examples")!.ToString(SaveOptions.DisableFormatting),
            GetWidget(reread).Element(Command + "examples")!.ToString(SaveOptions.DisableFormatting));
    }

    private static string Name(XElement parameter) => parameter.Element(Maml + "name")!.Value;

    private static IEnumerable<string> ParameterNames(XElement syntaxItem) => syntaxItem.Elements(Command + "parameter").Select(Name);
}
