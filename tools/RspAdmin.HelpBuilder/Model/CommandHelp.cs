namespace RspAdmin.HelpBuilder.Model;

/// <summary>The help of one command, as read from its platyPS-format markdown page.</summary>
public sealed record CommandHelp
{
    /// <summary>The parameter set name PowerShell gives a command that declares none.</summary>
    public const string DefaultParameterSetName = "__AllParameterSets";

    /// <summary>The page the help was read from.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The command name, <c>Verb-Noun</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The module the page belongs to (front matter <c>Module Name</c>).</summary>
    public required string ModuleName { get; init; }

    /// <summary>The URI of the online version of the page, or null.</summary>
    public string? OnlineVersion { get; init; }

    /// <summary>The approved verb.</summary>
    public string Verb => Name[..Name.IndexOf('-', StringComparison.Ordinal)];

    /// <summary>The noun.</summary>
    public string Noun => Name[(Name.IndexOf('-', StringComparison.Ordinal) + 1)..];

    /// <summary>One sentence or two: what the command does.</summary>
    public required IReadOnlyList<TextBlock> Synopsis { get; init; }

    /// <summary>The parameter sets, in the order of the SYNTAX section.</summary>
    public required IReadOnlyList<string> ParameterSets { get; init; }

    /// <summary>The full description.</summary>
    public required IReadOnlyList<TextBlock> Description { get; init; }

    /// <summary>The examples, numbered from 1.</summary>
    public required IReadOnlyList<ExampleHelp> Examples { get; init; }

    /// <summary>The parameters, in page order (common parameters excluded).</summary>
    public required IReadOnlyList<ParameterHelp> Parameters { get; init; }

    /// <summary>True when the page has a CommonParameters entry.</summary>
    public required bool SupportsCommonParameters { get; init; }

    /// <summary>The pipeline input types.</summary>
    public required IReadOnlyList<TypeHelp> Inputs { get; init; }

    /// <summary>The output types.</summary>
    public required IReadOnlyList<TypeHelp> Outputs { get; init; }

    /// <summary>The notes: caveats, conventions, differences from other implementations.</summary>
    public required IReadOnlyList<TextBlock> Notes { get; init; }

    /// <summary>Related commands, topics and pages.</summary>
    public required IReadOnlyList<RelatedLink> RelatedLinks { get; init; }
}
