using RspAdmin.Core.Config;
using RspAdmin.Core.Phalanx;
using RspAdmin.Core.Yaml;
using RspAdmin.Core.Images;
using RspAdmin.Core.Registry;

namespace RspAdmin.Core.Promotion;

/// <summary>
/// Plans the edits of a Phalanx checkout that keep a promoted image prepulled under its own tag, so the spawner
/// menu can name the recommended image's version. Nothing is written: each <see cref="LabImagePrepullChange"/>
/// carries its diff and is saved on its own.
/// </summary>
/// <remarks>
/// <para>Nublado v3 (<c>applications/nublado/values-ENV.yaml</c>): with a Docker source, the tag is added to
/// <c>controller.config.images.pin</c> unless the prepull set already holds it (it is among the newest
/// <c>numReleases</c>/<c>numWeeklies</c>/<c>numDailies</c> of its kind, or pinned). When the environment's file
/// has no pin list of its own but the chart's values.yaml pins tags, those are copied first, since Helm replaces
/// lists rather than merging them. A Google Artifact Registry source needs no pin (its listing gives every
/// digest); the file is left alone.</para>
/// <para>Legacy cachemachine (<c>applications/cachemachine/values-ENV.yaml</c>): every autostart document gets a
/// SimpleRepoMan entry with <c>image_url</c> and the display <c>name</c>; an entry of an earlier weekly or daily
/// of the same image is pointed at the new tag, as the documented procedure does.</para>
/// <para>Pruning (only when asked): a weekly or daily pin, or SimpleRepoMan entry, other than the promoted tag is
/// taken to be one an earlier promotion added, since weeklies and dailies are pinned only to keep a former
/// recommended image resolvable; pinned releases, candidates, experimental and other tags are never touched.</para>
/// </remarks>
public static class LabImagePrepullPlanner
{
    /// <summary>The key path of Nublado's pin list.</summary>
    public static readonly YamlPath PinPath = YamlPath.Parse("controller.config.images.pin");

    /// <summary>
    /// Plans the edits for <paramref name="environment"/> of the checkout at <paramref name="phalanxRoot"/>.
    /// </summary>
    /// <param name="phalanxRoot">The root of a Phalanx checkout (it holds <c>applications/</c>).</param>
    /// <param name="environment">The environment, e.g. <c>usdfprod</c>.</param>
    /// <param name="tag">The tag to keep prepulled (the recommended image's own tag).</param>
    /// <param name="prune">Also remove pins and entries earlier promotions added (see remarks).</param>
    /// <param name="listTags">Lists the registry's tags for a Docker source (called at most once).</param>
    /// <param name="cancellationToken">Cancels the registry call.</param>
    /// <exception cref="LabImagePrepullException">The environment is missing, or the tag cannot be prepulled there.</exception>
    /// <exception cref="LabImageConfigException">The nublado values cannot be read.</exception>
    /// <exception cref="YamlEditException">A values file cannot be edited safely (duplicate keys, anchors on the path...).</exception>
    /// <exception cref="RegistryException">The tag list could not be read.</exception>
    public static async Task<IReadOnlyList<LabImagePrepullChange>> PlanAsync(
        string phalanxRoot,
        string environment,
        string tag,
        bool prune,
        Func<LabImageConfig, CancellationToken, Task<IReadOnlyList<string>>> listTags,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(phalanxRoot);
        ArgumentException.ThrowIfNullOrEmpty(environment);
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(listTags);
        var checkout = new PhalanxCheckout(phalanxRoot);
        checkout.EnsureExists();
        var root = checkout.Root;
        var parsed = CheckTag(tag);

        var nublado = checkout.EnvironmentValuesPath("nublado", environment);
        var cachemachine = checkout.EnvironmentValuesPath("cachemachine", environment);
        var validName = PhalanxCheckout.IsEnvironmentName(environment);
        if (!validName || (!File.Exists(nublado) && !File.Exists(cachemachine)))
        {
            var known = checkout.Environments("nublado").Union(checkout.Environments("cachemachine")).Order(StringComparer.Ordinal).ToList();
            throw new LabImagePrepullException(
                LabImagePrepullErrorReason.EnvironmentNotFound,
                $"There are no nublado or cachemachine values for environment '{environment}' (looked for applications/nublado/values-{environment}.yaml and applications/cachemachine/values-{environment}.yaml). Environments: {(known.Count == 0 ? "none" : string.Join(", ", known))}.",
                root);
        }

        var changes = new List<LabImagePrepullChange>();
        if (File.Exists(nublado))
        {
            changes.Add(await PlanNubladoAsync(root, environment, nublado, tag, parsed, prune, listTags, cancellationToken).ConfigureAwait(false));
        }

        if (File.Exists(cachemachine))
        {
            changes.AddRange(PlanCachemachine(root, environment, cachemachine, tag, parsed, prune));
        }

        return changes;
    }

    private static LabImageTag CheckTag(string tag)
    {
        if (!ImageReference.IsValidTag(tag))
        {
            throw new LabImagePrepullException(LabImagePrepullErrorReason.InvalidTag, $"'{tag}' is not a tag.");
        }

        var parsed = LabImageTagParser.Parse(tag);
        if (parsed.IsArchitectureSpecific)
        {
            throw new LabImagePrepullException(
                LabImagePrepullErrorReason.ArchitectureSpecific,
                $"'{tag}' is the {parsed.Architecture} image of a multi-architecture image; the prepuller never pulls architecture-specific tags. Use '{tag[..tag.LastIndexOf('-')]}'.");
        }

        return parsed;
    }

    private static void CheckCycle(LabImageTag parsed, int? cycle, string path)
    {
        if (cycle is { } wanted && parsed.Cycle != wanted)
        {
            throw new LabImagePrepullException(
                LabImagePrepullErrorReason.WrongCycle,
                $"'{parsed.Tag}' is not of SAL cycle {wanted}, the only cycle this environment prepulls; it would be ignored.",
                path);
        }
    }

    private static async Task<LabImagePrepullChange> PlanNubladoAsync(
        string root,
        string environment,
        string path,
        string tag,
        LabImageTag parsed,
        bool prune,
        Func<LabImageConfig, CancellationToken, Task<IReadOnlyList<string>>> listTags,
        CancellationToken cancellationToken)
    {
        var relative = Relative(root, path);
        var document = EditableYamlDocument.Load(path);
        var config = LabImageConfigReader.ReadPhalanx(root, environment);
        if (config.Source.Kind == LabImageSourceType.Google)
        {
            return new LabImagePrepullChange(
                LabImagePrepullApplication.Nublado, environment, relative, document, tag, LabImagePrepullOutcome.NotNeededForGoogle,
                $"{environment} reads images from Google Artifact Registry, whose listing gives every tag's digest, so the menu names the recommended image without a pin; {relative} is left as it is.",
                [], []);
        }

        CheckCycle(parsed, config.Cycle, path);
        var tags = await listTags(config, cancellationToken).ConfigureAwait(false);
        if (!tags.Contains(tag, StringComparer.Ordinal))
        {
            throw new LabImagePrepullException(
                LabImagePrepullErrorReason.TagNotFound, $"{config.Registry}/{config.Repository} has no tag '{tag}'; nothing was changed.", path);
        }

        var menuOrdered = LabImageCatalogBuilder.ParseTags(tags, config);
        var covered = LabImageCatalogBuilder.SelectPrepull(menuOrdered, config.NumReleases, config.NumWeeklies, config.NumDailies, [config.RecommendedTag])
            .Any(t => t.Tag == tag);
        var added = new List<string>();
        var removed = new List<string>();
        LabImagePrepullOutcome outcome;
        string reason;
        if (config.Pin.Contains(tag, StringComparer.Ordinal))
        {
            outcome = LabImagePrepullOutcome.AlreadyPinned;
            reason = $"{tag} is already pinned for {environment}.";
        }
        else if (covered)
        {
            outcome = LabImagePrepullOutcome.CoveredByPrepullSet;
            reason = $"{tag} is among the newest images every node of {environment} prepulls, so the menu can name it without a pin (pin it once it leaves them).";
        }
        else
        {
            // Helm replaces lists: an environment list must repeat the chart's own pins.
            if (document.GetSequence(PinPath) is null)
            {
                foreach (var inherited in config.Pin)
                {
                    document.EnsureSequenceItem(PinPath, inherited);
                }
            }

            document.EnsureSequenceItem(PinPath, tag);
            added.Add(tag);
            outcome = LabImagePrepullOutcome.Pinned;
            reason = $"{tag} is not among the newest images {environment} prepulls; pinning it lets the menu show which image is recommended.";
        }

        if (prune)
        {
            foreach (var pin in document.GetSequence(PinPath) ?? [])
            {
                var type = LabImageTagParser.Parse(pin).Kind;
                if (pin != tag && type is LabImageType.Weekly or LabImageType.Daily && document.RemoveSequenceItem(PinPath, pin))
                {
                    removed.Add(pin);
                }
            }

            if (removed.Count > 0)
            {
                reason += $" Pruned the pins of earlier recommended images: {string.Join(", ", removed)}.";
            }
        }

        return new LabImagePrepullChange(LabImagePrepullApplication.Nublado, environment, relative, document, tag, outcome, reason, added, removed);
    }

    private static IEnumerable<LabImagePrepullChange> PlanCachemachine(string root, string environment, string path, string tag, LabImageTag parsed, bool prune)
    {
        var relative = Relative(root, path);
        var document = EditableYamlDocument.Load(path);
        var values = ConfigYamlLoader.Parse(document.Text, path);
        var autostart = values.Kind == ConfigNodeKind.Mapping ? values.Find("autostart") : null;
        var names = autostart?.Value.Kind == ConfigNodeKind.Mapping
            ? autostart.Value.Entries.Where(e => e.Value.Kind == ConfigNodeKind.Scalar).Select(e => e.Key).ToList()
            : [];

        var outcomes = new List<LabImagePrepullOutcome>();
        var added = new List<string>();
        var removed = new List<string>();
        foreach (var name in names)
        {
            // The editor reads the JSON: a document that does not parse (a trailing comma, a missing
            // quote) is refused as Yaml.NotJson with the value's position and the JSON error's, rather
            // than passed over as if it named no repository.
            document.EditJson(new YamlPath("autostart", name), edited =>
            {
                if (CachemachineRecommendedImage.FindRepository(edited) is not { } repository)
                {
                    return edited;
                }

                CheckCycle(parsed, repository.Cycle, path);
                var (outcome, add, remove) = CachemachineRecommendedImage.Apply(edited, repository.Image, tag, prune);
                outcomes.Add(outcome);
                added.AddRange(add);
                removed.AddRange(remove);
                return edited;
            });
        }

        if (outcomes.Count == 0)
        {
            throw new LabImagePrepullException(
                LabImagePrepullErrorReason.NoRepositoryManager,
                "No autostart document has a RubinRepoMan or RubinRepoGar to take the image repository from; add the SimpleRepoMan entry by hand.",
                path);
        }

        var final = outcomes.Contains(LabImagePrepullOutcome.ImageReplaced) ? LabImagePrepullOutcome.ImageReplaced
            : outcomes.Contains(LabImagePrepullOutcome.ImageListed) ? LabImagePrepullOutcome.ImageListed
            : LabImagePrepullOutcome.AlreadyListed;
        var display = LabImageTagParser.Parse(tag).DisplayName;
        var reason = final switch
        {
            LabImagePrepullOutcome.AlreadyListed => $"cachemachine already prepulls {tag} as '{display}' on every node of {environment}.",
            LabImagePrepullOutcome.ImageReplaced when removed.Count > 0 => $"The SimpleRepoMan entry of the former recommended image ({string.Join(", ", removed)}) now names {tag} as '{display}', so every node pulls it under its own tag.",
            LabImagePrepullOutcome.ImageReplaced => $"The SimpleRepoMan entry of {tag} is now named '{display}'.",
            _ => $"A SimpleRepoMan entry makes every node of {environment} pull {tag} under its own tag, as '{display}'.",
        };

        yield return new LabImagePrepullChange(LabImagePrepullApplication.Cachemachine, environment, relative, document, tag, final, reason, added, removed);
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
