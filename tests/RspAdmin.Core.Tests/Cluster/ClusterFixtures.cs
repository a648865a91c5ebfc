using System.Text.Json;
using RspAdmin.Core.Cluster;
using RspAdmin.Core.Config;
using RspAdmin.Core.Images;
using RspAdmin.Core.Tests.Catalog;

namespace RspAdmin.Core.Tests.Cluster;

/// <summary>
/// Reads Nublado's node fixtures (controller/nodes/*.json: name → images, labels, taints) and builds
/// the catalog of a controller configuration from the matching registry fixture.
/// </summary>
internal static class ClusterFixtures
{
    /// <summary>The nodes of a fixture that carry every label of the selector, as the API would list them.</summary>
    public static IReadOnlyList<ClusterNode> ReadNodes(string name, IReadOnlyDictionary<string, string>? selector = null)
    {
        using var doc = NubladoFixtures.ReadControllerJson(Path.Combine("nodes", name));
        var nodes = new List<ClusterNode>();
        foreach (var node in doc.RootElement.EnumerateObject())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (node.Value.TryGetProperty("labels", out var l))
            {
                foreach (var label in l.EnumerateObject())
                {
                    labels[label.Name] = label.Value.GetString()!;
                }
            }

            if (selector is not null && selector.Any(p => !labels.TryGetValue(p.Key, out var v) || v != p.Value))
            {
                continue;
            }

            var taints = new List<NodeTaint>();
            if (node.Value.TryGetProperty("taints", out var t))
            {
                taints.AddRange(t.EnumerateArray().Select(x => new NodeTaint(
                    x.GetProperty("key").GetString()!,
                    x.TryGetProperty("value", out var v) ? v.GetString() : null,
                    x.GetProperty("effect").GetString()!)));
            }

            var images = new List<NodeCachedImage>();
            if (node.Value.TryGetProperty("images", out var i))
            {
                images.AddRange(i.EnumerateArray().Select(x => new NodeCachedImage(
                    x.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray(),
                    x.GetProperty("size_bytes").GetInt64())));
            }

            nodes.Add(new ClusterNode(node.Name, labels, taints, images));
        }

        return nodes;
    }

    public static LabImageConfig Config(string name) => LabImageConfigReader.ReadControllerConfig(NubladoFixtures.ControllerConfig(name));

    /// <summary>A Docker-source catalog (digests of the prepull set looked up, as Nublado does).</summary>
    public static async Task<LabImageCatalog> DockerCatalogAsync(LabImageConfig config, string registryName) =>
        (await LabImageCatalogConformanceTests.BuildDockerAsync(config, NubladoFixtures.ReadRegistry(registryName))).Catalog;

    /// <summary>A Google-source catalog: the listing carries every digest.</summary>
    public static async Task<LabImageCatalog> GoogleCatalogAsync(LabImageConfig config, string registryName)
    {
        var listing = new List<KeyValuePair<string, string>>();
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(NubladoFixtures.NubladoData, "registry", registryName))))
        {
            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                var last = entry.GetProperty("uri").GetString()!.Split('/')[^1];
                var at = last.IndexOf('@', StringComparison.Ordinal);
                if (last[..at] == config.Source.Image)
                {
                    listing.AddRange(entry.GetProperty("tags").EnumerateArray().Select(t => new KeyValuePair<string, string>(t.GetString()!, last[(at + 1)..])));
                }
            }
        }

        return (await LabImageCatalogConformanceTests.BuildDockerAsync(config, listing, LabImageDigestMode.All)).Catalog;
    }
}
