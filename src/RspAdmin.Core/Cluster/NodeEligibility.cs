using RspAdmin.Core.Config;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// Whether lab pods may run on a node: every taint other than <c>PreferNoSchedule</c> must be
/// tolerated by the lab tolerations. The comment names the first taint that is not.
/// </summary>
public static class NodeEligibility
{
    /// <summary>Decides eligibility; <paramref name="comment"/> is null for an eligible node.</summary>
    public static bool IsEligible(IEnumerable<NodeTaint> taints, IReadOnlyList<LabToleration> tolerations, out string? comment)
    {
        ArgumentNullException.ThrowIfNull(taints);
        ArgumentNullException.ThrowIfNull(tolerations);
        foreach (var taint in taints)
        {
            if (string.Equals(taint.Effect, "PreferNoSchedule", StringComparison.Ordinal))
            {
                continue;
            }

            if (!tolerations.Any(t => Tolerates(t, taint)))
            {
                comment = string.IsNullOrEmpty(taint.Value)
                    ? $"Node is tainted ({taint.Effect}, {taint.Key})"
                    : $"Node is tainted ({taint.Effect}, {taint.Key} = {taint.Value})";
                return false;
            }
        }

        comment = null;
        return true;
    }

    /// <summary>
    /// Kubernetes toleration semantics as the prepuller applies them: the effect must match when
    /// given; a toleration with <c>tolerationSeconds</c> never tolerates a <c>NoExecute</c> taint;
    /// <c>Exists</c> matches the key (every key when it has none); <c>Equal</c> needs key and value equal.
    /// </summary>
    public static bool Tolerates(LabToleration toleration, NodeTaint taint)
    {
        ArgumentNullException.ThrowIfNull(toleration);
        ArgumentNullException.ThrowIfNull(taint);
        if (!string.IsNullOrEmpty(toleration.Effect) && !string.Equals(toleration.Effect, taint.Effect, StringComparison.Ordinal))
        {
            return false;
        }

        if (toleration.TolerationSeconds is not null && string.Equals(taint.Effect, "NoExecute", StringComparison.Ordinal))
        {
            return false;
        }

        if (string.Equals(toleration.Operator, "Exists", StringComparison.Ordinal))
        {
            return string.IsNullOrEmpty(toleration.Key) || string.Equals(toleration.Key, taint.Key, StringComparison.Ordinal);
        }

        return string.Equals(toleration.Key, taint.Key, StringComparison.Ordinal)
            && string.Equals(toleration.Value ?? string.Empty, taint.Value ?? string.Empty, StringComparison.Ordinal);
    }
}
