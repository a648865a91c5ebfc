using System.Text.Json.Nodes;
using RspAdmin.Core.Config.Cachemachine;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Promotion;

/// <summary>
/// The cachemachine side of promoting an image: the image repository of an autostart document's
/// <c>RubinRepoMan</c> or <c>RubinRepoGar</c>, and the <c>SimpleRepoMan</c> entry that keeps the recommended
/// image prepulled under its own tag (<c>{"image_url": ".../sciplat-lab:w_2021_33", "name": "Weekly 2021_33"}</c>).
/// </summary>
internal static class CachemachineRecommendedImage
{
    private const string DefaultRegistry = "registry.hub.docker.com";

    /// <summary>The repository manager's image (<c>registry/repository</c>, no tag) and SAL cycle; null when the document has none.</summary>
    public static (string Image, int? Cycle)? FindRepository(JsonNode? document)
    {
        if (document is not JsonObject root || root["repomen"] is not JsonArray repomen)
        {
            return null;
        }

        foreach (var repoman in repomen.OfType<JsonObject>())
        {
            var cycle = repoman["cycle"] is JsonValue c && c.TryGetValue<int>(out var number) ? number : (int?)null;
            switch (Text(repoman["type"]))
            {
                case "RubinRepoMan" when Text(repoman["repo"]) is { } repo:
                    return ($"{Text(repoman["registry_url"]) ?? DefaultRegistry}/{repo}", cycle);
                case "RubinRepoGar" when Text(repoman["location"]) is { } location && Text(repoman["project_id"]) is { } project
                                         && Text(repoman["gar_repository"]) is { } garRepository && Text(repoman["gar_image"]) is { } garImage:
                    return ($"{location}-docker.pkg.dev/{project}/{garRepository}/{garImage}", cycle);
            }
        }

        return null;
    }

    /// <summary>
    /// Makes a SimpleRepoMan list <paramref name="tag"/> of <paramref name="image"/> with its display name: kept
    /// when listed, else the first entry of an earlier weekly or daily of the same image is pointed at it (as
    /// the documented procedure does by hand), else the entry is added. With <paramref name="prune"/>, other
    /// weekly and daily entries of the same image are removed.
    /// </summary>
    public static (LabImagePrepullOutcome Outcome, List<string> Added, List<string> Removed) Apply(JsonNode? document, string image, string tag, bool prune)
    {
        var url = image + ":" + tag;
        var name = LabImageTagParser.Parse(tag).DisplayName;
        var added = new List<string>();
        var removed = new List<string>();
        var entries = Entries(document).ToList();

        LabImagePrepullOutcome outcome;
        var listed = entries.FirstOrDefault(e => Text(e.Entry["image_url"]) == url);
        if (listed.Entry is not null)
        {
            outcome = LabImagePrepullOutcome.AlreadyListed;
            if (Text(listed.Entry["name"]) != name)
            {
                listed.Entry["name"] = name;
                outcome = LabImagePrepullOutcome.ImageReplaced;
            }
        }
        else if (entries.FirstOrDefault(e => IsEarlierPromotion(e.Entry, image, url)) is { Entry: not null } earlier)
        {
            removed.Add(Text(earlier.Entry["image_url"])!);
            earlier.Entry["image_url"] = url;
            earlier.Entry["name"] = name;
            added.Add(url);
            outcome = LabImagePrepullOutcome.ImageReplaced;
        }
        else
        {
            CachemachineAutostart.EnsureSimpleRepoManImage(document, url, name);
            added.Add(url);
            outcome = LabImagePrepullOutcome.ImageListed;
        }

        if (prune)
        {
            foreach (var (entry, images) in Entries(document).ToList())
            {
                if (IsEarlierPromotion(entry, image, url))
                {
                    removed.Add(Text(entry["image_url"])!);
                    images.Remove(entry);
                }
            }
        }

        return (outcome, added, removed);
    }

    // An entry of the same image whose tag is a weekly or daily other than the one being promoted.
    private static bool IsEarlierPromotion(JsonObject entry, string image, string url)
    {
        var entryUrl = Text(entry["image_url"]);
        if (entryUrl is null || entryUrl == url || !entryUrl.StartsWith(image + ":", StringComparison.Ordinal))
        {
            return false;
        }

        var type = LabImageTagParser.Parse(entryUrl[(image.Length + 1)..]).Kind;
        return type is LabImageType.Weekly or LabImageType.Daily;
    }

    private static IEnumerable<(JsonObject Entry, JsonArray Images)> Entries(JsonNode? document)
    {
        if (document is not JsonObject root || root["repomen"] is not JsonArray repomen)
        {
            yield break;
        }

        foreach (var repoman in repomen.OfType<JsonObject>())
        {
            if (Text(repoman["type"]) == CachemachineAutostart.SimpleRepoManType && repoman["images"] is JsonArray images)
            {
                foreach (var entry in images.OfType<JsonObject>())
                {
                    yield return (entry, images);
                }
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
