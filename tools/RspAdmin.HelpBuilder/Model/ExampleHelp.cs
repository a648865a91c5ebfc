namespace RspAdmin.HelpBuilder.Model;

/// <summary>One example of a command's EXAMPLES section.</summary>
/// <param name="Number">The example's number, counting from 1.</param>
/// <param name="Title">The title after <c>Example N:</c>, or empty.</param>
/// <param name="Code">The PowerShell code of the example, without prompts.</param>
/// <param name="Output">
/// The output the code writes, from the fenced <c>output</c> block that directly follows the code;
/// null when the page shows none (the example then writes nothing).
/// </param>
/// <param name="Remarks">The explanation: text before the code, then text after it.</param>
/// <param name="Line">The 1-based line of the example's heading.</param>
public sealed record ExampleHelp(int Number, string Title, string Code, string? Output, IReadOnlyList<TextBlock> Remarks, int Line);
