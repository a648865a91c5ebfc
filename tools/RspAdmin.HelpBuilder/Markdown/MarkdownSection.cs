using Markdig.Syntax;

namespace RspAdmin.HelpBuilder.Markdown;

/// <summary>A level-2 heading, the blocks before its first level-3 heading, and its level-3 subsections.</summary>
/// <param name="Heading">The heading's plain text.</param>
/// <param name="Line">The 1-based line of the heading.</param>
/// <param name="Body">The blocks between the heading and its first subsection.</param>
/// <param name="Subsections">The level-3 subsections, in order.</param>
public sealed record MarkdownSection(string Heading, int Line, IReadOnlyList<Block> Body, IReadOnlyList<MarkdownSubsection> Subsections);
