using System.Text;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using RspAdmin.HelpBuilder.Model;

namespace RspAdmin.HelpBuilder.Markdown;

/// <summary>
/// Turns markdown blocks into plain help text: paragraphs re-flowed to one line, list items with
/// their markers, code kept line for line. Inline markup (emphasis, code spans, links) is reduced to
/// its text; an absolute link keeps its address in parentheses.
/// </summary>
public static partial class MarkdownText
{
    /// <summary>The plain text of a heading's, paragraph's or link's inlines.</summary>
    public static string Inline(ContainerInline? inline, string path, int line)
    {
        var builder = new StringBuilder();
        if (inline is not null)
        {
            // The children only: a link's own text, without its address.
            foreach (var child in inline)
            {
                AppendInline(builder, child);
            }
        }

        var text = builder.ToString().Trim();
        CheckPlaceholder(text, path, line);
        return text;
    }

    /// <summary>The plain text blocks of <paramref name="blocks"/>.</summary>
    /// <exception cref="HelpSourceException">A block cannot be shown as plain text (HTML, a heading inside a list, ...).</exception>
    public static IReadOnlyList<TextBlock> Blocks(IEnumerable<Block> blocks, string path)
    {
        var result = new List<TextBlock>();
        foreach (var block in blocks)
        {
            AddBlock(result, block, path, depth: 0);
        }

        return result;
    }

    /// <summary>The text of a code block, line for line, without a trailing line break.</summary>
    public static string Code(LeafBlock block) => block.Lines.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');

    private static void AddBlock(List<TextBlock> result, Block block, string path, int depth)
    {
        var line = block.Line + 1;
        switch (block)
        {
            case ParagraphBlock paragraph:
                result.Add(new TextBlock(TextBlockKind.Paragraph, Inline(paragraph.Inline, path, line)));
                break;

            case CodeBlock code: // fenced and indented
                result.Add(new TextBlock(TextBlockKind.Code, Code(code)));
                break;

            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var marker = list.IsOrdered ? $"{number++}{list.OrderedDelimiter}" : "-";
                    AddListItem(result, item, marker, path, depth);
                }

                break;

            case QuoteBlock quote:
                foreach (var child in quote)
                {
                    AddBlock(result, child, path, depth);
                }

                break;

            case ThematicBreakBlock:
            case LinkReferenceDefinitionGroup:
            case BlankLineBlock:
                break;

            default:
                throw new HelpSourceException(
                    "Help.UnsupportedMarkdown",
                    path,
                    line,
                    $"{Describe(block)} cannot be shown by Get-Help; use paragraphs, lists and fenced code blocks.");
        }
    }

    private static void AddListItem(List<TextBlock> result, ListItemBlock item, string marker, string path, int depth)
    {
        // The item's paragraphs become one line of text; nested lists and code follow it.
        var text = new StringBuilder(marker);
        var nested = new List<Block>();
        foreach (var child in item)
        {
            if (child is ParagraphBlock paragraph && nested.Count == 0)
            {
                text.Append(' ').Append(Inline(paragraph.Inline, path, paragraph.Line + 1));
            }
            else
            {
                nested.Add(child);
            }
        }

        result.Add(new TextBlock(TextBlockKind.ListItem, text.ToString(), depth));
        foreach (var child in nested)
        {
            AddBlock(result, child, path, child is ListBlock ? depth + 1 : depth);
        }
    }

    private static void AppendInline(StringBuilder builder, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                builder.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                builder.Append(code.Content);
                break;
            case LineBreakInline lineBreak:
                builder.Append(lineBreak.IsHard ? '\n' : ' ');
                break;
            case AutolinkInline autolink:
                builder.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                builder.Append(entity.Transcoded.ToString());
                break;
            case HtmlInline html:
                builder.Append(html.Tag);
                break;
            case LinkInline link:
                var start = builder.Length;
                foreach (var child in link)
                {
                    AppendInline(builder, child);
                }

                var label = builder.ToString(start, builder.Length - start);
                if (!link.IsImage && IsAbsoluteUri(link.Url) && !string.Equals(label, link.Url, StringComparison.Ordinal))
                {
                    builder.Append(" (").Append(link.Url).Append(')');
                }

                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendInline(builder, child);
                }

                break;
            default:
                builder.Append(inline.ToString());
                break;
        }
    }

    /// <summary>True for an absolute http(s) address.</summary>
    public static bool IsAbsoluteUri(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static void CheckPlaceholder(string text, string path, int line)
    {
        var match = PlaceholderPattern().Match(text);
        if (match.Success)
        {
            throw new HelpSourceException("Help.Placeholder", path, line, $"the template placeholder '{match.Value}' was never filled in.");
        }
    }

    private static string Describe(Block block) => block switch
    {
        HtmlBlock => "an HTML block",
        HeadingBlock => "a heading inside another block",
        _ => $"a {block.GetType().Name}",
    };

    [GeneratedRegex(@"\{\{.*?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
