namespace RspAdmin.Core.Toolforge;

/// <summary>
/// Resolves names and pull URLs the way the Toolforge jobs API does (<c>from_short_name_or_url</c>):
/// a Harbor image when a project is given, else the first catalog entry in file order whose path,
/// name or alias equals the name (host and tag, when given, must agree), else an unknown image.
/// Resolving never throws; the same call maps a running pod's image URL back to its entry.
/// </summary>
public sealed class ToolforgeImageResolver
{
    private readonly Candidate[] _candidates;
    private readonly Dictionary<string, int[]> _byKey;
    private readonly IToolforgeHarborSource? _harbor;

    /// <summary>Prepares the catalog for resolution.</summary>
    /// <param name="config">The catalog.</param>
    /// <param name="variant">
    /// Null for the jobs API since 2026-01 (top-level <c>image</c>; an entry written before it falls
    /// back to its jobs-framework variant), or a variant name (<c>jobs-framework</c>, <c>webservice</c>)
    /// to resolve as a consumer of that variant did (its image plus <c>:latest</c>).
    /// </param>
    /// <param name="harbor">Where Harbor images are listed; without it an image with a project is unknown.</param>
    public ToolforgeImageResolver(ToolforgeImageConfig config, string? variant = null, IToolforgeHarborSource? harbor = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Variant = variant;
        _harbor = harbor;
        var candidates = new List<Candidate>(config.Entries.Count);
        foreach (var entry in config.Entries)
        {
            if (entry.PullImage(variant) is { } pull && SplitPullImage(pull) is { } parts)
            {
                candidates.Add(new Candidate(entry, parts.Host, parts.Path, parts.Tag));
            }
        }

        _candidates = candidates.ToArray();
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < _candidates.Length; i++)
        {
            var c = _candidates[i];
            Add(byKey, c.Path, i);
            Add(byKey, c.Entry.Name, i);
            foreach (var alias in c.Entry.Aliases)
            {
                Add(byKey, alias, i);
            }
        }

        _byKey = byKey.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The variant resolved for, or null for the top-level image.</summary>
    public string? Variant { get; }

    /// <summary>The entries a consumer of <see cref="Variant"/> uses (the others are skipped), in file order.</summary>
    public IEnumerable<ToolforgeImageEntry> UsableEntries => _candidates.Select(c => c.Entry);

    /// <summary>
    /// Resolves without asking Harbor: an input with a project is a Harbor image that is reported
    /// unknown. For pre-built names and URLs this is the whole answer.
    /// </summary>
    public ToolforgeImage Resolve(string? input) => Resolve(ToolforgeImageReference.Parse(input), null);

    /// <summary>Resolves, asking Harbor (through the source given at construction) when a project is given.</summary>
    /// <param name="input">The name or URL.</param>
    /// <param name="warn">Receives Harbor failures (the image is then unknown); resolution itself never fails.</param>
    /// <param name="cancellationToken">Cancels a Harbor request.</param>
    public async ValueTask<ToolforgeImage> ResolveAsync(string? input, Action<string>? warn = null, CancellationToken cancellationToken = default)
    {
        var reference = ToolforgeImageReference.Parse(input);
        if (reference.Project.Length == 0 || _harbor is null)
        {
            return Resolve(reference, null);
        }

        IReadOnlyList<ToolforgeHarborImage> images;
        try
        {
            images = await _harbor.ListAsync(ToolforgeNames.ToolProjectPrefix + reference.Tool, warn, cancellationToken).ConfigureAwait(false);
        }
        catch (RspException e)
        {
            warn?.Invoke(e.Message);
            images = [];
        }

        return Resolve(reference, images);
    }

    /// <summary>Resolves a parsed reference against the catalog and the given Harbor images of its project.</summary>
    public ToolforgeImage Resolve(ToolforgeImageReference reference, IReadOnlyList<ToolforgeHarborImage>? harborImages)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Project.Length > 0 && harborImages is not null && MatchHarbor(reference, harborImages) is { } harborImage)
        {
            return harborImage;
        }

        if (reference.Project.Length == 0 && reference.Digest.Length == 0 && MatchPrebuilt(reference) is { } prebuilt)
        {
            return prebuilt;
        }

        return Unknown(reference);
    }

    private ToolforgeImage? MatchPrebuilt(ToolforgeImageReference reference)
    {
        if (!_byKey.TryGetValue(reference.Name, out var indices))
        {
            return null;
        }

        foreach (var i in indices)
        {
            var c = _candidates[i];
            if ((reference.Host.Length > 0 && !string.Equals(reference.Host, c.Host, StringComparison.Ordinal))
                || (reference.Tag.Length > 0 && !string.Equals(reference.Tag, c.Tag, StringComparison.Ordinal)))
            {
                continue;
            }

            return new ToolforgeImage
            {
                Input = reference.Input,
                ShortName = c.Entry.Name,
                Type = ToolforgeNames.TypeStandard,
                Host = c.Host,
                Path = c.Path,
                Tag = c.Tag,
                State = c.Entry.State ?? ToolforgeNames.StateUnknown,
                Aliases = c.Entry.Aliases,
                Exists = true,
                Entry = c.Entry,
            };
        }

        return null;
    }

    private static ToolforgeImage? MatchHarbor(ToolforgeImageReference reference, IReadOnlyList<ToolforgeHarborImage> images)
    {
        var projectPrefix = reference.Project + "/";
        var nameSuffix = "/" + reference.Name;
        foreach (var image in images)
        {
            var path = image.Path;
            if ((reference.Host.Length > 0 && !string.Equals(reference.Host, image.Host, StringComparison.Ordinal))
                || !path.StartsWith(projectPrefix, StringComparison.Ordinal)
                || (reference.Name.Length > 0 && !path.EndsWith(nameSuffix, StringComparison.Ordinal))
                || (reference.Tag.Length > 0 && !string.Equals(reference.Tag, image.Tag, StringComparison.Ordinal))
                || (reference.Digest.Length > 0 && !string.Equals(reference.Digest, image.Digest, StringComparison.Ordinal)))
            {
                continue;
            }

            return new ToolforgeImage
            {
                Input = reference.Input,
                ShortName = reference.Digest.Length > 0 ? image.ShortName + "@" + reference.Digest : image.ShortName,
                Type = ToolforgeNames.TypeBuildservice,
                Host = image.Host,
                Path = path,
                Tag = image.Tag,
                Digest = reference.Digest,
                State = ToolforgeNames.StateStable,
                Aliases = new ToolforgeList<string>([image.ShortName + "@" + image.Digest]),
                Exists = true,
                Tool = reference.Tool,
            };
        }

        return null;
    }

    /// <summary>A Harbor image as the list of a tool's images shows it.</summary>
    public static ToolforgeImage FromHarbor(ToolforgeHarborImage image) => new()
    {
        Input = image.ShortName,
        ShortName = image.ShortName,
        Type = ToolforgeNames.TypeBuildservice,
        Host = image.Host,
        Path = image.Path,
        Tag = image.Tag,
        State = ToolforgeNames.StateStable,
        Aliases = new ToolforgeList<string>([image.ShortName + "@" + image.Digest]),
        Exists = true,
        Tool = image.Project.StartsWith(ToolforgeNames.ToolProjectPrefix, StringComparison.Ordinal) ? image.Project[ToolforgeNames.ToolProjectPrefix.Length..] : string.Empty,
    };

    /// <summary>An entry as the list of images shows it (its pull URL for <see cref="Variant"/>).</summary>
    public ToolforgeImage? FromEntry(ToolforgeImageEntry entry)
    {
        foreach (var c in _candidates)
        {
            if (ReferenceEquals(c.Entry, entry))
            {
                return new ToolforgeImage
                {
                    Input = entry.Name,
                    ShortName = entry.Name,
                    Type = ToolforgeNames.TypeStandard,
                    Host = c.Host,
                    Path = c.Path,
                    Tag = c.Tag,
                    State = entry.State ?? ToolforgeNames.StateUnknown,
                    Aliases = entry.Aliases,
                    Exists = true,
                    Entry = entry,
                };
            }
        }

        return null;
    }

    private static ToolforgeImage Unknown(ToolforgeImageReference reference)
    {
        var shortName = reference.Path;
        if (reference.Tag.Length > 0)
        {
            shortName += ":" + reference.Tag;
        }

        if (reference.Digest.Length > 0)
        {
            shortName += "@" + reference.Digest;
        }

        var buildservice = reference.Project.Length > 0;
        return new ToolforgeImage
        {
            Input = reference.Input,
            ShortName = shortName,
            Type = buildservice ? ToolforgeNames.TypeBuildservice : ToolforgeNames.TypeStandard,
            Host = reference.Host,
            Path = reference.Path,
            Tag = reference.Tag,
            Digest = reference.Digest,
            State = buildservice ? ToolforgeNames.StateStable : ToolforgeNames.StateUnknown,
            Aliases = buildservice && reference.Digest.Length > 0 ? new ToolforgeList<string>([shortName]) : ToolforgeList<string>.None,
            Exists = false,
            Tool = reference.Tool,
        };
    }

    /// <summary>
    /// Splits a catalog image (<c>host/path[:tag]</c>) as consumers do: the host is before the first
    /// slash, the tag after the first colon of the rest (<c>latest</c> when absent). Null when there is no slash.
    /// </summary>
    public static (string Host, string Path, string Tag)? SplitPullImage(string image)
    {
        var slash = image.IndexOf('/');
        if (slash <= 0 || slash == image.Length - 1)
        {
            return null;
        }

        var host = image[..slash];
        var rest = image[(slash + 1)..];
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            rest = rest[..at];
        }

        var colon = rest.IndexOf(':');
        return colon >= 0 ? (host, rest[..colon], rest[(colon + 1)..]) : (host, rest, ToolforgeNames.DefaultTag);
    }

    private static void Add(Dictionary<string, List<int>> byKey, string key, int index)
    {
        if (!byKey.TryGetValue(key, out var list))
        {
            byKey[key] = list = [];
        }

        if (list.Count == 0 || list[^1] != index)
        {
            list.Add(index);
        }
    }

    private sealed record Candidate(ToolforgeImageEntry Entry, string Host, string Path, string Tag);
}
