using RspAdmin.Core.Config;

namespace RspAdmin.Core.Images;

/// <summary>
/// Builds a <see cref="LabImageCatalog"/> from a registry's tag list the way a Nublado controller
/// does: keep the configured SAL cycle, choose the prepull set, look up digests (through a delegate,
/// so any registry client fits), resolve aliases by digest, and compose the spawner lists.
/// </summary>
public sealed class LabImageCatalogBuilder
{
    private readonly LabImageConfig _config;

    /// <summary>Creates a builder for a configuration.</summary>
    public LabImageCatalogBuilder(LabImageConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
    }

    /// <summary>
    /// Parses tags as the configured source does and keeps those of the configured cycle: a Docker
    /// source parses the recommended tag and alias tags as aliases; a Google source parses every
    /// tag with the plain grammar. Duplicates are dropped; the result is in menu order.
    /// </summary>
    public static IReadOnlyList<LabImageTag> ParseTags(IEnumerable<string> tagNames, LabImageConfig config)
    {
        ArgumentNullException.ThrowIfNull(tagNames);
        ArgumentNullException.ThrowIfNull(config);
        var aliases = config.AliasTagSet;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tags = new List<LabImageTag>();
        foreach (var name in tagNames)
        {
            if (string.IsNullOrEmpty(name) || !seen.Add(name))
            {
                continue;
            }

            var tag = aliases.Contains(name) ? LabImageTagParser.ParseAlias(name) : LabImageTagParser.Parse(name);
            if (config.Cycle is null || tag.Cycle == config.Cycle)
            {
                tags.Add(tag);
            }
        }

        tags.Sort(LabImageTagComparer.MenuOrder);
        return tags;
    }

    /// <summary>
    /// The prepull set, in menu order: the newest <c>numReleases</c> releases, <c>numWeeklies</c>
    /// weeklies and <c>numDailies</c> dailies, then the recommended tag and pinned tags when present.
    /// Architecture-specific tags are never part of it.
    /// </summary>
    /// <param name="menuOrderedTags">Cycle-filtered tags in menu order (see <see cref="ParseTags"/>).</param>
    /// <param name="releases">How many releases.</param>
    /// <param name="weeklies">How many weeklies.</param>
    /// <param name="dailies">How many dailies.</param>
    /// <param name="include">Tags to add when present (recommended and pins).</param>
    public static IReadOnlyList<LabImageTag> SelectPrepull(
        IReadOnlyList<LabImageTag> menuOrderedTags, int releases, int weeklies, int dailies, IEnumerable<string> include)
    {
        ArgumentNullException.ThrowIfNull(menuOrderedTags);
        ArgumentNullException.ThrowIfNull(include);
        var wanted = new HashSet<string>(include, StringComparer.Ordinal);
        var taken = new Dictionary<LabImageType, int>();
        var limits = new Dictionary<LabImageType, int>
        {
            [LabImageType.Release] = Math.Max(0, releases),
            [LabImageType.Weekly] = Math.Max(0, weeklies),
            [LabImageType.Daily] = Math.Max(0, dailies),
        };
        var result = new List<LabImageTag>();
        foreach (var tag in menuOrderedTags)
        {
            if (tag.IsArchitectureSpecific)
            {
                continue;
            }

            var withinLimit = false;
            if (limits.TryGetValue(tag.Kind, out var limit))
            {
                taken.TryGetValue(tag.Kind, out var count);
                if (count < limit)
                {
                    taken[tag.Kind] = count + 1;
                    withinLimit = true;
                }
            }

            if (withinLimit || wanted.Contains(tag.Tag))
            {
                result.Add(tag);
            }
        }

        return result;
    }

    /// <summary>
    /// Builds the catalog.
    /// </summary>
    /// <param name="tagNames">The registry's tags, as listed (any order).</param>
    /// <param name="digestLookup">Returns the digest of a tag (a manifest request, or a listing lookup); null or empty means unknown. Exceptions propagate and cancel the other lookups. Not called with <see cref="LabImageDigestMode.None"/>.</param>
    /// <param name="options">Digest mode, concurrency, progress and clock; defaults when null.</param>
    /// <param name="cancellationToken">Stops pending lookups.</param>
    /// <exception cref="ArgumentException">A digest lookup is needed but none was given, or the concurrency is below 1.</exception>
    public async Task<LabImageCatalog> BuildAsync(
        IEnumerable<string> tagNames,
        Func<string, CancellationToken, Task<string>>? digestLookup,
        LabImageCatalogOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tagNames);
        options ??= new LabImageCatalogOptions();
        if (options.MaxConcurrency < 1)
        {
            throw new ArgumentException("MaxConcurrency must be at least 1.", nameof(options));
        }

        if (options.ResolveDigest != LabImageDigestMode.None && digestLookup is null)
        {
            throw new ArgumentException($"A digest lookup is needed for digest mode {options.ResolveDigest}.", nameof(digestLookup));
        }

        var names = tagNames.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToList();
        var tags = ParseTags(names, _config);
        var prepullTags = SelectPrepull(tags, _config.NumReleases, _config.NumWeeklies, _config.NumDailies, _config.Pin.Append(_config.RecommendedTag));

        var toLookUp = options.ResolveDigest switch
        {
            LabImageDigestMode.All => tags,
            LabImageDigestMode.PrepullSet => prepullTags,
            _ => Array.Empty<LabImageTag>(),
        };
        var digests = await LookUpDigestsAsync(toLookUp, digestLookup, options, cancellationToken).ConfigureAwait(false);

        // Menu order decides which of several typed images with one digest becomes the alias target:
        // the newest. (Nublado's Docker source does the same; its Google source uses listing order.)
        var images = tags
            .Select(t => new LabImage(t, _config.Registry, _config.Repository, digests.GetValueOrDefault(t.Tag)))
            .ToList();
        var collection = new LabImageCollection(images);
        var prepull = prepullTags.Select(t => collection.ImageForTag(t.Tag)!).ToList();
        prepull.Sort((a, b) => LabImageTagComparer.MenuOrder.Compare(a.ParsedTag, b.ParsedTag));

        // A Docker source lists and filters by the tags as parsed from the registry, so a tag promoted
        // to an alias keeps its place; a Google source orders and filters the resolved images.
        var rawTags = tags.ToDictionary(t => t.Tag, StringComparer.Ordinal);
        Func<LabImage, LabImageTag> orderingTag = _config.Source.Kind == LabImageSourceType.Docker
            ? image => rawTags[image.Tag]
            : image => image.ParsedTag;
        var ordered = images.ToList();
        if (_config.Source.Kind != LabImageSourceType.Docker)
        {
            // Docker images are already in the order of their (menu-ordered) tags.
            ordered.Sort((a, b) => LabImageTagComparer.MenuOrder.Compare(orderingTag(a), orderingTag(b)));
        }

        var all = ordered.Where(i => options.IncludeArchitectureSpecific || !orderingTag(i).IsArchitectureSpecific).ToList();
        var now = options.TimeProvider.GetUtcNow();
        var dropdown = _config.DropdownMenu.Apply(ordered, orderingTag, now).ToList();
        return new LabImageCatalog(_config, collection, prepull, all, dropdown, options.ResolveDigest, now, names.Count);
    }

    private static async Task<Dictionary<string, string>> LookUpDigestsAsync(
        IReadOnlyList<LabImageTag> tags,
        Func<string, CancellationToken, Task<string>>? lookup,
        LabImageCatalogOptions options,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tags.Count == 0 || lookup is null)
        {
            return result;
        }

        var gate = new object();
        var completed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(tags, parallel, async (tag, token) =>
        {
            var digest = await lookup(tag.Tag, token).ConfigureAwait(false);
            int done;
            lock (gate)
            {
                if (!string.IsNullOrEmpty(digest))
                {
                    result[tag.Tag] = digest;
                }

                done = ++completed;
            }

            options.Progress?.Report(new LabImageDigestProgress(done, tags.Count, tag.Tag));
        }).ConfigureAwait(false);
        return result;
    }
}
