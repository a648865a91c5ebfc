using System.Text.RegularExpressions;

namespace RspAdmin.Core.Toolforge;

/// <summary>
/// Checks an image catalog for what breaks or confuses its consumers: names claimed by two entries
/// (reverse mapping then depends on file order), missing or unknown states, entries current
/// consumers skip, variants a consumer needs, malformed image references.
/// </summary>
public static partial class ToolforgeImageConfigValidator
{
    /// <summary>Validates catalog text; malformed entries are findings, not failures.</summary>
    /// <exception cref="RspException">The text is not YAML or not a catalog at all (<c>Toolforge.ConfigInvalid</c>, <c>Toolforge.ConfigNotMapping</c>, <c>Toolforge.KeyMissing</c>).</exception>
    public static IReadOnlyList<ToolforgeConfigFinding> Validate(string text, string source)
    {
        var findings = new List<ToolforgeConfigFinding>();
        var config = ToolforgeImageConfigParser.Parse(text, source, findings);
        return Validate(config, findings);
    }

    /// <summary>Validates a catalog already read (its read findings are included).</summary>
    public static IReadOnlyList<ToolforgeConfigFinding> Validate(ToolforgeImageConfig config) => Validate(config, config.ReadFindings.ToList());

    private static IReadOnlyList<ToolforgeConfigFinding> Validate(ToolforgeImageConfig config, List<ToolforgeConfigFinding> findings)
    {
        var known = new HashSet<string>(findings.Select(f => f.Code + "\0" + f.Line + "\0" + f.Column), StringComparer.Ordinal);
        var result = new List<ToolforgeConfigFinding>(findings);
        void Add(string severity, string code, ToolforgeImageEntry? entry, string message, int line = 0, int column = 0, string other = "", string key = "", string winner = "")
        {
            var finding = new ToolforgeConfigFinding
            {
                Severity = severity,
                Code = code,
                Message = message,
                Entry = entry?.Name ?? string.Empty,
                OtherEntry = other,
                Key = key,
                Winner = winner,
                Source = config.Source,
                Line = line > 0 ? line : entry?.Line ?? 1,
                Column = column > 0 ? column : entry?.Column ?? 1,
            };
            if (known.Add(finding.Code + "\0" + finding.Line + "\0" + finding.Column + "\0" + finding.Key))
            {
                result.Add(finding);
            }
        }

        const string E = ToolforgeConfigFinding.ErrorSeverity;
        const string W = ToolforgeConfigFinding.WarningSeverity;
        foreach (var entry in config.Entries)
        {
            if (entry.Generation == 1)
            {
                CheckImage(entry, entry.Image, "image", Add, allowTag: true);
                continue;
            }

            if (entry.State is null)
            {
                Add(E, "Toolforge.StateMissing", entry, $"The entry '{entry.Name}' has no state; the jobs API and webservice fail on it. Set state to stable or deprecated.");
            }
            else if (entry.State is not (ToolforgeNames.StateStable or ToolforgeNames.StateDeprecated))
            {
                Add(W, "Toolforge.StateUnknown", entry, $"The state '{entry.State}' of '{entry.Name}' is neither stable nor deprecated; the entry resolves but is never listed.");
            }

            if (entry.Image is null)
            {
                Add(W, "Toolforge.ImageMissing", entry, $"The entry '{entry.Name}' has no image; the jobs API since 2026-01 skips it silently. Add image (the web variant's image).");
            }
            else
            {
                CheckImage(entry, entry.Image, "image", Add, allowTag: true);
            }

            if (entry.Variants.Count == 0)
            {
                Add(entry.Image is null ? E : W, "Toolforge.VariantsMissing", entry,
                    entry.Image is null
                        ? $"The entry '{entry.Name}' has neither image nor variants; no consumer can use it."
                        : $"The entry '{entry.Name}' has no variants; webservice and jobs APIs before 2026 fail on it.");
            }

            foreach (var variant in entry.Variants)
            {
                if (variant.Image is null)
                {
                    Add(E, "Toolforge.VariantImageMissing", entry, $"The variant '{variant.Name}' of '{entry.Name}' has no image.", variant.Line, variant.Column);
                }
                else
                {
                    CheckImage(entry, variant.Image, $"variants.{variant.Name}.image", Add, allowTag: false, variant.Line, variant.Column);
                }

                if (variant.Name == ToolforgeNames.WebserviceVariant)
                {
                    if (variant.WebserviceType is null)
                    {
                        Add(W, "Toolforge.WebserviceTypeMissing", entry, $"The webservice variant of '{entry.Name}' has no extra.wstype; webservice (2023) fails on it. Set one of {string.Join(", ", ToolforgeNames.WebserviceTypes)}.", variant.Line, variant.Column);
                    }
                    else if (!ToolforgeNames.WebserviceTypes.Contains(variant.WebserviceType))
                    {
                        Add(E, "Toolforge.WebserviceTypeUnknown", entry, $"The wstype '{variant.WebserviceType}' of '{entry.Name}' is not one of {string.Join(", ", ToolforgeNames.WebserviceTypes)}.", variant.Line, variant.Column);
                    }
                }

                if (variant.Resources is { } resources && !ToolforgeNames.ResourceProfiles.Contains(resources))
                {
                    Add(W, "Toolforge.ResourcesUnknown", entry, $"The resources '{resources}' of the variant '{variant.Name}' of '{entry.Name}' is not one of {string.Join(", ", ToolforgeNames.ResourceProfiles)}; webservice uses default.", variant.Line, variant.Column);
                }
            }
        }

        var resolver = new ToolforgeImageResolver(config);
        if (config.Entries.Count > 0 && !resolver.UsableEntries.Any())
        {
            Add(E, "Toolforge.CatalogEmpty", null, "No entry has a usable image; the jobs API refuses an empty list of available images.", 1, 1);
        }

        foreach (var conflict in FindConflicts(resolver))
        {
            var shadowsName = conflict.Key == conflict.Later.Name || conflict.Key == conflict.Earlier.Name;
            Add(E, shadowsName ? "Toolforge.AliasShadowsName" : "Toolforge.NameConflict", conflict.Later,
                $"'{conflict.Key}' is claimed by '{conflict.Earlier.Name}' (line {conflict.Earlier.Line}) and '{conflict.Later.Name}' (line {conflict.Later.Line}); it resolves to '{conflict.Earlier.Name}', the earlier entry, so reverse mapping depends on file order. Keep it on one entry.",
                other: conflict.Earlier.Name, key: conflict.Key, winner: conflict.Earlier.Name);
        }

        return result.OrderBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Code, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every name, alias or path that two usable entries claim, with the earlier (winning) and the later entry.</summary>
    public static IEnumerable<(string Key, ToolforgeImageEntry Earlier, ToolforgeImageEntry Later)> FindConflicts(ToolforgeImageResolver resolver)
    {
        var owner = new Dictionary<string, ToolforgeImageEntry>(StringComparer.Ordinal);
        foreach (var entry in resolver.UsableEntries)
        {
            var image = resolver.FromEntry(entry)!;
            foreach (var key in new[] { entry.Name, image.Path }.Concat(entry.Aliases).Distinct(StringComparer.Ordinal))
            {
                if (owner.TryGetValue(key, out var earlier))
                {
                    yield return (key, earlier, entry);
                }
                else
                {
                    owner[key] = entry;
                }
            }
        }
    }

    private static void CheckImage(ToolforgeImageEntry entry, string? image, string field, Action<string, string, ToolforgeImageEntry?, string, int, int, string, string, string> add, bool allowTag, int line = 0, int column = 0)
    {
        if (image is null)
        {
            add(ToolforgeConfigFinding.ErrorSeverity, "Toolforge.ImageMissing", entry, $"The entry '{entry.Name}' has no {field}.", line, column, "", "", "");
            return;
        }

        var match = ImageReference().Match(image);
        if (!match.Success)
        {
            add(ToolforgeConfigFinding.ErrorSeverity, "Toolforge.ImageInvalid", entry,
                $"The {field} '{image}' of '{entry.Name}' is not a registry image reference (host/repository[:tag], a host with a dot, lower-case repository).", line, column, "", "", "");
            return;
        }

        if (!allowTag && match.Groups["tag"].Success)
        {
            add(ToolforgeConfigFinding.WarningSeverity, "Toolforge.VariantTagged", entry,
                $"The {field} '{image}' of '{entry.Name}' has a tag; consumers append :latest to variant images, giving a reference that does not exist.", line, column, "", "", "");
        }
    }

    [GeneratedRegex(@"^(?<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]+)?)/(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageReference();
}
