namespace RspAdmin.Core.Cluster;

/// <summary>A taint of a Kubernetes node.</summary>
/// <param name="Key">The taint key.</param>
/// <param name="Value">The taint value, or null.</param>
/// <param name="Effect"><c>NoSchedule</c>, <c>PreferNoSchedule</c> or <c>NoExecute</c>.</param>
public sealed record NodeTaint(string Key, string? Value, string Effect)
{
    public override string ToString() => string.IsNullOrEmpty(Value) ? $"{Key}:{Effect}" : $"{Key}={Value}:{Effect}";
}
