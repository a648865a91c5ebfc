namespace RspAdmin.Core.Prepull;

/// <summary>How to plan a prepull.</summary>
public sealed class PrepullPlanOptions
{
    /// <summary>The namespace of the prepull pods (the controller's namespace).</summary>
    public string Namespace { get; init; } = "nublado";

    /// <summary>
    /// Also pull onto nodes whose taints the lab tolerations do not tolerate. Nublado's prepuller
    /// does (its loop does not look at eligibility), which spends pulls on nodes no lab can use;
    /// by default they are left out.
    /// </summary>
    public bool IncludeIneligibleNodes { get; init; }

    /// <summary>An owner reference for every pod, or null.</summary>
    public PrepullPodOwner? Owner { get; init; }
}
