using System.Text.Json;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Api;

/// <summary>
/// The legacy (unaggregated) discovery documents: <c>/version</c>, <c>/api</c>, <c>/apis</c> and one
/// APIResourceList per group version. Clients that ask for aggregated discovery (kubectl does, through
/// its Accept header) get these with <c>Content-Type: application/json</c> and fall back to the legacy flow.
/// </summary>
public sealed class DiscoveryDocuments(ResourceCatalog catalog)
{
    /// <summary>The Kubernetes version the sandbox claims to be.</summary>
    public const string GitVersion = "v1.32.0-sandbox";

    public byte[] Version() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        major = "1",
        minor = "32",
        gitVersion = GitVersion,
        gitCommit = "0000000000000000000000000000000000000000",
        gitTreeState = "clean",
        buildDate = "2025-01-01T00:00:00Z",
        goVersion = "go1.23.0",
        compiler = "gc",
        platform = "linux/amd64",
    });

    public byte[] CoreVersions(string serverAddress) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        kind = "APIVersions",
        versions = new[] { "v1" },
        serverAddressByClientCIDRs = new[] { new { clientCIDR = "0.0.0.0/0", serverAddress } },
    });

    public byte[] Groups()
    {
        var groups = catalog.All.Where(k => k.Group.Length > 0).GroupBy(k => k.Group).Select(g =>
        {
            var versions = g.Select(k => k.Version).Distinct().Select(v => new { groupVersion = g.Key + "/" + v, version = v }).ToArray();
            return new { name = g.Key, versions, preferredVersion = versions[0] };
        }).ToArray();
        return JsonSerializer.SerializeToUtf8Bytes(new { kind = "APIGroupList", apiVersion = "v1", groups });
    }

    /// <summary>The APIResourceList of a group version, or null when the sandbox does not serve it.</summary>
    public byte[]? Resources(string group, string version)
    {
        var kinds = catalog.InGroupVersion(group, version).ToList();
        if (kinds.Count == 0)
        {
            return null;
        }

        var resources = new List<object>();
        foreach (var k in kinds)
        {
            var verbs = k is NamespaceResourceKind
                ? new[] { "create", "delete", "get", "list", "patch", "update", "watch" }
                : new[] { "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch" };

            resources.Add(new
            {
                name = k.Plural,
                singularName = k.Singular,
                @namespaced = k.Namespaced,
                kind = k.Kind,
                verbs,
                shortNames = k.ShortNames,
                categories = k is PodResourceKind || k.Group == "apps" ? new[] { "all" } : null,
            });
            if (k is PodResourceKind or NodeResourceKind or NamespaceResourceKind || k.Group == "apps")
            {
                resources.Add(new { name = k.Plural + "/status", singularName = string.Empty, @namespaced = k.Namespaced, kind = k.Kind, verbs = new[] { "get", "patch", "update" } });
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(
            new { kind = "APIResourceList", apiVersion = "v1", groupVersion = group.Length == 0 ? version : group + "/" + version, resources },
            new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
    }
}
