namespace RspAdmin.Core.Config;

/// <summary>A Kubernetes toleration from <c>lab.tolerations</c>, used to decide which nodes the prepuller serves.</summary>
public sealed class LabToleration
{
    /// <summary>The taint key; null with <c>Exists</c> tolerates every taint.</summary>
    public string? Key { get; init; }

    /// <summary><c>Equal</c> (the default) or <c>Exists</c>.</summary>
    public string Operator { get; init; } = "Equal";

    /// <summary>The taint value for <c>Equal</c>.</summary>
    public string? Value { get; init; }

    /// <summary><c>NoSchedule</c>, <c>PreferNoSchedule</c> or <c>NoExecute</c>; null matches every effect.</summary>
    public string? Effect { get; init; }

    /// <summary>For <c>NoExecute</c>: how long the pod stays once tainted.</summary>
    public long? TolerationSeconds { get; init; }

    public override string ToString()
    {
        var text = Operator == "Exists" ? $"{Key ?? "*"} Exists" : $"{Key}={Value}";
        return Effect is null ? text : $"{text}:{Effect}";
    }
}
