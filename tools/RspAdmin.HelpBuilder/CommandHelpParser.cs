using System.Globalization;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using RspAdmin.HelpBuilder.Markdown;
using RspAdmin.HelpBuilder.Model;

namespace RspAdmin.HelpBuilder;

/// <summary>
/// Reads a command's help page written in platyPS schema 2.0.0 markdown: front matter, <c># Verb-Noun</c>,
/// then the sections SYNOPSIS, SYNTAX, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES and
/// RELATED LINKS. Anything else is an error naming the file and line.
/// </summary>
/// <remarks>
/// Examples: <c>### Example N: title</c>, one fenced <c>powershell</c> block, then optionally a
/// fenced <c>output</c> block with exactly what the code writes, then remarks. Parameters:
/// <c>### -Name</c>, a description and a fenced <c>yaml</c> metadata block (more than one when the
/// binding differs between parameter sets); <c>### CommonParameters</c> marks common parameter support.
/// </remarks>
public sealed partial class CommandHelpParser
{
    private const string Synopsis = "SYNOPSIS";
    private const string Syntax = "SYNTAX";
    private const string Description = "DESCRIPTION";
    private const string Examples = "EXAMPLES";
    private const string Parameters = "PARAMETERS";
    private const string Inputs = "INPUTS";
    private const string Outputs = "OUTPUTS";
    private const string Notes = "NOTES";
    private const string RelatedLinks = "RELATED LINKS";

    /// <summary>The sections every page has, in their usual order.</summary>
    public static readonly IReadOnlyList<string> SectionNames =
        new[] { Synopsis, Syntax, Description, Examples, Parameters, Inputs, Outputs, Notes, RelatedLinks };

    private static readonly string[] RequiredMetadataKeys =
    {
        "Type", "Parameter Sets", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters",
    };

    private static readonly string[] OptionalMetadataKeys = { "Aliases", "Accepted values", "Applicable" };

    private readonly string _helpFileName;

    /// <summary>Creates a parser for pages whose front matter must name <paramref name="helpFileName"/>.</summary>
    /// <param name="helpFileName">The MAML file the pages are compiled into, e.g. <c>RspAdmin.Cmdlets.dll-Help.xml</c>.</param>
    public CommandHelpParser(string helpFileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(helpFileName);
        _helpFileName = helpFileName;
    }

    /// <summary>Reads the help page <paramref name="markdown"/>, read from <paramref name="path"/>.</summary>
    /// <exception cref="HelpSourceException">The page does not follow the format.</exception>
    public CommandHelp Parse(string path, string markdown)
    {
        var outline = MarkdownOutline.Parse(path, markdown);
        var (moduleName, onlineVersion) = ReadFrontMatter(outline);

        var name = outline.Title;
        var expectedName = System.IO.Path.GetFileNameWithoutExtension(path);
        if (!CommandNamePattern().IsMatch(name))
        {
            throw Error("Help.TitleMismatch", path, outline.TitleLine, $"the title '{name}' is not a command name of the form Verb-Noun.");
        }

        if (!string.Equals(name, expectedName, StringComparison.Ordinal))
        {
            throw Error("Help.TitleMismatch", path, outline.TitleLine, $"the title '{name}' does not match the file name '{expectedName}.md'.");
        }

        var sections = IndexSections(outline);
        var parameterSets = ReadSyntax(path, sections[Syntax]);
        var (parameters, common) = ReadParameters(path, sections[Parameters], parameterSets);
        return new CommandHelp
        {
            SourcePath = path,
            Name = name,
            ModuleName = moduleName,
            OnlineVersion = onlineVersion,
            Synopsis = ReadText(path, sections[Synopsis]),
            ParameterSets = parameterSets,
            Description = ReadText(path, sections[Description]),
            Examples = ReadExamples(path, sections[Examples]),
            Parameters = parameters,
            SupportsCommonParameters = common,
            Inputs = ReadTypes(path, sections[Inputs]),
            Outputs = ReadTypes(path, sections[Outputs]),
            Notes = ReadText(path, sections[Notes]),
            RelatedLinks = ReadLinks(path, sections[RelatedLinks]),
        };
    }

    private (string ModuleName, string? OnlineVersion) ReadFrontMatter(MarkdownOutline outline)
    {
        var path = outline.Path;
        if (outline.FrontMatter is null)
        {
            throw Error("Help.MissingFrontMatter", path, 1, "the page does not start with YAML front matter between '---' lines.");
        }

        var entries = YamlMapping.Parse(outline.FrontMatter, path, outline.FrontMatterLine, "Help.BadFrontMatter", "front matter");
        string Required(string key)
        {
            var entry = entries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
            if (entry is null || entry.Value.Length == 0)
            {
                throw Error("Help.BadFrontMatter", path, outline.FrontMatterLine, $"the front matter has no '{key}'.");
            }

            return entry.Value;
        }

        var schema = Required("schema");
        if (schema != "2.0.0")
        {
            throw Error("Help.BadFrontMatter", path, Find(entries, "schema").Line, $"schema '{schema}' is not supported; pages use platyPS schema 2.0.0.");
        }

        var helpFile = Required("external help file");
        if (!string.Equals(helpFile, _helpFileName, StringComparison.Ordinal))
        {
            throw Error(
                "Help.BadFrontMatter",
                path,
                Find(entries, "external help file").Line,
                $"'external help file' is '{helpFile}', but the help is compiled into '{_helpFileName}'.");
        }

        var moduleName = Required("Module Name");
        var online = entries.FirstOrDefault(e => string.Equals(e.Key, "online version", StringComparison.OrdinalIgnoreCase))?.Value;
        if (!string.IsNullOrEmpty(online) && !MarkdownText.IsAbsoluteUri(online))
        {
            throw Error("Help.BadFrontMatter", path, Find(entries, "online version").Line, $"'online version' must be an absolute http(s) address, not '{online}'.");
        }

        return (moduleName, string.IsNullOrEmpty(online) ? null : online);
    }

    private static YamlEntry Find(IReadOnlyList<YamlEntry> entries, string key) =>
        entries.First(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    private static Dictionary<string, MarkdownSection> IndexSections(MarkdownOutline outline)
    {
        var path = outline.Path;
        var sections = new Dictionary<string, MarkdownSection>(StringComparer.Ordinal);
        foreach (var section in outline.Sections)
        {
            var key = section.Heading.ToUpperInvariant();
            if (!SectionNames.Contains(key))
            {
                throw Error(
                    "Help.UnknownHeading",
                    path,
                    section.Line,
                    $"unknown section '## {section.Heading}'; a command page has {string.Join(", ", SectionNames)}.");
            }

            if (!sections.TryAdd(key, section))
            {
                throw Error("Help.DuplicateSection", path, section.Line, $"'## {section.Heading}' appears twice (first on line {sections[key].Line}).");
            }
        }

        foreach (var name in SectionNames)
        {
            if (!sections.ContainsKey(name))
            {
                throw Error("Help.MissingSection", path, outline.TitleLine, $"the page has no '## {name}' section.");
            }
        }

        return sections;
    }

    private static IReadOnlyList<TextBlock> ReadText(string path, MarkdownSection section)
    {
        NoSubsections(path, section);
        return MarkdownText.Blocks(section.Body, path);
    }

    private static void NoSubsections(string path, MarkdownSection section)
    {
        if (section.Subsections.Count > 0)
        {
            var sub = section.Subsections[0];
            throw Error("Help.UnknownHeading", path, sub.Line, $"'## {section.Heading}' has no subsections, but '### {sub.Heading}' is one.");
        }
    }

    private static void NoBody(string path, MarkdownSection section, string expected)
    {
        var stray = section.Body.FirstOrDefault(b => b is not LinkReferenceDefinitionGroup);
        if (stray is not null)
        {
            throw Error("Help.UnexpectedContent", path, stray.Line + 1, $"text directly under '## {section.Heading}'; it belongs under {expected}.");
        }
    }

    private static IReadOnlyList<string> ReadSyntax(string path, MarkdownSection section)
    {
        if (section.Subsections.Count == 0)
        {
            // One parameter set: platyPS writes the syntax block straight under the heading.
            SingleSyntaxBlock(path, section.Body, section.Line, "## SYNTAX");
            return new[] { CommandHelp.DefaultParameterSetName };
        }

        NoBody(path, section, "a '### ParameterSetName' heading");
        var names = new List<string>();
        foreach (var set in section.Subsections)
        {
            var name = set.Heading.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase)
                ? set.Heading[..^"(Default)".Length].Trim()
                : set.Heading;
            if (name.Length == 0 || name.Contains(' ', StringComparison.Ordinal) || name.Contains(',', StringComparison.Ordinal))
            {
                throw Error("Help.UnknownHeading", path, set.Line, $"'### {set.Heading}' is not a parameter set name.");
            }

            if (names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw Error("Help.DuplicateSection", path, set.Line, $"parameter set '{name}' is listed twice.");
            }

            SingleSyntaxBlock(path, set.Blocks, set.Line, $"'### {set.Heading}'");
            names.Add(name);
        }

        return names;
    }

    private static void SingleSyntaxBlock(string path, IReadOnlyList<Block> blocks, int headingLine, string where)
    {
        var code = blocks.OfType<FencedCodeBlock>().ToList();
        var other = blocks.FirstOrDefault(b => b is not FencedCodeBlock && b is not LinkReferenceDefinitionGroup);
        if (other is not null)
        {
            throw Error("Help.UnexpectedContent", path, other.Line + 1, $"{where} holds only a fenced block with the command's syntax.");
        }

        if (code.Count != 1)
        {
            throw Error("Help.BadSyntax", path, code.Count == 0 ? headingLine : code[1].Line + 1, $"{where} needs exactly one fenced block with the command's syntax.");
        }
    }

    private static IReadOnlyList<ExampleHelp> ReadExamples(string path, MarkdownSection section)
    {
        NoBody(path, section, "a '### Example N: title' heading");
        if (section.Subsections.Count == 0)
        {
            throw Error("Help.BadExample", path, section.Line, "'## EXAMPLES' has no example ('### Example 1: title').");
        }

        var examples = new List<ExampleHelp>();
        foreach (var sub in section.Subsections)
        {
            var match = ExampleHeadingPattern().Match(sub.Heading);
            if (!match.Success)
            {
                throw Error("Help.UnknownHeading", path, sub.Line, $"'### {sub.Heading}' is not an example heading; write '### Example {examples.Count + 1}: title'.");
            }

            var number = int.Parse(match.Groups["number"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
            if (number != examples.Count + 1)
            {
                throw Error("Help.BadExample", path, sub.Line, $"example {number} should be numbered {examples.Count + 1}.");
            }

            examples.Add(ReadExample(path, sub, number, match.Groups["title"].Value.Trim()));
        }

        return examples;
    }

    private static ExampleHelp ReadExample(string path, MarkdownSubsection sub, int number, string title)
    {
        var blocks = sub.Blocks;
        var codeIndex = -1;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is FencedCodeBlock)
            {
                codeIndex = i;
                break;
            }
        }

        if (codeIndex < 0 || !IsInfo(blocks[codeIndex], "powershell"))
        {
            var line = codeIndex < 0 ? sub.Line : blocks[codeIndex].Line + 1;
            throw Error("Help.BadExample", path, line, $"example {number} needs a fenced 'powershell' block as its first code block.");
        }

        var codeBlock = (FencedCodeBlock)blocks[codeIndex];
        var code = MarkdownText.Code(codeBlock);
        if (code.Trim().Length == 0)
        {
            throw Error("Help.BadExample", path, codeBlock.Line + 1, $"the code of example {number} is empty.");
        }

        string? output = null;
        var remarksStart = codeIndex + 1;
        if (remarksStart < blocks.Count && IsInfo(blocks[remarksStart], "output"))
        {
            output = MarkdownText.Code((FencedCodeBlock)blocks[remarksStart]);
            remarksStart++;
        }

        var after = blocks.Skip(remarksStart).ToList();
        var misplaced = after.FirstOrDefault(b => IsInfo(b, "powershell") || IsInfo(b, "output"));
        if (misplaced is not null)
        {
            throw Error(
                "Help.BadExample",
                path,
                misplaced.Line + 1,
                $"example {number} has one 'powershell' block, and its 'output' block, if any, directly follows it.");
        }

        var remarks = MarkdownText.Blocks(blocks.Take(codeIndex).Concat(after), path);
        return new ExampleHelp(number, title, code, output, remarks, sub.Line);
    }

    private static bool IsInfo(Block block, string info) =>
        block is FencedCodeBlock fenced && string.Equals(fenced.Info, info, StringComparison.OrdinalIgnoreCase);

    private static (IReadOnlyList<ParameterHelp> Parameters, bool Common) ReadParameters(string path, MarkdownSection section, IReadOnlyList<string> parameterSets)
    {
        NoBody(path, section, "a '### -Name' heading");
        var parameters = new List<ParameterHelp>();
        var common = false;
        foreach (var sub in section.Subsections)
        {
            if (sub.Heading is "CommonParameters" or "<CommonParameters>")
            {
                common = true;
                continue;
            }

            var match = ParameterHeadingPattern().Match(sub.Heading);
            if (!match.Success)
            {
                throw Error("Help.UnknownHeading", path, sub.Line, $"'### {sub.Heading}' is not a parameter heading; write '### -Name' or '### CommonParameters'.");
            }

            var name = match.Groups["name"].Value;
            var previous = parameters.Find(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (previous is not null)
            {
                throw Error("Help.DuplicateParameter", path, sub.Line, $"parameter -{name} is already described on line {previous.Line}.");
            }

            var metadata = sub.Blocks.Where(b => IsInfo(b, "yaml")).Select(b => ReadMetadata(path, (FencedCodeBlock)b, name, parameterSets)).ToList();
            if (metadata.Count == 0)
            {
                throw Error("Help.BadParameterMetadata", path, sub.Line, $"parameter -{name} has no fenced 'yaml' metadata block.");
            }

            var description = MarkdownText.Blocks(sub.Blocks.Where(b => !IsInfo(b, "yaml")), path);
            parameters.Add(new ParameterHelp(name, description, metadata, sub.Line));
        }

        return (parameters, common);
    }

    private static ParameterMetadata ReadMetadata(string path, FencedCodeBlock block, string parameter, IReadOnlyList<string> parameterSets)
    {
        var firstLine = block.Line + 2; // the line after the opening fence
        var what = $"metadata of -{parameter}";
        var entries = YamlMapping.Parse(MarkdownText.Code(block), path, firstLine, "Help.BadParameterMetadata", what);
        foreach (var entry in entries)
        {
            if (!RequiredMetadataKeys.Concat(OptionalMetadataKeys).Contains(entry.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw Error("Help.BadParameterMetadata", path, entry.Line, $"unknown key '{entry.Key}' in the {what}.");
            }
        }

        YamlEntry Get(string key) =>
            entries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase))
            ?? throw Error("Help.BadParameterMetadata", path, firstLine, $"the {what} has no '{key}'.");

        string Value(string key)
        {
            var entry = Get(key);
            return entry.Value.Length > 0 ? entry.Value : throw Error("Help.BadParameterMetadata", path, entry.Line, $"'{key}' of -{parameter} is empty.");
        }

        bool Boolean(string key)
        {
            var entry = Get(key);
            return entry.Value.ToUpperInvariant() switch
            {
                "TRUE" => true,
                "FALSE" => false,
                _ => throw Error("Help.BadParameterMetadata", path, entry.Line, $"'{key}' of -{parameter} is '{entry.Value}'; write True or False."),
            };
        }

        var position = Get("Position");
        int? positionValue = null;
        if (!string.Equals(position.Value, "Named", StringComparison.OrdinalIgnoreCase))
        {
            positionValue = int.TryParse(position.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                ? p
                : throw Error("Help.BadParameterMetadata", path, position.Line, $"'Position' of -{parameter} is '{position.Value}'; write a number from 0 or Named.");
        }

        var pipeline = Get("Accept pipeline input");
        var pipelineInput = ReadPipelineInput(pipeline.Value)
            ?? throw Error(
                "Help.BadParameterMetadata",
                path,
                pipeline.Line,
                $"'Accept pipeline input' of -{parameter} is '{pipeline.Value}'; write False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue).");

        var setsEntry = Get("Parameter Sets");
        var sets = SplitList(Value("Parameter Sets"));
        foreach (var set in sets)
        {
            var known = set == ParameterMetadata.AllParameterSets || parameterSets.Contains(set, StringComparer.OrdinalIgnoreCase);
            if (!known)
            {
                throw Error(
                    "Help.BadParameterMetadata",
                    path,
                    setsEntry.Line,
                    $"-{parameter} names parameter set '{set}', which '## SYNTAX' does not list ({string.Join(", ", parameterSets)}).");
            }
        }

        return new ParameterMetadata
        {
            Type = Value("Type"),
            ParameterSets = sets,
            Aliases = SplitList(entries.FirstOrDefault(e => string.Equals(e.Key, "Aliases", StringComparison.OrdinalIgnoreCase))?.Value ?? string.Empty),
            AcceptedValues = SplitList(entries.FirstOrDefault(e => string.Equals(e.Key, "Accepted values", StringComparison.OrdinalIgnoreCase))?.Value ?? string.Empty),
            Required = Boolean("Required"),
            Position = positionValue,
            DefaultValue = Value("Default value"),
            PipelineInput = pipelineInput,
            AcceptsWildcards = Boolean("Accept wildcard characters"),
        };
    }

    private static PipelineInput? ReadPipelineInput(string text)
    {
        if (string.Equals(text, "False", StringComparison.OrdinalIgnoreCase))
        {
            return PipelineInput.None;
        }

        var match = PipelineInputPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var result = PipelineInput.None;
        foreach (var kind in SplitList(match.Groups["kinds"].Value))
        {
            var flag = Enum.Parse<PipelineInput>(kind, ignoreCase: true);
            if ((result & flag) != 0)
            {
                return null;
            }

            result |= flag;
        }

        return result;
    }

    private static IReadOnlyList<string> SplitList(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static IReadOnlyList<TypeHelp> ReadTypes(string path, MarkdownSection section)
    {
        NoBody(path, section, "a '### TypeName' heading");
        return section.Subsections.Select(s => new TypeHelp(s.Heading, MarkdownText.Blocks(s.Blocks, path))).ToList();
    }

    private static IReadOnlyList<RelatedLink> ReadLinks(string path, MarkdownSection section)
    {
        NoSubsections(path, section);
        var links = new List<RelatedLink>();
        foreach (var block in section.Body.SelectMany(Descendants))
        {
            if (block is not ParagraphBlock { Inline: { } inline } paragraph)
            {
                continue;
            }

            var found = false;
            foreach (var link in inline.Descendants<Markdig.Syntax.Inlines.LinkInline>().Where(l => !l.IsImage))
            {
                found = true;
                var text = MarkdownText.Inline(link, path, paragraph.Line + 1);
                links.Add(new RelatedLink(text, MarkdownText.IsAbsoluteUri(link.Url) ? link.Url! : string.Empty));
            }

            if (!found)
            {
                // A bare topic name, e.g. about_RspAdmin.
                links.Add(new RelatedLink(MarkdownText.Inline(inline, path, paragraph.Line + 1), string.Empty));
            }
        }

        var stray = section.Body.SelectMany(Descendants).FirstOrDefault(b => b is not (ParagraphBlock or ListBlock or ListItemBlock or LinkReferenceDefinitionGroup or LinkReferenceDefinition));
        if (stray is not null)
        {
            throw Error("Help.UnexpectedContent", path, stray.Line + 1, "'## RELATED LINKS' holds links ('[text](address)') or topic names only.");
        }

        return links;
    }

    private static IEnumerable<Block> Descendants(Block block)
    {
        yield return block;
        if (block is ContainerBlock container)
        {
            foreach (var child in container.SelectMany(Descendants))
            {
                yield return child;
            }
        }
    }

    private static HelpSourceException Error(string id, string path, int line, string message) => new(id, path, line, message);

    [GeneratedRegex(@"\A[A-Za-z]+-[A-Za-z0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex CommandNamePattern();

    [GeneratedRegex(@"\AExample (?<number>[0-9]+)(?:\s*[:\-]\s*(?<title>.*))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex ExampleHeadingPattern();

    [GeneratedRegex(@"\A-(?<name>[A-Za-z][A-Za-z0-9_]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterHeadingPattern();

    [GeneratedRegex(@"\ATrue \((?<kinds>(?:ByValue|ByPropertyName)(?:, ?(?:ByValue|ByPropertyName))?)\)\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PipelineInputPattern();
}
