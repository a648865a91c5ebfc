namespace RspAdmin.HelpBuilder.Model;

/// <summary>
/// One <c>yaml</c> metadata block of a parameter: how it binds in the parameter sets it names.
/// A parameter whose binding differs between sets has one block per distinct binding.
/// </summary>
public sealed record ParameterMetadata
{
    /// <summary>The name used for "every parameter set" (<c>(All)</c> in markdown).</summary>
    public const string AllParameterSets = "(All)";

    /// <summary>The parameter's type as PowerShell shows it, e.g. <c>String[]</c> or <c>SwitchParameter</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The parameter sets this block applies to; <see cref="AllParameterSets"/> alone for all.</summary>
    public required IReadOnlyList<string> ParameterSets { get; init; }

    /// <summary>Aliases of the parameter; empty for none.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    /// <summary>The values a ValidateSet allows; empty when any value is accepted.</summary>
    public required IReadOnlyList<string> AcceptedValues { get; init; }

    /// <summary>Whether the parameter is mandatory in these sets.</summary>
    public required bool Required { get; init; }

    /// <summary>The 0-based position, or null for a named-only parameter.</summary>
    public required int? Position { get; init; }

    /// <summary>The default value as text (<c>None</c> when there is none).</summary>
    public required string DefaultValue { get; init; }

    /// <summary>How the parameter binds from the pipeline.</summary>
    public required PipelineInput PipelineInput { get; init; }

    /// <summary>Whether the parameter accepts wildcard characters.</summary>
    public required bool AcceptsWildcards { get; init; }

    /// <summary>True for a switch parameter, which takes no value.</summary>
    public bool IsSwitch => string.Equals(Type, "SwitchParameter", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the block applies to <paramref name="parameterSet"/>.</summary>
    public bool AppliesTo(string parameterSet) =>
        ParameterSets.Contains(AllParameterSets, StringComparer.OrdinalIgnoreCase)
        || ParameterSets.Contains(parameterSet, StringComparer.OrdinalIgnoreCase);
}
