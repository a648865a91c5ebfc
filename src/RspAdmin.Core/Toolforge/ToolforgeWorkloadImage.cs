namespace RspAdmin.Core.Toolforge;

/// <summary>A container image named by a workload.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Kind"><c>Pod</c>, <c>Job</c>, <c>CronJob</c> or <c>Deployment</c>.</param>
/// <param name="Name">The workload's name.</param>
/// <param name="Container">The container's name.</param>
/// <param name="Image">The image reference.</param>
public sealed record ToolforgeWorkloadImage(string Namespace, string Kind, string Name, string Container, string Image);
