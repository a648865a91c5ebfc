namespace RspAdmin.Core.Images;

/// <summary>
/// A set of lab images, one per tag, kept in menu order, that works out which tags name the same
/// image by digest: an Alias or Unknown image whose digest equals a typed image's becomes an alias
/// of it (<c>recommended</c> → <c>Recommended (Weekly 2077_43)</c>).
/// </summary>
/// <remarks>
/// <para>Built in bulk, the first typed image of a digest in input order is its primary image
/// (the alias target); later typed images with that digest are recorded as its aliases. Added one by
/// one with <see cref="Add"/>, the most recently added typed image becomes the primary and the
/// aliases re-point to it.</para>
/// <para>Two possible aliases with the same digest and no typed image record each other as aliases
/// and stay unresolved until a typed image with that digest arrives. Images without a digest take
/// no part in alias resolution.</para>
/// </remarks>
public sealed class LabImageCollection
{
    private Dictionary<string, LabImage> _byTag = new(StringComparer.Ordinal);
    private Dictionary<string, LabImage> _byDigest = new(StringComparer.Ordinal);
    private Dictionary<string, List<LabImage>> _unresolved = new(StringComparer.Ordinal);
    private List<LabImage> _sorted = new();

    /// <summary>Creates an empty collection.</summary>
    public LabImageCollection()
    {
    }

    /// <summary>Creates a collection from images in input order (which decides primaries, see remarks).</summary>
    public LabImageCollection(IEnumerable<LabImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        ReplaceContents(images.ToList());
    }

    /// <summary>Number of images (tags) in the collection.</summary>
    public int Count => _byTag.Count;

    /// <summary>
    /// Adds an image. A typed image whose digest is already known becomes the primary image for that
    /// digest; a possible alias is resolved against the primary if there is one.
    /// </summary>
    /// <exception cref="ArgumentException">The collection already has an image with this tag.</exception>
    public void Add(LabImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_byTag.ContainsKey(image.Tag))
        {
            throw new ArgumentException($"The collection already holds tag '{image.Tag}'.", nameof(image));
        }

        // A typed image arriving for a digest that only unresolved aliases have: re-index everything,
        // since promoted Unknown images change group and so their place in the order.
        if (!image.IsPossibleAlias && image.Digest is not null && _unresolved.ContainsKey(image.Digest))
        {
            var all = new List<LabImage>(_sorted) { image };
            ReplaceContents(all);
            return;
        }

        _byTag[image.Tag] = image;
        if (image.Digest is not null)
        {
            if (_byDigest.TryGetValue(image.Digest, out var existing))
            {
                ResolveDuplicate(image, existing);
            }
            else
            {
                _byDigest[image.Digest] = image;
                if (image.IsPossibleAlias)
                {
                    Unresolved(image.Digest).Add(image);
                }
            }
        }

        Resort();
    }

    /// <summary>The image with this tag, or null.</summary>
    public LabImage? ImageForTag(string tag) =>
        tag is not null && _byTag.TryGetValue(tag, out var image) ? image : null;

    /// <summary>The primary image with this digest (a typed image when there is one), or null.</summary>
    public LabImage? ImageForDigest(string digest) =>
        digest is not null && _byDigest.TryGetValue(digest, out var image) ? image : null;

    /// <summary>The newest image of a type, architecture-specific images included (as Nublado does), or null.</summary>
    public LabImage? Latest(LabImageType type) => _sorted.FirstOrDefault(i => i.Kind == type);

    /// <summary>True when an image with this tag is in the collection.</summary>
    public bool Contains(string tag) => _byTag.ContainsKey(tag);

    /// <summary>
    /// The images in menu order (group, then newest first).
    /// </summary>
    /// <param name="hideAliased">Hide a typed image that an Alias in this collection targets (the menu shows it once, under the alias).</param>
    /// <param name="hideArchitectureSpecific">Hide images of one architecture (the default).</param>
    /// <param name="hideResolvedAliases">Hide aliases whose target is in this collection (prepull status lists the real images).</param>
    public IEnumerable<LabImage> AllImages(bool hideAliased = false, bool hideArchitectureSpecific = true, bool hideResolvedAliases = false)
    {
        foreach (var image in _sorted)
        {
            if (hideArchitectureSpecific && image.IsArchitectureSpecific)
            {
                continue;
            }

            if (hideAliased && IsAliased(image))
            {
                continue;
            }

            if (hideResolvedAliases && image.AliasTarget is not null && _byTag.ContainsKey(image.AliasTarget))
            {
                continue;
            }

            yield return image;
        }
    }

    private bool IsAliased(LabImage image)
    {
        if (image.Kind == LabImageType.Alias)
        {
            return false;
        }

        foreach (var alias in image.AliasSnapshot())
        {
            if (_byTag.TryGetValue(alias, out var other)
                && other.Kind == LabImageType.Alias
                && string.Equals(other.AliasTarget, image.Tag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void ReplaceContents(List<LabImage> images)
    {
        _byTag = new Dictionary<string, LabImage>(StringComparer.Ordinal);
        _byDigest = new Dictionary<string, LabImage>(StringComparer.Ordinal);
        _unresolved = new Dictionary<string, List<LabImage>>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            if (!_byTag.TryAdd(image.Tag, image))
            {
                throw new ArgumentException($"Tag '{image.Tag}' appears more than once.", nameof(images));
            }
        }

        // Typed images first, in input order: the first of a digest is its primary.
        var possibleAliases = new List<LabImage>();
        foreach (var image in images)
        {
            if (image.Digest is null)
            {
                continue;
            }

            if (image.IsPossibleAlias)
            {
                possibleAliases.Add(image);
            }
            else if (_byDigest.TryGetValue(image.Digest, out var primary))
            {
                ResolveDuplicate(primary, image);
            }
            else
            {
                _byDigest[image.Digest] = image;
            }
        }

        // Then the possible aliases, now that every typed image is indexed.
        foreach (var image in possibleAliases)
        {
            if (_byDigest.TryGetValue(image.Digest!, out var other))
            {
                ResolveDuplicate(image, other);
            }
            else
            {
                Unresolved(image.Digest!).Add(image);
                _byDigest[image.Digest!] = image;
            }
        }

        Resort();
    }

    /// <summary>
    /// Handles two images with one digest. <paramref name="newer"/> is the one that wins: it becomes
    /// the alias target (if typed) or is resolved against <paramref name="older"/> (if a possible alias).
    /// </summary>
    private void ResolveDuplicate(LabImage newer, LabImage older)
    {
        if (newer.IsPossibleAlias)
        {
            if (older.IsPossibleAlias)
            {
                newer.AddAlias(older.Tag);
                older.AddAlias(newer.Tag);
                Unresolved(newer.Digest!).Add(newer);
            }
            else
            {
                newer.ResolveAliasOf(older);
            }

            foreach (var alias in older.AliasSnapshot())
            {
                if (!string.Equals(alias, newer.Tag, StringComparison.Ordinal) && _byTag.TryGetValue(alias, out var other))
                {
                    other.AddAlias(newer.Tag);
                }
            }

            return;
        }

        // Both typed: the newer one becomes the primary; aliases that pointed at the older one re-point.
        newer.AddAlias(older.Tag);
        foreach (var alias in older.AliasSnapshot())
        {
            if (string.Equals(alias, newer.Tag, StringComparison.Ordinal) || !_byTag.TryGetValue(alias, out var other))
            {
                continue;
            }

            newer.AddAlias(alias);
            if (string.Equals(other.AliasTarget, older.Tag, StringComparison.Ordinal))
            {
                other.ResolveAliasOf(newer);
                other.AddAlias(older.Tag);
            }
            else
            {
                other.AddAlias(newer.Tag);
            }
        }

        older.AddAlias(newer.Tag);
        _byDigest[newer.Digest!] = newer;
    }

    private List<LabImage> Unresolved(string digest)
    {
        if (!_unresolved.TryGetValue(digest, out var list))
        {
            list = new List<LabImage>();
            _unresolved[digest] = list;
        }

        return list;
    }

    private void Resort()
    {
        // Images usually arrive in menu order already (a catalog adds them so); checking costs one
        // comparison per image, sorting about log2(n) of them.
        var sorted = _byTag.Values.ToList();
        var inOrder = true;
        for (var i = 1; i < sorted.Count && inOrder; i++)
        {
            inOrder = LabImageTagComparer.MenuOrder.Compare(sorted[i - 1].ParsedTag, sorted[i].ParsedTag) <= 0;
        }

        if (!inOrder)
        {
            sorted.Sort((a, b) => LabImageTagComparer.MenuOrder.Compare(a.ParsedTag, b.ParsedTag));
        }

        _sorted = sorted;
    }
}
