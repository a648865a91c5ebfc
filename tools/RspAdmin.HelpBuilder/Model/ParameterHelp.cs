namespace RspAdmin.HelpBuilder.Model;

/// <summary>One parameter of a command's PARAMETERS section.</summary>
/// <param name="Name">The parameter's name, without the leading dash.</param>
/// <param name="Description">What the parameter does.</param>
/// <param name="Metadata">Its binding metadata, one entry per distinct binding (at least one).</param>
/// <param name="Line">The 1-based line of the parameter's heading.</param>
public sealed record ParameterHelp(string Name, IReadOnlyList<TextBlock> Description, IReadOnlyList<ParameterMetadata> Metadata, int Line);
