using System.Text;
using RspAdmin.HelpBuilder.Markdown;
using RspAdmin.HelpBuilder.Model;

namespace RspAdmin.HelpBuilder.About;

/// <summary>
/// Converts a conceptual help page (<c>about_Name.md</c>) into the plain text <c>about_Name.help.txt</c>
/// that <c>Get-Help about_Name</c> shows.
/// </summary>
/// <remarks>
/// The page is <c># about_Name</c>, then <c>## SHORT DESCRIPTION</c> (one paragraph), then
/// <c>## LONG DESCRIPTION</c>, then any further sections (<c>## SEE ALSO</c>, ...); level-3 headings
/// divide a section. Front matter is optional and ignored. The text starts
/// <c>TOPIC / about_Name / (blank) / SHORT DESCRIPTION / summary</c> because PowerShell takes the
/// fifth line of the file as the topic's synopsis.
/// </remarks>
public static class AboutTopicConverter
{
    /// <summary>The column text is wrapped at.</summary>
    public const int Width = 80;

    private const string ShortDescription = "SHORT DESCRIPTION";
    private const string LongDescription = "LONG DESCRIPTION";

    /// <summary>The text of the topic in <paramref name="markdown"/>, read from <paramref name="path"/>.</summary>
    /// <exception cref="HelpSourceException">The page does not follow the layout above.</exception>
    public static string Convert(string path, string markdown)
    {
        var outline = MarkdownOutline.Parse(path, markdown);
        if (outline.FrontMatter is not null)
        {
            YamlMapping.Parse(outline.FrontMatter, path, outline.FrontMatterLine, "Help.BadFrontMatter", "front matter");
        }

        var expected = Path.GetFileNameWithoutExtension(path);
        if (!string.Equals(outline.Title, expected, StringComparison.Ordinal) || !expected.StartsWith("about_", StringComparison.Ordinal))
        {
            throw new HelpSourceException("Help.TitleMismatch", path, outline.TitleLine, $"the title '{outline.Title}' must be the topic name '{expected}', which starts with 'about_'.");
        }

        string[] required = { ShortDescription, LongDescription };
        for (var i = 0; i < required.Length; i++)
        {
            if (outline.Sections.Count <= i || !string.Equals(outline.Sections[i].Heading, required[i], StringComparison.OrdinalIgnoreCase))
            {
                var line = outline.Sections.Count > i ? outline.Sections[i].Line : outline.TitleLine;
                throw new HelpSourceException("Help.MissingSection", path, line, $"section {i + 1} of an about topic must be '## {required[i]}'.");
            }
        }

        var duplicate = outline.Sections
            .GroupBy(s => s.Heading.ToUpperInvariant())
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var second = duplicate.Skip(1).First();
            throw new HelpSourceException("Help.DuplicateSection", path, second.Line, $"'## {second.Heading}' appears twice.");
        }

        var summary = outline.Sections[0];
        var summaryText = MarkdownText.Blocks(summary.Body, path);
        if (summary.Subsections.Count > 0 || summaryText.Count != 1 || summaryText[0].Kind != TextBlockKind.Paragraph)
        {
            throw new HelpSourceException("Help.BadAbout", path, summary.Line, "'## SHORT DESCRIPTION' is a single paragraph: Get-Help shows it as the topic's synopsis.");
        }

        var output = new StringBuilder();
        output.Append("TOPIC\n    ").Append(outline.Title).Append("\n\n");
        output.Append(ShortDescription).Append("\n    ").Append(summaryText[0].Text.Replace('\n', ' ')).Append('\n');
        foreach (var section in outline.Sections.Skip(1))
        {
            output.Append('\n').Append(section.Heading.ToUpperInvariant()).Append('\n');
            AppendBlocks(output, MarkdownText.Blocks(section.Body, path));
            foreach (var sub in section.Subsections)
            {
                output.Append('\n').Append("  ").Append(sub.Heading).Append('\n');
                AppendBlocks(output, MarkdownText.Blocks(sub.Blocks, path));
            }
        }

        return output.ToString();
    }

    private static void AppendBlocks(StringBuilder output, IReadOnlyList<TextBlock> blocks)
    {
        TextBlock? previous = null;
        foreach (var block in blocks)
        {
            // Items of one list stay together; everything else is separated by a blank line.
            var sameList = previous?.Kind == TextBlockKind.ListItem && block.Kind == TextBlockKind.ListItem;
            if (previous is not null && !sameList)
            {
                output.Append('\n');
            }

            switch (block.Kind)
            {
                case TextBlockKind.Code:
                    foreach (var line in block.Text.Split('\n'))
                    {
                        output.Append((new string(' ', 8) + line).TrimEnd()).Append('\n');
                    }

                    break;
                case TextBlockKind.ListItem:
                    var indent = new string(' ', 4 + (2 * block.Depth));
                    var marker = block.Text.Split(' ', 2)[0];
                    TextWrapper.Append(output, block.Text, indent, indent + new string(' ', marker.Length + 1), Width);
                    break;
                default:
                    TextWrapper.Append(output, block.Text, "    ", "    ", Width);
                    break;
            }

            previous = block;
        }
    }
}
