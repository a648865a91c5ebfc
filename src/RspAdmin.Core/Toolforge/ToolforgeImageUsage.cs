namespace RspAdmin.Core.Toolforge;

/// <summary>One container of a running workload in a tool namespace, and the catalog entry its image maps to.</summary>
public sealed class ToolforgeImageUsage
{
    /// <summary>The namespace (<c>tool-&lt;tool&gt;</c>).</summary>
    public required string Namespace { get; init; }

    /// <summary>The tool (the namespace without <c>tool-</c>).</summary>
    public required string Tool { get; init; }

    /// <summary><c>Pod</c>, <c>Job</c>, <c>CronJob</c> or <c>Deployment</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The workload's name.</summary>
    public required string Name { get; init; }

    /// <summary>The container's name.</summary>
    public required string Container { get; init; }

    /// <summary>The image as the workload names it.</summary>
    public required string Image { get; init; }

    /// <summary>What the image resolves to.</summary>
    public required ToolforgeImage Resolved { get; init; }

    /// <summary>The canonical short name it maps to.</summary>
    public string ShortName => Resolved.ShortName;

    /// <summary>The state of that entry (<c>unknown</c> when none).</summary>
    public string State => Resolved.State;

    /// <summary>False when no entry or Harbor image matched.</summary>
    public bool Exists => Resolved.Exists;
}

/// <summary>How many running workloads use one catalog entry (or one unknown image).</summary>
public sealed class ToolforgeImageUsageSummary
{
    /// <summary>The canonical short name.</summary>
    public required string ShortName { get; init; }

    /// <summary>The entry's state.</summary>
    public required string State { get; init; }

    /// <summary>False for images outside the catalog.</summary>
    public required bool Exists { get; init; }

    /// <summary><c>standard</c> or <c>buildservice</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Containers of running pods.</summary>
    public int Pods { get; init; }

    /// <summary>Containers of Jobs.</summary>
    public int Jobs { get; init; }

    /// <summary>Containers of CronJobs.</summary>
    public int CronJobs { get; init; }

    /// <summary>Containers of Deployments.</summary>
    public int Deployments { get; init; }

    /// <summary>All of them.</summary>
    public int Count => Pods + Jobs + CronJobs + Deployments;

    /// <summary>The tools using it, sorted.</summary>
    public required ToolforgeList<string> Tools { get; init; }
}
