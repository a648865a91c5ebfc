using System.Text.Json;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Api;

/// <summary>
/// A minimal OpenAPI v3 discovery: the root lists one document per served group version; each document
/// declares the collection and item paths with the <c>fieldValidation</c> and <c>dryRun</c> query parameters and the
/// <c>x-kubernetes-group-version-kind</c> extension, so
/// kubectl sees that the server validates fields itself and does not need schemas to create objects.
/// </summary>
public sealed class OpenApiDocuments(ResourceCatalog catalog)
{
    public byte[] Root()
    {
        var paths = catalog.All.Select(k => GroupVersionPath(k)).Distinct()
            .ToDictionary(p => p, p => new { serverRelativeURL = $"/openapi/v3/{p}?hash=sandbox" });
        return JsonSerializer.SerializeToUtf8Bytes(new { paths });
    }

    /// <summary>The document of <c>api/v1</c> or <c>apis/group/version</c>, or null.</summary>
    public byte[]? GroupVersion(string path)
    {
        var kinds = catalog.All.Where(k => GroupVersionPath(k) == path).ToList();
        if (kinds.Count == 0)
        {
            return null;
        }

        var parameters = new object[]
        {
            new { name = "dryRun", @in = "query", schema = new { type = "string" }, uniqueItems = true },
            new { name = "fieldManager", @in = "query", schema = new { type = "string" }, uniqueItems = true },
            new { name = "fieldValidation", @in = "query", schema = new { type = "string" }, uniqueItems = true },
        };
        var responses = new Dictionary<string, object> { ["200"] = new { description = "OK" } };
        var paths = new Dictionary<string, object>();
        foreach (var k in kinds)
        {
            // kubectl recognises the resource of an operation by this extension on its PATCH operation.
            var operation = new Dictionary<string, object>
            {
                ["parameters"] = parameters,
                ["responses"] = responses,
                ["x-kubernetes-group-version-kind"] = new { group = k.Group, version = k.Version, kind = k.Kind },
            };
            var prefix = "/" + path + (k.Namespaced ? "/namespaces/{namespace}/" : "/") + k.Plural;
            paths[prefix] = new { post = operation, get = new { responses } };
            paths[prefix + "/{name}"] = new { put = operation, patch = operation, get = new { responses } };
        }

        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            openapi = "3.0.0",
            info = new { title = "Kubernetes", version = DiscoveryDocuments.GitVersion },
            paths,
            components = new { schemas = new Dictionary<string, object>() },
        });
    }

    private static string GroupVersionPath(ResourceKind k) => k.Group.Length == 0 ? "api/" + k.Version : $"apis/{k.Group}/{k.Version}";
}
