namespace RspAdmin.Core.Cluster;

/// <summary>
/// Which namespaces are users' lab namespaces: the exact name prefix (<c>nublado2-</c> for Nublado v2,
/// <c>nublado-</c> for v3) AND the labels the hub puts on them, never a system namespace. Substring matches
/// (<c>grep nublado2-</c>) are never used: <c>mynublado2-x</c>, <c>nublado-users</c> or an unlabelled
/// <c>nublado2-eve</c> are not lab namespaces.
/// </summary>
public static class LabNamespaceRules
{
    /// <summary>The v2 prefix (KubeSpawner's <c>{hubnamespace}-{username}</c> with hub namespace <c>nublado2</c>).</summary>
    public const string V2Prefix = "nublado2-";

    /// <summary>The v3 prefix (the controller's <c>{namespace_prefix}-{username}</c>).</summary>
    public const string V3Prefix = "nublado-";

    /// <summary>The Argo CD tracking label both hubs put on user namespaces.</summary>
    public const string InstanceLabel = "argocd.argoproj.io/instance";

    /// <summary>Its value.</summary>
    public const string InstanceValue = "nublado-users";

    /// <summary>The v3 controller's category label.</summary>
    public const string CategoryLabel = "nublado.lsst.io/category";

    /// <summary>Namespaces never deleted as lab namespaces, whatever their name or labels.</summary>
    public static readonly IReadOnlySet<string> SystemNamespaces = new HashSet<string>(StringComparer.Ordinal)
    {
        "nublado2", "nublado", "fileservers", "nublado-users", "nublado-fileservers", "cachemachine", "moneypenny", "mobu",
        "argocd", "postgres", "vault-secrets-operator", "default", "kube-system", "kube-public", "kube-node-lease",
    };

    /// <summary>The prefixes a selection may use.</summary>
    public static readonly IReadOnlyList<string> Prefixes = [V2Prefix, V3Prefix];

    /// <summary>The labels a lab namespace of <paramref name="prefix"/> carries.</summary>
    /// <exception cref="ArgumentException">The prefix is not <c>nublado2-</c> or <c>nublado-</c>.</exception>
    public static IReadOnlyDictionary<string, string> RequiredLabels(string prefix) => prefix switch
    {
        V2Prefix => new Dictionary<string, string>(StringComparer.Ordinal) { [InstanceLabel] = InstanceValue },
        V3Prefix => new Dictionary<string, string>(StringComparer.Ordinal) { [InstanceLabel] = InstanceValue, [CategoryLabel] = "lab" },
        _ => throw new ArgumentException($"The prefix must be '{V2Prefix}' or '{V3Prefix}', not '{prefix}'.", nameof(prefix)),
    };

    /// <summary>The label selector the list request uses.</summary>
    public static string LabelSelector(string prefix) => string.Join(',', RequiredLabels(prefix).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>Whether a namespace is a lab namespace of <paramref name="prefix"/>: exact prefix, a user part, every label, not a system namespace.</summary>
    public static bool IsLabNamespace(string prefix, string name, IReadOnlyDictionary<string, string>? labels)
    {
        var required = RequiredLabels(prefix);
        return name.StartsWith(prefix, StringComparison.Ordinal)
            && name.Length > prefix.Length
            && !SystemNamespaces.Contains(name)
            && !name.StartsWith("kube-", StringComparison.Ordinal)
            && labels is not null
            && required.All(r => labels.TryGetValue(r.Key, out var v) && v == r.Value);
    }
}
