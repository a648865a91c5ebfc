namespace RspAdmin.HelpBuilder.Model;

/// <summary>A type a command accepts from the pipeline (INPUTS) or writes (OUTPUTS).</summary>
/// <param name="Name">The type name, e.g. <c>System.String</c>.</param>
/// <param name="Description">What the command does with it or when it writes it.</param>
public sealed record TypeHelp(string Name, IReadOnlyList<TextBlock> Description);
