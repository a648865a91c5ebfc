using System.Text.Json.Nodes;

namespace RspAdmin.Core.Profiles;

/// <summary>
/// A KubeSpawner <c>profile_list</c> as the hub sees it after its initialization (spec 2.5): a dict
/// turned into its values sorted by key, missing slugs generated, the first choice of an option
/// without a default made default, <c>unlisted_choice</c> filled in, the first profile made default
/// when none is. The raw nodes stay available for the checks that need what was written.
/// </summary>
public sealed class HubProfileList
{
    private HubProfileList(IReadOnlyList<HubProfile> profiles, bool writtenAsMapping, HubValues? values)
    {
        Profiles = profiles;
        WrittenAsMapping = writtenAsMapping;
        Values = values;
    }

    /// <summary>The profiles in the order the hub shows them.</summary>
    public IReadOnlyList<HubProfile> Profiles { get; }

    /// <summary>True when the list was written as a mapping (the hub sorts it by key and ignores the keys).</summary>
    public bool WrittenAsMapping { get; }

    /// <summary>The values the list came from, when it came from a file.</summary>
    public HubValues? Values { get; }

    /// <summary>The profile the hub uses for <paramref name="slug"/> (<c>_get_profile</c>): the default one for null or empty; null when no profile has the slug.</summary>
    public HubProfile? Find(string? slug)
    {
        if (string.IsNullOrEmpty(slug))
        {
            return Profiles.FirstOrDefault(p => p.IsDefault) ?? Profiles.FirstOrDefault();
        }

        return Profiles.FirstOrDefault(p => p.Slug == slug);
    }

    /// <summary>The list under <c>jupyterhub.singleuser.profileList</c> of hub values.</summary>
    /// <exception cref="RspException"><c>HubProfile.NotHubValues</c> when the values have no <c>jupyterhub</c> key; <c>HubProfile.NotAList</c> when the list is neither a list nor a mapping.</exception>
    public static HubProfileList FromValues(HubValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var source = string.Join(", ", values.Files);
        if (values.Root["jupyterhub"] is not JsonObject)
        {
            throw new RspException("HubProfile.NotHubValues", ErrorKind.InvalidData,
                $"'{source}' has no 'jupyterhub' mapping, so it is not the values file of a hub.", source,
                "Give the hub's values file (the one with jupyterhub.singleuser).");
        }

        var node = HubValues.At(values.Root, "jupyterhub", "singleuser", "profileList");
        return FromNode(node, values, source);
    }

    /// <summary>A list from its node (a list or a mapping of profiles; null for none).</summary>
    public static HubProfileList FromNode(JsonNode? node, HubValues? values = null, string source = "<profileList>")
    {
        var raw = new List<JsonObject>();
        var mapping = false;
        switch (node)
        {
            case null:
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    raw.Add(item as JsonObject ?? throw NotAProfile(source));
                }

                break;
            case JsonObject obj:
                mapping = true;
                foreach (var (_, item) in obj.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    raw.Add(item as JsonObject ?? throw NotAProfile(source));
                }

                break;
            default:
                throw new RspException("HubProfile.NotAList", ErrorKind.InvalidData,
                    $"jupyterhub.singleuser.profileList in '{source}' is neither a list nor a mapping.", source);
        }

        var profiles = raw.Select((p, i) => new HubProfile(p, i)).ToList();
        if (profiles.Count > 0 && !profiles.Any(p => p.IsDefault))
        {
            profiles[0].IsDefault = true;
        }

        return new HubProfileList(profiles, mapping, values);
    }

    private static RspException NotAProfile(string source) =>
        new("HubProfile.NotAList", ErrorKind.InvalidData, $"An entry of jupyterhub.singleuser.profileList in '{source}' is not a mapping.", source);
}

/// <summary>One profile, initialized as the hub initializes it.</summary>
public sealed class HubProfile
{
    internal HubProfile(JsonObject node, int index)
    {
        Node = node;
        Index = index;
        DisplayName = HubValues.AsString(node["display_name"]);
        GivenSlug = HubValues.AsString(node["slug"]);
        Slug = GivenSlug ?? ProfileSlug.Slugify(DisplayName ?? string.Empty);
        Description = HubValues.AsString(node["description"]);
        IsDefault = HubValues.IsTruthy(node["default"]);
        WrittenDefault = node.ContainsKey("default") ? HubValues.IsTruthy(node["default"]) : null;
        Options = node["profile_options"] is JsonObject options
            ? options.Select(o => new HubProfileOption(o.Key, o.Value as JsonObject ?? [], this)).ToList()
            : [];
    }

    /// <summary>The profile's node as written.</summary>
    public JsonObject Node { get; }

    /// <summary>Position in the list as the hub orders it.</summary>
    public int Index { get; }

    public string? DisplayName { get; }

    /// <summary>The slug written in the file; null when the hub generates one.</summary>
    public string? GivenSlug { get; }

    /// <summary>The slug the hub uses: the given one or <c>slugify(display_name)</c>.</summary>
    public string Slug { get; }

    public string? Description { get; }

    /// <summary>True when this is the default profile after initialization.</summary>
    public bool IsDefault { get; internal set; }

    /// <summary>The <c>default</c> written in the file, as Python reads its truth; null when absent.</summary>
    public bool? WrittenDefault { get; }

    public IReadOnlyList<HubProfileOption> Options { get; }

    /// <summary>The option with key <paramref name="key"/>; null when absent.</summary>
    public HubProfileOption? Option(string key) => Options.FirstOrDefault(o => o.Key == key);
}

/// <summary>An entry of <c>profile_options</c>, initialized.</summary>
public sealed class HubProfileOption
{
    internal HubProfileOption(string key, JsonObject node, HubProfile profile)
    {
        Key = key;
        Node = node;
        Profile = profile;
        DisplayName = HubValues.AsString(node["display_name"]);
        Choices = node["choices"] is JsonObject choices
            ? choices.Select(c => new HubProfileChoice(c.Key, c.Value as JsonObject ?? [])).ToList()
            : [];
        if (Choices.Count > 0 && !Choices.Any(c => c.IsDefault))
        {
            Choices[0].IsDefault = true;
        }

        var unlisted = node["unlisted_choice"] as JsonObject;
        UnlistedEnabled = HubValues.IsTruthy(unlisted?["enabled"]);
        UnlistedNode = unlisted;
        UnlistedDisplayNameInChoices = UnlistedEnabled ? HubValues.AsString(unlisted?["display_name_in_choices"]) ?? "Other..." : null;
        var regex = unlisted?["validation_regex"];
        ValidationRegexText = HubValues.IsTruthy(regex) ? HubValues.AsString(regex) : null;
        ValidationMessage = HubValues.AsString(unlisted?["validation_message"]);
        UnlistedOverride = unlisted?["kubespawner_override"] as JsonObject;
        DynamicImageBuildingWritten = HubValues.IsTruthy(HubValues.At(node, "dynamic_image_building", "enabled"));
    }

    public string Key { get; }

    public JsonObject Node { get; }

    public HubProfile Profile { get; }

    public string? DisplayName { get; }

    public IReadOnlyList<HubProfileChoice> Choices { get; }

    /// <summary>The choice the hub uses when none is posted; null when there are no choices.</summary>
    public HubProfileChoice? DefaultChoice => Choices.FirstOrDefault(c => c.IsDefault);

    public bool UnlistedEnabled { get; }

    public JsonObject? UnlistedNode { get; }

    /// <summary>The dropdown item of the free-text entry (<c>Other...</c> unless set); null when disabled.</summary>
    public string? UnlistedDisplayNameInChoices { get; }

    /// <summary>The <c>validation_regex</c> text; null when unset or empty (then any value passes).</summary>
    public string? ValidationRegexText { get; }

    public string? ValidationMessage { get; }

    public JsonObject? UnlistedOverride { get; }

    /// <summary>True when <c>dynamic_image_building.enabled</c> is written truthy on this option.</summary>
    public bool DynamicImageBuildingWritten { get; }

    /// <summary>True when fancy-profiles shows "Build your own image": key exactly <c>image</c>, building and the unlisted choice both enabled.</summary>
    public bool DynamicImageBuilding => Key == "image" && DynamicImageBuildingWritten && UnlistedEnabled;
}

/// <summary>A predefined choice of an option.</summary>
public sealed class HubProfileChoice
{
    internal HubProfileChoice(string key, JsonObject node)
    {
        Key = key;
        Node = node;
        DisplayName = HubValues.AsString(node["display_name"]);
        Description = HubValues.AsString(node["description"]);
        IsDefault = HubValues.IsTruthy(node["default"]);
        Override = node["kubespawner_override"] as JsonObject;
        Image = HubValues.AsString(Override?["image"]);
    }

    public string Key { get; }

    public JsonObject Node { get; }

    public string? DisplayName { get; }

    public string? Description { get; }

    public bool IsDefault { get; internal set; }

    public JsonObject? Override { get; }

    /// <summary>The <c>kubespawner_override.image</c>; null when the choice sets none.</summary>
    public string? Image { get; }
}
