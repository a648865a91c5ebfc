using System.Collections.Concurrent;
using RspAdmin.Core.Config;
using RspAdmin.Core.Images;
using RspAdmin.Core.Registry;

namespace RspAdmin.Core.Promotion;

/// <summary>
/// Moves a repository's recommended tag to an approved image in two steps: <see cref="PlanAsync"/> checks the
/// tag, reads its manifest and what the recommended tag names now, and works out what the spawner menu will
/// say; <see cref="ApplyAsync"/> stores that same manifest under the recommended tag and verifies the digest.
/// Nothing is written before <see cref="ApplyAsync"/>, so a refusal or failure during planning changes nothing.
/// </summary>
public static class RecommendedTagService
{
    /// <summary>The default number of digest lookups spent looking for the tags the recommended tag names now.</summary>
    public const int DefaultMaxPreviousTagLookups = 64;

    private const int LookupBatch = 8;

    /// <summary>
    /// Refuses tags that cannot be the recommended image under <paramref name="config"/>: malformed, the
    /// recommended tag itself or another alias tag, architecture-specific, or of another SAL cycle. Needs no
    /// registry.
    /// </summary>
    /// <exception cref="LabImagePromotionException">The refusal, with its reason.</exception>
    public static LabImageTag ValidateTag(LabImageConfig config, string tag)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tag);
        LabImageRetagger.ValidateTags(tag, config.RecommendedTag);
        var reference = $"{config.Registry}/{config.Repository}:{tag}";
        if (config.AliasTags.Contains(tag, StringComparer.Ordinal))
        {
            throw new LabImagePromotionException(
                LabImagePromotionErrorReason.AliasTag,
                $"'{tag}' is an alias tag of {config.Registry}/{config.Repository}; promote the image it names (a release, weekly or daily tag).",
                reference);
        }

        var parsed = LabImageTagParser.Parse(tag);
        if (parsed.IsArchitectureSpecific)
        {
            var whole = tag[..tag.LastIndexOf('-')];
            throw new LabImagePromotionException(
                LabImagePromotionErrorReason.ArchitectureSpecific,
                $"'{tag}' is the {parsed.Architecture} image of a multi-architecture image; promote the image for every architecture ('{whole}') instead.",
                reference);
        }

        if (config.Cycle is { } cycle && parsed.Cycle != cycle)
        {
            var has = parsed.Cycle is { } c ? $"is of SAL cycle {c}" : "has no SAL cycle";
            throw new LabImagePromotionException(
                LabImagePromotionErrorReason.WrongCycle,
                $"'{tag}' {has}, but {config.Environment ?? "this environment"} only shows images of cycle {cycle} ({config.RecommendedTag}); promote a _c{cycle:0000} tag.",
                reference);
        }

        return parsed;
    }

    /// <summary>
    /// Works out what moving the recommended tag to <paramref name="tag"/> would do, without writing: checks
    /// the tag (<see cref="ValidateTag"/>), reads its manifest (and checks <paramref name="expectedDigest"/>),
    /// reads the recommended tag's digest, lists the repository's tags and looks up digests of the prepull set
    /// and, to find the other tags of the current recommended image, of the newest releases, weeklies and
    /// dailies (at most <paramref name="maxPreviousTagLookups"/> lookups).
    /// </summary>
    /// <exception cref="LabImagePromotionException">A refusal: invalid, alias, architecture-specific or other-cycle tag, a tag that does not exist, or an unexpected digest.</exception>
    /// <exception cref="RegistryException">The registry could not be read.</exception>
    public static async Task<RecommendedTagPlan> PlanAsync(
        RegistryClient client,
        LabImageConfig config,
        string tag,
        string? expectedDigest,
        CancellationToken cancellationToken,
        int maxPreviousTagLookups = DefaultMaxPreviousTagLookups)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPreviousTagLookups);
        var parsed = ValidateTag(config, tag);
        var repository = config.Repository;
        var recommended = config.RecommendedTag;

        var manifest = await LabImageRetagger.ReadAsync(client, repository, tag, expectedDigest, cancellationToken).ConfigureAwait(false);
        var digests = new ConcurrentDictionary<string, string>(StringComparer.Ordinal) { [tag] = manifest.Digest };
        string? previous = null;
        try
        {
            previous = (await client.HeadManifestAsync(repository, recommended, cancellationToken).ConfigureAwait(false)).Digest;
            digests[recommended] = previous;
        }
        catch (RegistryException e) when (e.Reason == RegistryErrorKind.ManifestNotFound)
        {
            // The recommended tag does not exist yet: the move creates it.
        }

        var names = (await client.ListTagsAsync(repository, cancellationToken: cancellationToken).ConfigureAwait(false)).ToList();
        if (!names.Contains(recommended, StringComparer.Ordinal))
        {
            names.Add(recommended);
        }

        async Task<string> LookUp(string name, CancellationToken token)
        {
            if (digests.TryGetValue(name, out var known))
            {
                return known;
            }

            try
            {
                known = (await client.HeadManifestAsync(repository, name, token).ConfigureAwait(false)).Digest;
            }
            catch (RegistryException e) when (e.Reason == RegistryErrorKind.ManifestNotFound)
            {
                known = string.Empty; // deleted since it was listed
            }

            digests[name] = known;
            return known;
        }

        var isDocker = config.Source.Kind == LabImageSourceType.Docker;
        var options = new LabImageCatalogOptions { ResolveDigest = LabImageDigestMode.PrepullSet };
        var currentNames = previous is null ? names.Where(n => n != recommended).ToList() : names;
        var before = await new LabImageCatalogBuilder(config).BuildAsync(currentNames, LookUp, options, cancellationToken).ConfigureAwait(false);
        var tagPrepulled = before.PrepullSet.Any(i => i.Tag == tag);

        var previousTags = previous is null
            ? new List<string>()
            : await FindTagsOfAsync(previous, before, config, LookUp, digests, maxPreviousTagLookups, cancellationToken).ConfigureAwait(false);

        // After the move the recommended tag names the promoted manifest.
        Task<string> LookUpAfter(string name, CancellationToken token) =>
            name == recommended ? Task.FromResult(manifest.Digest) : LookUp(name, token);
        var after = await new LabImageCatalogBuilder(config).BuildAsync(names, LookUpAfter, options, cancellationToken).ConfigureAwait(false);
        var afterPin = await new LabImageCatalogBuilder(WithPin(config, tag)).BuildAsync(names, LookUpAfter, options, cancellationToken).ConfigureAwait(false);

        string? currentDisplay;
        string displayAfter;
        string displayAfterPin;
        if (isDocker)
        {
            currentDisplay = previous is null ? null : before.Recommended?.DisplayName ?? LabImageTagParser.ParseAlias(recommended).DisplayName;
            displayAfter = after.Recommended?.DisplayName ?? ResolvedDisplayName(config, parsed, manifest.Digest);
            displayAfterPin = afterPin.Recommended?.DisplayName ?? ResolvedDisplayName(config, parsed, manifest.Digest);
        }
        else
        {
            // A Google listing gives every tag's digest, so the recommended image always resolves when its target exists.
            var typedPrevious = previousTags.Select(LabImageTagParser.Parse).FirstOrDefault(t => !IsPossibleAlias(t));
            currentDisplay = previous is null ? null
                : typedPrevious is null ? LabImageTagParser.Parse(recommended).DisplayName
                : LabImageTagParser.ResolveAlias(LabImageTagParser.Parse(recommended), typedPrevious).DisplayName;
            displayAfter = displayAfterPin = ResolvedDisplayName(config, parsed, manifest.Digest);
        }

        return new RecommendedTagPlan(config, tag, manifest)
        {
            PreviousDigest = previous,
            PreviousTags = previousTags,
            CurrentDisplayName = currentDisplay,
            DisplayNameAfter = displayAfter,
            DisplayNameAfterPin = displayAfterPin,
            IsTagPrepulled = tagPrepulled,
        };
    }

    /// <summary>
    /// Carries out <paramref name="plan"/>: stores the manifest read while planning under the recommended tag
    /// (one <c>PUT</c>, the same bytes and media type) and verifies with one <c>HEAD</c> that the registry reports
    /// its digest. A plan whose recommended tag already names the digest writes nothing.
    /// </summary>
    /// <returns>The recommended image as the menu will show it, resolved to the promoted tag.</returns>
    /// <exception cref="LabImagePromotionException"><c>Promotion.VerificationFailed</c>, saying what the registry now holds.</exception>
    /// <exception cref="RegistryException">The registry refused the <c>PUT</c>; nothing changed.</exception>
    public static async Task<LabImage> ApplyAsync(RegistryClient client, RecommendedTagPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.IsUnchanged)
        {
            await LabImageRetagger.WriteAsync(client, plan.Repository, plan.Tag, plan.Manifest, plan.RecommendedTag, cancellationToken).ConfigureAwait(false);
        }

        var resolved = ResolvedImage(plan.Config, LabImageTagParser.Parse(plan.Tag), plan.Digest, null);
        if (string.Equals(resolved.DisplayName, plan.DisplayNameAfter, StringComparison.Ordinal))
        {
            return resolved;
        }

        // The menu cannot name the image until its tag is prepulled: show it as the menu does.
        var config = plan.Config;
        var recommendedTag = config.AliasTagSet.Contains(config.RecommendedTag)
            ? LabImageTagParser.ParseAlias(config.RecommendedTag)
            : LabImageTagParser.Parse(config.RecommendedTag);
        return new LabImage(recommendedTag, config.Registry, config.Repository, plan.Digest);
    }

    /// <summary>The recommended image of <paramref name="config"/> resolved as an alias of <paramref name="target"/>.</summary>
    internal static LabImage ResolvedImage(LabImageConfig config, LabImageTag target, string digest, long? size)
    {
        var recommendedTag = config.AliasTagSet.Contains(config.RecommendedTag)
            ? LabImageTagParser.ParseAlias(config.RecommendedTag)
            : LabImageTagParser.Parse(config.RecommendedTag);
        var targetImage = new LabImage(target, config.Registry, config.Repository, digest, size);
        var recommended = new LabImage(recommendedTag, config.Registry, config.Repository, digest, size);
        _ = new LabImageCollection([targetImage, recommended]);
        return recommended;
    }

    private static string ResolvedDisplayName(LabImageConfig config, LabImageTag target, string digest) =>
        ResolvedImage(config, target, digest, null).DisplayName;

    private static bool IsPossibleAlias(LabImageTag tag) => tag.Kind is LabImageType.Alias or LabImageType.Unknown;

    // The tags whose digest is the recommended tag's: the prepull set first (already looked up), then
    // typed tags newest first in batches until a typed one matches or the budget is spent.
    private static async Task<List<string>> FindTagsOfAsync(
        string digest,
        LabImageCatalog catalog,
        LabImageConfig config,
        Func<string, CancellationToken, Task<string>> lookUp,
        ConcurrentDictionary<string, string> digests,
        int budget,
        CancellationToken cancellationToken)
    {
        var recommended = config.RecommendedTag;
        bool FoundTyped() => digests.Any(d => d.Value == digest && d.Key != recommended && !IsPossibleAlias(LabImageTagParser.Parse(d.Key)));

        var candidates = catalog.PrepullSet.Select(i => i.Tag)
            .Concat(catalog.Images.AllImages(hideArchitectureSpecific: true)
                .Where(i => i.Kind is LabImageType.Release or LabImageType.Weekly or LabImageType.Daily or LabImageType.ReleaseCandidate)
                .Select(i => i.Tag))
            .Where(t => t != recommended)
            .Distinct(StringComparer.Ordinal)
            .Where(t => !digests.ContainsKey(t))
            .ToList();

        var spent = 0;
        for (var start = 0; start < candidates.Count && spent < budget && !FoundTyped(); start += LookupBatch)
        {
            var batch = candidates.Skip(start).Take(Math.Min(LookupBatch, budget - spent)).ToList();
            spent += batch.Count;
            await Task.WhenAll(batch.Select(t => lookUp(t, cancellationToken))).ConfigureAwait(false);
        }

        var order = catalog.Images.AllImages(hideArchitectureSpecific: false).Select((image, index) => (image.Tag, index)).ToDictionary(p => p.Tag, p => p.index, StringComparer.Ordinal);
        return digests.Where(d => d.Value == digest && d.Key != recommended)
            .Select(d => d.Key)
            .OrderBy(t => order.GetValueOrDefault(t, int.MaxValue))
            .ThenBy(t => t, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The release, weekly, daily and release-candidate tags of <paramref name="catalog"/> that name
    /// <paramref name="digest"/>, looking digests up in the registry newest first (those the catalog already
    /// knows first), at most <paramref name="budget"/> lookups, stopping at the first typed match.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindTagsOfDigestAsync(
        RegistryClient client, LabImageCatalog catalog, string digest, CancellationToken cancellationToken, int budget = DefaultMaxPreviousTagLookups)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        var repository = catalog.Config.Repository;
        var digests = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in catalog.Images.AllImages(hideArchitectureSpecific: false))
        {
            if (image.Digest is not null)
            {
                digests[image.Tag] = image.Digest;
            }
        }

        async Task<string> LookUp(string name, CancellationToken token)
        {
            if (digests.TryGetValue(name, out var known))
            {
                return known;
            }

            try
            {
                known = (await client.HeadManifestAsync(repository, name, token).ConfigureAwait(false)).Digest;
            }
            catch (RegistryException e) when (e.Reason == RegistryErrorKind.ManifestNotFound)
            {
                known = string.Empty;
            }

            digests[name] = known;
            return known;
        }

        var tags = await FindTagsOfAsync(digest, catalog, catalog.Config, LookUp, digests, budget, cancellationToken).ConfigureAwait(false);
        return tags.Where(t => !IsPossibleAlias(LabImageTagParser.Parse(t))).ToArray();
    }

    /// <summary>A copy of <paramref name="config"/> whose pins include <paramref name="tag"/>.</summary>
    internal static LabImageConfig WithPin(LabImageConfig config, string tag) => config with
    {
        Pin = config.Pin.Contains(tag, StringComparer.Ordinal) ? config.Pin : [.. config.Pin, tag],
    };
}
