using System.Text.Json.Nodes;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Profiles;

/// <summary>An image offered as a choice: its reference, the digest when the catalog knows it, and how to show it.</summary>
/// <param name="Reference">The image reference (<c>registry/repository:tag</c>, or a short name such as <c>pangeo/pangeo-notebook:2024.06.02</c>).</param>
/// <param name="Digest">The manifest digest (<c>sha256:...</c>); null when unknown.</param>
/// <param name="DisplayName">What the dropdown shows; null to use the reference's last path segment.</param>
/// <param name="Description">The line under it; null for none.</param>
public sealed record HubImageSource(string Reference, string? Digest = null, string? DisplayName = null, string? Description = null);

/// <summary>A free-text image entry: the KubeSpawner <c>unlisted_choice</c> of an option.</summary>
public sealed class HubUnlistedChoice
{
    public bool Enabled { get; set; } = true;

    public string DisplayName { get; set; } = "Custom image";

    public string? DisplayNameInChoices { get; set; } = "Other image...";

    public string? DescriptionInChoices { get; set; }

    /// <summary>The server regex; null for none (any value accepted).</summary>
    public string? ValidationRegex { get; set; } = "^.+:.+$";

    public string? ValidationMessage { get; set; } = "Enter an image reference with a tag, as <name>:<tag>.";

    /// <summary>The override, templated with <c>{value}</c> by the hub.</summary>
    public string ImageTemplate { get; set; } = "{value}";
}

/// <summary>One choice of the generated option.</summary>
/// <param name="Key">The choice key (a slug).</param>
/// <param name="DisplayName">The label.</param>
/// <param name="Description">The line under it; null for none.</param>
/// <param name="Image">The image the choice sets, pinned by digest when asked and known.</param>
/// <param name="Pinned">True when <paramref name="Image"/> carries a digest.</param>
/// <param name="IsDefault">True for the default choice.</param>
public sealed record HubProfileEntryChoice(string Key, string DisplayName, string? Description, string Image, bool Pinned, bool IsDefault);

/// <summary>
/// A profile for <c>jupyterhub.singleuser.profileList</c> with one image option built from a catalog:
/// what <see cref="ToNode"/> writes is the KubeSpawner shape.
/// </summary>
public sealed class HubProfileEntry
{
    public required string Slug { get; init; }

    public required string DisplayName { get; init; }

    public string? Description { get; init; }

    /// <summary>True to write <c>default: true</c> on the profile.</summary>
    public bool IsDefault { get; init; }

    /// <summary>The option key (<c>image</c> unless chosen otherwise).</summary>
    public string OptionKey { get; init; } = "image";

    public string OptionDisplayName { get; init; } = "Image";

    public required IReadOnlyList<HubProfileEntryChoice> Choices { get; init; }

    /// <summary>The free-text entry; null for none.</summary>
    public HubUnlistedChoice? UnlistedChoice { get; init; }

    /// <summary>True to write <c>dynamic_image_building.enabled: true</c>.</summary>
    public bool DynamicImageBuilding { get; init; }

    /// <summary>The entry in KubeSpawner's shape.</summary>
    public JsonObject ToNode()
    {
        var profile = new JsonObject { ["display_name"] = DisplayName, ["slug"] = Slug };
        if (Description is not null)
        {
            profile["description"] = Description;
        }

        if (IsDefault)
        {
            profile["default"] = true;
        }

        var option = new JsonObject { ["display_name"] = OptionDisplayName };
        if (DynamicImageBuilding)
        {
            option["dynamic_image_building"] = new JsonObject { ["enabled"] = true };
        }

        if (UnlistedChoice is { } unlisted)
        {
            var node = new JsonObject { ["enabled"] = unlisted.Enabled, ["display_name"] = unlisted.DisplayName };
            if (unlisted.DisplayNameInChoices is not null)
            {
                node["display_name_in_choices"] = unlisted.DisplayNameInChoices;
            }

            if (unlisted.DescriptionInChoices is not null)
            {
                node["description_in_choices"] = unlisted.DescriptionInChoices;
            }

            if (unlisted.ValidationRegex is not null)
            {
                node["validation_regex"] = unlisted.ValidationRegex;
            }

            if (unlisted.ValidationMessage is not null)
            {
                node["validation_message"] = unlisted.ValidationMessage;
            }

            node["kubespawner_override"] = new JsonObject { ["image"] = unlisted.ImageTemplate };
            option["unlisted_choice"] = node;
        }

        var choices = new JsonObject();
        foreach (var choice in Choices)
        {
            var node = new JsonObject { ["display_name"] = choice.DisplayName };
            if (choice.Description is not null)
            {
                node["description"] = choice.Description;
            }

            if (choice.IsDefault)
            {
                node["default"] = true;
            }

            node["kubespawner_override"] = new JsonObject { ["image"] = choice.Image };
            choices[choice.Key] = node;
        }

        option["choices"] = choices;
        profile["profile_options"] = new JsonObject { [OptionKey] = option };
        return profile;
    }

    /// <summary>The entry as a YAML list item (two-space indentation).</summary>
    public string ToYaml() =>
        string.Join("\n", EditableYamlDocument.BlockLines(ToNode(), 2).Select((l, i) => (i == 0 ? "- " : "  ") + l)) + "\n";

    /// <inheritdoc />
    public override string ToString() => Slug;
}

/// <summary>Builds a <see cref="HubProfileEntry"/> from catalog images.</summary>
public static class HubProfileBuilder
{
    /// <summary>
    /// One choice per distinct reference, keyed by the slug of its display name (a later clash gets
    /// <c>-2</c>, <c>-3</c> ...), pinned to its digest when <paramref name="pinDigest"/> and the digest is
    /// known; the default is the choice whose key, reference or display name is <paramref name="defaultChoice"/>,
    /// else the first.
    /// </summary>
    /// <exception cref="RspException"><c>HubProfile.NoImages</c>, <c>HubProfile.BadSlug</c>, <c>HubProfile.DefaultNotFound</c>, <c>HubProfile.BadDigest</c>, <c>HubProfile.BadUnlistedChoice</c>.</exception>
    public static HubProfileEntry Build(
        IEnumerable<HubImageSource> images,
        string slug,
        string displayName,
        string? description = null,
        bool profileDefault = false,
        bool pinDigest = false,
        string? defaultChoice = null,
        HubUnlistedChoice? unlisted = null,
        bool dynamicImageBuilding = false,
        string optionKey = "image",
        Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (string.IsNullOrEmpty(slug) || ProfileSlug.Slugify(slug) != slug)
        {
            throw new RspException("HubProfile.BadSlug", ErrorKind.InvalidArgument,
                $"'{slug}' is not a slug (lower-case letters, digits and single dashes); for instance '{ProfileSlug.Slugify(slug ?? string.Empty)}'.", slug);
        }

        if (dynamicImageBuilding && optionKey != "image")
        {
            throw new RspException("HubProfile.BadUnlistedChoice", ErrorKind.InvalidArgument,
                $"Dynamic image building only works on the option named 'image' (fancy-profiles ignores it on '{optionKey}').", optionKey);
        }

        if (dynamicImageBuilding && unlisted is null)
        {
            unlisted = new HubUnlistedChoice();
        }

        if (unlisted is not null)
        {
            var template = ValueTemplate.Expand(unlisted.ImageTemplate, "example/image:tag");
            if (!template.Succeeded || !template.UsesValue)
            {
                throw new RspException("HubProfile.BadUnlistedChoice", ErrorKind.InvalidArgument,
                    $"The image template '{unlisted.ImageTemplate}' {(template.Succeeded ? "does not use {value}" : "makes the hub fail: " + template.Message)}.", unlisted.ImageTemplate);
            }

            if (unlisted.ValidationRegex is { } pattern && new ValidationRegex(pattern).ServerError is { } error)
            {
                throw new RspException("HubProfile.RegexInvalid", ErrorKind.InvalidArgument,
                    $"The validation regex '{pattern}' does not compile as a Python regular expression: {error}", pattern);
            }
        }

        var choices = new List<HubProfileEntryChoice>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var references = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            if (string.IsNullOrWhiteSpace(image.Reference) || image.Reference.Any(char.IsWhiteSpace))
            {
                throw new RspException("HubProfile.BadImage", ErrorKind.InvalidArgument, $"'{image.Reference}' is not an image reference.", image.Reference);
            }

            if (!references.Add(image.Reference))
            {
                continue;
            }

            var name = image.DisplayName ?? LastSegment(image.Reference);
            var baseKey = ProfileSlug.Slugify(name);
            if (baseKey.Length == 0)
            {
                baseKey = "image";
            }

            var key = baseKey;
            for (var n = 2; !keys.Add(key); n++)
            {
                key = baseKey + "-" + n;
            }

            var reference = image.Reference;
            var pinned = reference.Contains('@', StringComparison.Ordinal);
            if (pinDigest && !pinned)
            {
                if (image.Digest is { } digest)
                {
                    if (!System.Text.RegularExpressions.Regex.IsMatch(digest, @"\A[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}\z"))
                    {
                        throw new RspException("HubProfile.BadDigest", ErrorKind.InvalidData, $"'{digest}' is not a digest (algorithm:hex).", image.Reference);
                    }

                    reference += "@" + digest;
                    pinned = true;
                }
                else
                {
                    warn?.Invoke($"The catalog knows no digest for '{image.Reference}'; that choice is not pinned.");
                }
            }

            choices.Add(new HubProfileEntryChoice(key, name, image.Description, reference, pinned, false));
        }

        if (choices.Count == 0)
        {
            throw new RspException("HubProfile.NoImages", ErrorKind.InvalidArgument, "No images were given, so the option would have no choices.", null,
                "Pipe catalog images (Get-LabImage) or image references.");
        }

        var index = 0;
        if (defaultChoice is not null)
        {
            index = choices.FindIndex(c => c.Key == defaultChoice || c.DisplayName == defaultChoice || c.Image == defaultChoice || c.Image.StartsWith(defaultChoice + "@", StringComparison.Ordinal));
            if (index < 0)
            {
                throw new RspException("HubProfile.DefaultNotFound", ErrorKind.InvalidArgument,
                    $"No choice is '{defaultChoice}'; the choices are {string.Join(", ", choices.Select(c => c.Key))}.", defaultChoice);
            }
        }

        choices[index] = choices[index] with { IsDefault = true };
        return new HubProfileEntry
        {
            Slug = slug,
            DisplayName = displayName,
            Description = description,
            IsDefault = profileDefault,
            OptionKey = optionKey,
            Choices = choices,
            UnlistedChoice = unlisted,
            DynamicImageBuilding = dynamicImageBuilding,
        };
    }

    private static string LastSegment(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? reference[..at] : reference;
        var slash = name.LastIndexOf('/');
        return slash >= 0 ? name[(slash + 1)..] : name;
    }
}
