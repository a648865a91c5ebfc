using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace RspAdmin.HelpBuilder.Markdown;

/// <summary>
/// The heading structure of a help page: optional YAML front matter, one level-1 title, then
/// level-2 sections holding level-3 subsections. Deeper headings, a second title or text before the
/// title are errors, reported with the file and line.
/// </summary>
public sealed class MarkdownOutline
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    private MarkdownOutline(string path, string? frontMatter, int frontMatterLine, string title, int titleLine, IReadOnlyList<MarkdownSection> sections)
    {
        Path = path;
        FrontMatter = frontMatter;
        FrontMatterLine = frontMatterLine;
        Title = title;
        TitleLine = titleLine;
        Sections = sections;
    }

    /// <summary>The file the outline was read from.</summary>
    public string Path { get; }

    /// <summary>The YAML between the <c>---</c> fences, or null when the page has no front matter.</summary>
    public string? FrontMatter { get; }

    /// <summary>The 1-based line of the first line of YAML inside the front matter.</summary>
    public int FrontMatterLine { get; }

    /// <summary>The text of the level-1 heading.</summary>
    public string Title { get; }

    /// <summary>The 1-based line of the level-1 heading.</summary>
    public int TitleLine { get; }

    /// <summary>The level-2 sections, in page order.</summary>
    public IReadOnlyList<MarkdownSection> Sections { get; }

    /// <summary>Parses <paramref name="markdown"/> read from <paramref name="path"/>.</summary>
    /// <exception cref="HelpSourceException">The page's headings are not laid out as a help page's.</exception>
    public static MarkdownOutline Parse(string path, string markdown)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdig.Markdown.Parse(markdown, Pipeline);

        string? frontMatter = null;
        var frontMatterLine = 0;
        string? title = null;
        var titleLine = 0;
        var sections = new List<MarkdownSection>();

        // The section being filled: its heading, body, finished subsections, and the open subsection.
        string? sectionHeading = null;
        var sectionLine = 0;
        var sectionBody = new List<Block>();
        var subsections = new List<MarkdownSubsection>();
        string? subHeading = null;
        var subLine = 0;
        var subBlocks = new List<Block>();

        void CloseSubsection()
        {
            if (subHeading is not null)
            {
                subsections.Add(new MarkdownSubsection(subHeading, subLine, subBlocks));
                subHeading = null;
                subBlocks = new List<Block>();
            }
        }

        void CloseSection()
        {
            CloseSubsection();
            if (sectionHeading is not null)
            {
                sections.Add(new MarkdownSection(sectionHeading, sectionLine, sectionBody, subsections));
                sectionHeading = null;
                sectionBody = new List<Block>();
                subsections = new List<MarkdownSubsection>();
            }
        }

        foreach (var block in document)
        {
            var line = block.Line + 1;
            switch (block)
            {
                case YamlFrontMatterBlock yaml:
                    (frontMatter, frontMatterLine) = ReadFrontMatter(markdown, yaml);
                    break;

                case HeadingBlock { Level: 1 } heading:
                    if (title is not null)
                    {
                        throw new HelpSourceException("Help.DuplicateTitle", path, line, $"a page has one level-1 heading; '{title}' is already the title on line {titleLine}.");
                    }

                    title = MarkdownText.Inline(heading.Inline, path, line);
                    titleLine = line;
                    break;

                case HeadingBlock { Level: 2 } heading:
                    RequireTitle(path, title, line);
                    CloseSection();
                    sectionHeading = MarkdownText.Inline(heading.Inline, path, line);
                    sectionLine = line;
                    break;

                case HeadingBlock { Level: 3 } heading:
                    RequireTitle(path, title, line);
                    var text = MarkdownText.Inline(heading.Inline, path, line);
                    if (sectionHeading is null)
                    {
                        throw new HelpSourceException("Help.UnknownHeading", path, line, $"the level-3 heading '{text}' is not inside a level-2 section.");
                    }

                    CloseSubsection();
                    subHeading = text;
                    subLine = line;
                    break;

                case HeadingBlock heading:
                    throw new HelpSourceException(
                        "Help.UnknownHeading",
                        path,
                        line,
                        $"level-{heading.Level} heading '{MarkdownText.Inline(heading.Inline, path, line)}': help pages use headings of levels 1 to 3 only.");

                case LinkReferenceDefinitionGroup:
                    break;

                default:
                    if (sectionHeading is null)
                    {
                        if (block is ThematicBreakBlock)
                        {
                            break;
                        }

                        throw new HelpSourceException(
                            "Help.UnexpectedContent",
                            path,
                            line,
                            title is null ? "text before the page's level-1 title." : "text between the title and the first level-2 section.");
                    }

                    (subHeading is null ? sectionBody : subBlocks).Add(block);
                    break;
            }
        }

        CloseSection();
        if (title is null)
        {
            throw new HelpSourceException("Help.MissingTitle", path, 1, "the page has no level-1 title ('# Name').");
        }

        return new MarkdownOutline(path, frontMatter, frontMatterLine, title, titleLine, sections);
    }

    private static void RequireTitle(string path, string? title, int line)
    {
        if (title is null)
        {
            throw new HelpSourceException("Help.MissingTitle", path, line, "a section comes before the page's level-1 title ('# Name').");
        }
    }

    private static (string Yaml, int FirstLine) ReadFrontMatter(string markdown, YamlFrontMatterBlock block)
    {
        // The block spans the fences; the YAML is what lies between them.
        var lines = markdown.Substring(block.Span.Start, block.Span.Length).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[0].TrimEnd() == "---")
        {
            lines.RemoveAt(0);
        }

        if (lines.Count > 0 && lines[^1].TrimEnd() is "---" or "...")
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return (string.Join('\n', lines), block.Line + 2);
    }
}
