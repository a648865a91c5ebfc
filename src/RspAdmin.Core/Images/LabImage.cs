namespace RspAdmin.Core.Images;

/// <summary>
/// One lab image: a parsed tag in a registry repository, with its digest when known, and the other
/// tags that name the same image. An alias (<c>recommended</c>) whose digest matches a typed image
/// carries that image's tag in <see cref="AliasTarget"/> and a display name built from it.
/// </summary>
/// <remarks>
/// A <see cref="LabImageCollection"/> owns the images added to it: resolving aliases by digest
/// updates their <see cref="ParsedTag"/>, <see cref="Aliases"/> and <see cref="AliasTarget"/>.
/// Add an image to one collection only.
/// </remarks>
public sealed class LabImage
{
    private readonly SortedSet<string> _aliases = new(StringComparer.Ordinal);

    /// <summary>The digest shortened for tables: algorithm and the first 12 hex digits.</summary>
    public string? ShortDigest => Digest is null ? null : Digest[..Math.Min(Digest.Length, Digest.IndexOf(':') + 13)];

    /// <summary>Creates an image from a parsed tag.</summary>
    /// <param name="tag">The parsed tag (<see cref="LabImageTagParser.Parse"/> or <see cref="LabImageTagParser.ParseAlias"/>).</param>
    /// <param name="registry">Registry host and optional port, e.g. <c>ghcr.io</c>.</param>
    /// <param name="repository">Repository path inside the registry, e.g. <c>lsst-sqre/sciplat-lab</c>.</param>
    /// <param name="digest">Content digest (<c>sha256:...</c>), or null when not looked up.</param>
    /// <param name="size">The image's size in bytes as a node reports it (the pulled image), when known; never a manifest's length.</param>
    public LabImage(LabImageTag tag, string registry, string repository, string? digest = null, long? size = null)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentException.ThrowIfNullOrEmpty(registry);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ParsedTag = tag;
        Registry = registry;
        Repository = repository;
        Digest = string.IsNullOrEmpty(digest) ? null : digest;
        Size = size;
    }

    /// <summary>The parsed tag; replaced by its resolved form when the image turns out to be an alias.</summary>
    /// <remarks>Not a public property: its fields are the image's own, and output objects stay small.</remarks>
    internal LabImageTag ParsedTag { get; private set; }

    /// <summary>The parsed tag (resolved when the image is an alias), for callers that need the tag object itself.</summary>
    public LabImageTag GetParsedTag() => ParsedTag;

    /// <summary>The tag string.</summary>
    public string Tag => ParsedTag.Tag;

    /// <summary>
    /// What kind of image this is, by name (Alias, Release, Weekly, Daily, ReleaseCandidate, Experimental,
    /// Unknown; an Unknown tag becomes an Alias once resolved by digest). A name, so that ConvertTo-Json and
    /// Export-Csv write it as the operator reads it; <see cref="Kind"/> is the same as an enumeration value.
    /// </summary>
    public string Type => ParsedTag.Kind.ToString();

    /// <summary>What kind of image this is, as an enumeration value (for code; <see cref="Type"/> is its name).</summary>
    public LabImageType GetKind() => ParsedTag.Kind;

    /// <summary>The kind as an enumeration value.</summary>
    internal LabImageType Kind => ParsedTag.Kind;

    /// <summary>The name the spawner menu shows.</summary>
    public string DisplayName => ParsedTag.DisplayName;

    /// <summary>The content digest, or null when it was not looked up.</summary>
    public string? Digest { get; }

    /// <summary>
    /// The image's size in bytes as a node reports it (the pulled image, as kubelet lists it), when known; null
    /// when no node reports it. Everywhere in the module Size has this one meaning and unit.
    /// </summary>
    public long? Size { get; }

    /// <summary>Registry host (and port).</summary>
    public string Registry { get; }

    /// <summary>Repository path inside the registry.</summary>
    public string Repository { get; }

    /// <summary><c>registry/repository:tag</c>.</summary>
    public string Reference => $"{Registry}/{Repository}:{Tag}";

    /// <summary><c>registry/repository:tag@digest</c>, or <see cref="Reference"/> when the digest is unknown.</summary>
    public string ReferenceWithDigest => Digest is null ? Reference : $"{Reference}@{Digest}";

    /// <summary>Other tags known to name the same image, in ordinal order (not including <see cref="AliasTarget"/>).</summary>
    public IReadOnlyList<string> Aliases => Text.List(_aliases);

    /// <summary>For a resolved alias, the tag of the image it points at.</summary>
    public string? AliasTarget { get; private set; }

    /// <summary>The version of a release, weekly or daily (see <see cref="LabImageTag.Version"/>).</summary>
    public LabImageVersion? Version => ParsedTag.Version;

    /// <summary>The weekly's Thursday or the daily's day (inherited by a resolved alias).</summary>
    public DateTime? Date => ParsedTag.Date;

    /// <summary>The SAL cycle (a resolved alias takes its target's).</summary>
    public int? Cycle => ParsedTag.Cycle;

    /// <summary>The build within the SAL cycle.</summary>
    public int? CycleBuild => ParsedTag.CycleBuild;

    /// <summary>The RSP build number.</summary>
    public int? RspBuild => ParsedTag.RspBuild;

    /// <summary>Free text after the known tag suffixes.</summary>
    public string? Extra => ParsedTag.Extra;

    /// <summary>The architecture suffix, if any.</summary>
    public string? Architecture => ParsedTag.Architecture;

    /// <summary>True when the image is one architecture of a multi-architecture image; such images are hidden from menus.</summary>
    public bool IsArchitectureSpecific => ParsedTag.IsArchitectureSpecific;

    /// <summary>True for tags that may turn out to be aliases of another image: Alias and Unknown.</summary>
    public bool IsPossibleAlias => Kind is LabImageType.Alias or LabImageType.Unknown;

    /// <summary>The other tags of this image, including the alias target, in ordinal order.</summary>
    public IReadOnlyList<string> AllOtherTags
    {
        get
        {
            var all = new SortedSet<string>(_aliases, StringComparer.Ordinal);
            if (AliasTarget is not null)
            {
                all.Add(AliasTarget);
            }

            return Text.List(all);
        }
    }

    public override string ToString() => Reference;

    internal bool HasAlias(string tag) => _aliases.Contains(tag);

    internal IReadOnlyList<string> AliasSnapshot() => _aliases.ToArray();

    internal void AddAlias(string tag)
    {
        if (!string.Equals(tag, Tag, StringComparison.Ordinal))
        {
            _aliases.Add(tag);
        }
    }

    /// <summary>
    /// Makes this image an alias of <paramref name="target"/> (an image with the same digest): the
    /// type becomes Alias, the display name is rebuilt from the target's, the target's other
    /// aliases become this image's and this tag becomes one of the target's.
    /// </summary>
    internal void ResolveAliasOf(LabImage target)
    {
        if (!IsPossibleAlias)
        {
            throw new InvalidOperationException($"Only alias and unknown images can be resolved; {Tag} is {Type}.");
        }

        AliasTarget = target.Tag;
        foreach (var alias in target.AliasSnapshot())
        {
            AddAlias(alias);
        }

        target.AddAlias(Tag);
        ParsedTag = LabImageTagParser.ResolveAlias(ParsedTag, target.ParsedTag);
    }
}
