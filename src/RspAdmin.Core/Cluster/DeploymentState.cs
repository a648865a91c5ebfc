namespace RspAdmin.Core.Cluster;

/// <summary>A Deployment's rollout state.</summary>
public sealed record DeploymentState
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public int Replicas { get; init; }

    public int ReadyReplicas { get; init; }

    public long Generation { get; init; }

    public long ObservedGeneration { get; init; }

    /// <summary>The <c>kubectl.kubernetes.io/restartedAt</c> annotation of the pod template, if any.</summary>
    public string? RestartedAt { get; init; }

    /// <summary>Ready as a runbook checks it: <c>readyReplicas == replicas</c> and <c>observedGeneration &gt;= generation</c>.</summary>
    public bool Ready => ReadyReplicas == Replicas && ObservedGeneration >= Generation;
}
