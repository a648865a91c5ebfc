namespace RspAdmin.Sandbox.Scenario;

/// <summary>A node taint.</summary>
public sealed class ScenarioTaint
{
    public string Key { get; set; } = string.Empty;

    public string? Value { get; set; }

    /// <summary><c>NoSchedule</c>, <c>PreferNoSchedule</c> or <c>NoExecute</c>.</summary>
    public string Effect { get; set; } = "NoSchedule";
}
