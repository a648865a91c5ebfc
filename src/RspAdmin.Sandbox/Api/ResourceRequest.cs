using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Api;

/// <summary>A request path resolved to a resource: its kind, namespace, name and subresource.</summary>
public sealed record ResourceRequest(ResourceKind Kind, string? Namespace, string? Name, string? Subresource, bool LegacyWatch)
{
    /// <summary>
    /// Resolves the segments after <c>/api/v1</c> or <c>/apis/group/version</c>. Returns null when the path names
    /// no served resource.
    /// </summary>
    public static ResourceRequest? Resolve(ResourceCatalog catalog, string group, string version, string[] rest)
    {
        var legacyWatch = false;
        if (rest.Length > 0 && rest[0] == "watch")
        {
            legacyWatch = true;
            rest = rest[1..];
        }

        if (rest.Length == 0)
        {
            return null;
        }

        // namespaces/{ns}/{plural}[/{name}[/{sub}]] unless it is a namespace's own subresource (namespaces/{ns}/status).
        if (rest[0] == "namespaces" && rest.Length >= 3 && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            var kind = catalog.Find(group, version, rest[2]);
            if (kind is null || !kind.Namespaced || rest.Length > 5)
            {
                return null;
            }

            return new ResourceRequest(kind, rest[1], rest.Length > 3 ? rest[3] : null, rest.Length > 4 ? rest[4] : null, legacyWatch);
        }

        var clusterKind = catalog.Find(group, version, rest[0]);
        if (clusterKind is null || rest.Length > 3 || (clusterKind.Namespaced && rest.Length > 1))
        {
            return null;
        }

        return new ResourceRequest(clusterKind, null, rest.Length > 1 ? rest[1] : null, rest.Length > 2 ? rest[2] : null, legacyWatch);
    }
}
