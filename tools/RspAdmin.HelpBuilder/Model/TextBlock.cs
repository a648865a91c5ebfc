namespace RspAdmin.HelpBuilder.Model;

/// <summary>One block of plain help text taken from markdown: a paragraph, a list item or code.</summary>
/// <param name="Kind">How the block is laid out.</param>
/// <param name="Text">The text, without markdown markup; code keeps its line breaks.</param>
/// <param name="Depth">Nesting depth of a list item (0 for top-level items and other blocks).</param>
public sealed record TextBlock(TextBlockKind Kind, string Text, int Depth = 0);
