using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using RspAdmin.HelpBuilder.Model;

namespace RspAdmin.HelpBuilder.Maml;

/// <summary>
/// Writes command help as MAML, the XML that <c>Get-Help</c> reads from <c>&lt;Assembly&gt;.dll-Help.xml</c>:
/// one <c>command:command</c> per command, with details, description, syntax, parameters, inputs,
/// outputs, notes, examples and related links.
/// </summary>
/// <remarks>
/// An example's code and its expected output both go into <c>dev:code</c>, separated by a blank line,
/// so Get-Help shows the output under the command as platyPS does for a code block followed by output.
/// </remarks>
public static class MamlWriter
{
    private static readonly XNamespace Maml = MamlNamespaces.Maml;
    private static readonly XNamespace Command = MamlNamespaces.Command;
    private static readonly XNamespace Dev = MamlNamespaces.Dev;

    /// <summary>Builds the MAML document for <paramref name="commands"/>, in the order given.</summary>
    public static XDocument Build(IEnumerable<CommandHelp> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var root = new XElement(
            MamlNamespaces.Msh + "helpItems",
            new XAttribute("schema", "maml"),
            commands.Select(BuildCommand));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>Writes <paramref name="document"/> as indented UTF-8 (no byte order mark).</summary>
    public static void Write(XDocument document, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(document);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var writer = XmlWriter.Create(stream, settings);
        document.Save(writer);
    }

    private static XElement BuildCommand(CommandHelp help) =>
        new(
            Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MamlNamespaces.MSHelp),
            new XElement(
                Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Verb),
                new XElement(Command + "noun", help.Noun),
                Description(help.Synopsis)),
            Description(help.Description),
            new XElement(Command + "syntax", help.ParameterSets.Select(set => SyntaxItem(help, set))),
            new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, p.Metadata[0], inSyntax: false))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeEntry(Command + "inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeEntry(Command + "returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", Links(help)));

    private static XElement SyntaxItem(CommandHelp help, string parameterSet)
    {
        // As Get-Command -Syntax orders them: positional parameters by position, then the rest in page order.
        var members = help.Parameters
            .Select(p => (Parameter: p, Metadata: p.Metadata.FirstOrDefault(m => m.AppliesTo(parameterSet))))
            .Where(x => x.Metadata is not null)
            .Select((x, index) => (x.Parameter, Metadata: x.Metadata!, Index: index))
            .OrderBy(x => x.Metadata.Position ?? int.MaxValue)
            .ThenBy(x => x.Index);
        return new XElement(
            Command + "syntaxItem",
            new XElement(Maml + "name", help.Name),
            members.Select(x => Parameter(x.Parameter, x.Metadata, inSyntax: true)));
    }

    private static XElement Parameter(ParameterHelp parameter, ParameterMetadata metadata, bool inSyntax)
    {
        var element = new XElement(
            Command + "parameter",
            new XAttribute("required", Bool(metadata.Required)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Bool(metadata.AcceptsWildcards)),
            new XAttribute("pipelineInput", PipelineText(metadata.PipelineInput)),
            new XAttribute("position", metadata.Position?.ToString(CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", metadata.Aliases.Count == 0 ? "none" : string.Join(", ", metadata.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description));

        if (metadata.AcceptedValues.Count > 0)
        {
            element.Add(new XElement(
                Command + "parameterValueGroup",
                metadata.AcceptedValues.Select(v => new XElement(
                    Command + "parameterValue",
                    new XAttribute("required", "false"),
                    new XAttribute(Command + "variableLength", "false"),
                    v))));
        }

        // A switch takes no value: the syntax line shows [-Name], not [-Name <SwitchParameter>].
        if (!(inSyntax && metadata.IsSwitch))
        {
            element.Add(new XElement(
                Command + "parameterValue",
                new XAttribute("required", Bool(!metadata.IsSwitch)),
                new XAttribute("variableLength", "false"),
                metadata.Type));
        }

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", metadata.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", metadata.DefaultValue));
        return element;
    }

    private static XElement TypeEntry(XName name, TypeHelp type) =>
        new(
            name,
            new XElement(Dev + "type", new XElement(Maml + "name", type.Name)),
            Description(type.Description));

    private static XElement Example(ExampleHelp example)
    {
        var title = example.Title.Length == 0 ? $"Example {example.Number}" : $"Example {example.Number}: {example.Title}";
        var code = example.Output is null ? example.Code : example.Code + "\n\n" + example.Output;
        return new XElement(
            Command + "example",
            new XElement(Maml + "title", $"-------------------------- {title} --------------------------"),
            new XElement(Dev + "code", code),
            // The empty paragraph puts a blank line between the remarks and the next example's title.
            new XElement(Dev + "remarks", Paragraphs(example.Remarks), new XElement(Maml + "para")));
    }

    private static IEnumerable<XElement> Links(CommandHelp help)
    {
        if (help.OnlineVersion is not null)
        {
            yield return Link("Online Version:", help.OnlineVersion);
        }

        foreach (var link in help.RelatedLinks)
        {
            yield return Link(link.Text, link.Uri);
        }
    }

    private static XElement Link(string text, string uri) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    private static XElement Description(IReadOnlyList<TextBlock> text) => new(Maml + "description", Paragraphs(text));

    private static IEnumerable<XElement> Paragraphs(IReadOnlyList<TextBlock> text) =>
        text.Select(block => new XElement(Maml + "para", block.Kind switch
        {
            TextBlockKind.ListItem => new string(' ', 2 * block.Depth) + block.Text,
            _ => block.Text,
        }));

    private static string PipelineText(PipelineInput input) => input switch
    {
        PipelineInput.None => "False",
        PipelineInput.ByValue => "True (ByValue)",
        PipelineInput.ByPropertyName => "True (ByPropertyName)",
        _ => "True (ByPropertyName, ByValue)",
    };

    private static string Bool(bool value) => value ? "true" : "false";
}
