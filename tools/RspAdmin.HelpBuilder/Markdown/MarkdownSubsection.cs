using Markdig.Syntax;

namespace RspAdmin.HelpBuilder.Markdown;

/// <summary>A level-3 heading and the blocks up to the next heading.</summary>
/// <param name="Heading">The heading's plain text.</param>
/// <param name="Line">The 1-based line of the heading.</param>
/// <param name="Blocks">The blocks under the heading.</param>
public sealed record MarkdownSubsection(string Heading, int Line, IReadOnlyList<Block> Blocks);
