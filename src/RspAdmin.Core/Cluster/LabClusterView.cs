using RspAdmin.Core.Images;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// A catalog and the nodes the lab node selector matched, put together as Nublado's prepuller does:
/// per node its eligibility and the prepull-set images it holds (by digest); per image the nodes
/// holding it and the eligible nodes lacking it. The source of <see cref="PrepullStatus"/>,
/// <see cref="LabMenu"/> and the missing images a prepull fills.
/// </summary>
public sealed class LabClusterView
{
    private readonly Dictionary<string, HashSet<string>> _digestsByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long?> _sizeByDigest = new(StringComparer.Ordinal);

    /// <summary>Builds the view.</summary>
    /// <param name="catalog">The image catalog (prepull set, digests, menu order).</param>
    /// <param name="nodes">The nodes the lab node selector matched.</param>
    public LabClusterView(LabImageCatalog catalog, IEnumerable<ClusterNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(nodes);
        Catalog = catalog;
        var ordered = nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        StatusImages = catalog.PrepullSet.Where(i => !IsAliasOfPrepullImage(catalog, i)).ToArray();
        var labNodes = new List<LabNode>(ordered.Count);
        foreach (var node in ordered)
        {
            var digests = new HashSet<string>(StringComparer.Ordinal);
            foreach (var image in node.Images)
            {
                if (image.Digest is not null && digests.Add(image.Digest))
                {
                    _sizeByDigest.TryAdd(image.Digest, image.SizeBytes);
                }
            }

            _digestsByNode[node.Name] = digests;
            var eligible = NodeEligibility.IsEligible(node.Taints, catalog.Config.Tolerations, out var comment);
            var cached = StatusImages.Where(i => i.Digest is not null && digests.Contains(i.Digest)).ToArray();
            labNodes.Add(new LabNode(node, eligible, comment, cached, MissingOn(digests)));
        }

        Nodes = labNodes;
        EligibleNodes = labNodes.Where(n => n.Eligible).Select(n => n.Name).ToArray();
    }

    /// <summary>The catalog.</summary>
    public LabImageCatalog Catalog { get; }

    /// <summary>The resourceVersion of the node list the view was built from, when read from a cluster.</summary>
    public string? NodeListResourceVersion { get; init; }

    /// <summary>Every selector-matched node, by name.</summary>
    public IReadOnlyList<LabNode> Nodes { get; }

    /// <summary>The names of the eligible nodes, in name order.</summary>
    public IReadOnlyList<string> EligibleNodes { get; }

    /// <summary>The prepull set without aliases whose target is in the set (the images the status reports).</summary>
    public IReadOnlyList<LabImage> StatusImages { get; }

    /// <summary>True when the node reports the image's digest.</summary>
    public bool IsOnNode(LabImage image, string nodeName) =>
        image?.Digest is not null && _digestsByNode.TryGetValue(nodeName, out var digests) && digests.Contains(image.Digest);

    /// <summary>True when every eligible node holds the image (vacuously true without eligible nodes).</summary>
    public bool IsPrepulled(LabImage image) => EligibleNodes.All(n => IsOnNode(image, n));

    /// <summary>The nodes (eligible or not) that hold the image, in name order.</summary>
    public IReadOnlyList<string> NodesWith(LabImage image) => Nodes.Where(n => IsOnNode(image, n.Name)).Select(n => n.Name).ToArray();

    /// <summary>The eligible nodes that lack the image, in name order.</summary>
    public IReadOnlyList<string> EligibleNodesWithout(LabImage image) => EligibleNodes.Where(n => !IsOnNode(image, n)).ToArray();

    /// <summary>The size a node reports for a digest, or null.</summary>
    public long? SizeOf(string? digest) => digest is not null && _sizeByDigest.TryGetValue(digest, out var size) ? size : null;

    /// <summary>Nublado's prepuller status: prepulled and pending images, and every node.</summary>
    public PrepullStatus GetPrepullStatus()
    {
        var prepulled = new List<PrepullStatusImage>();
        var pending = new List<PrepullStatusImage>();
        foreach (var image in StatusImages)
        {
            var missing = EligibleNodesWithout(image);
            var entry = new PrepullStatusImage(image, SizeOf(image.Digest), NodesWith(image), missing);
            (missing.Count == 0 ? prepulled : pending).Add(entry);
        }

        return new PrepullStatus(Catalog.Config, prepulled, pending, Nodes);
    }

    /// <summary>The spawner's radio menu and dropdown, with what is known about the recommended image.</summary>
    public LabMenu GetMenu()
    {
        var menu = Catalog.GetMenu(IsPrepulled);
        return new LabMenu(Catalog, menu, Catalog.Dropdown, SuggestRecommendedTargets());
    }

    /// <summary>
    /// What a prepull has to fill: per node the prepull-set images whose digest it lacks (one image
    /// per digest, a typed tag preferred to an alias), in menu order. Nodes lacking nothing are
    /// left out; ineligible nodes too unless <paramref name="includeIneligible"/>.
    /// </summary>
    public IReadOnlyList<LabNode> GetNodesMissingImages(bool includeIneligible = false) =>
        Nodes.Where(n => n.MissingImages.Count > 0 && (includeIneligible || n.Eligible)).ToArray();

    /// <summary>
    /// Typed tags that name the recommended image's digest on some node, when the catalog could not
    /// give the recommended image a versioned name.
    /// </summary>
    private IReadOnlyList<string> SuggestRecommendedTargets()
    {
        var recommended = Catalog.Recommended;
        if (recommended?.Digest is null || recommended.AliasTarget is not null)
        {
            return Array.Empty<string>();
        }

        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            foreach (var image in node.Node.Images)
            {
                if (!string.Equals(image.Digest, recommended.Digest, StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var name in image.Names)
                {
                    if (NodeImageName.TrySplit(name, out _, out var tag, out _) && tag is not null
                        && LabImageTagParser.Parse(tag) is { Kind: not (LabImageType.Alias or LabImageType.Unknown) })
                    {
                        tags.Add(tag);
                    }
                }
            }
        }

        foreach (var image in Catalog.Images.AllImages(hideArchitectureSpecific: true))
        {
            if (string.Equals(image.Digest, recommended.Digest, StringComparison.Ordinal) && image.Kind is not (LabImageType.Alias or LabImageType.Unknown))
            {
                tags.Add(image.Tag);
            }
        }

        return tags.Select(LabImageTagParser.Parse).OrderBy(t => t, LabImageTagComparer.MenuOrder).Select(t => t.Tag).ToArray();
    }

    private IReadOnlyList<LabImage> MissingOn(HashSet<string> digests)
    {
        var missing = new List<LabImage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // A typed image is preferred to an alias of the same digest: the prepull set is in menu
        // order (aliases first), so look at typed images first, then aliases.
        foreach (var image in Catalog.PrepullSet.OrderBy(i => i.Kind == LabImageType.Alias ? 1 : 0))
        {
            if (image.Digest is not null && !digests.Contains(image.Digest) && seen.Add(image.Digest))
            {
                missing.Add(image);
            }
        }

        missing.Sort((a, b) => LabImageTagComparer.MenuOrder.Compare(a.ParsedTag, b.ParsedTag));
        return missing;
    }

    private static bool IsAliasOfPrepullImage(LabImageCatalog catalog, LabImage image) =>
        image.Kind == LabImageType.Alias && image.AliasTarget is not null
        && catalog.PrepullSet.Any(p => string.Equals(p.Tag, image.AliasTarget, StringComparison.Ordinal));
}
