using System.Text.Json.Nodes;

namespace RspAdmin.Core.Config.Cachemachine;

/// <summary>
/// Edits of a cachemachine autostart document (the JSON held in Phalanx's
/// <c>autostart.&lt;name&gt;</c> value): <c>{"name", "labels", "repomen": [...]}</c>.
/// </summary>
public static class CachemachineAutostart
{
    /// <summary>The repoman type that keeps a static list of images pulled on every node.</summary>
    public const string SimpleRepoManType = "SimpleRepoMan";

    /// <summary>
    /// Makes sure a <c>SimpleRepoMan</c> lists <paramref name="imageUrl"/> with the display
    /// <paramref name="name"/>: an entry with that <c>image_url</c> in any SimpleRepoMan gets the
    /// name; otherwise the entry is appended to the first SimpleRepoMan, which is appended to
    /// <c>repomen</c> when there is none. Returns false when the entry was already there as asked.
    /// </summary>
    /// <exception cref="FormatException">The document is not an object, or <c>repomen</c>/<c>images</c> is not an array.</exception>
    public static bool EnsureSimpleRepoManImage(JsonNode? document, string imageUrl, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageUrl);
        ArgumentNullException.ThrowIfNull(name);
        if (document is not JsonObject root)
        {
            throw new FormatException("A cachemachine autostart document must be a JSON object.");
        }

        var repomen = GetArray(root, "repomen", create: true)!;
        JsonObject? firstSimple = null;
        foreach (var repoman in repomen.OfType<JsonObject>())
        {
            if (!IsSimpleRepoMan(repoman))
            {
                continue;
            }

            firstSimple ??= repoman;
            var images = GetArray(repoman, "images", create: false);
            var existing = images?.OfType<JsonObject>().FirstOrDefault(i => StringOf(i["image_url"]) == imageUrl);
            if (existing is not null)
            {
                if (StringOf(existing["name"]) == name)
                {
                    return false;
                }

                existing["name"] = name;
                return true;
            }
        }

        if (firstSimple is null)
        {
            firstSimple = new JsonObject { ["type"] = SimpleRepoManType, ["images"] = new JsonArray() };
            repomen.Add(firstSimple);
        }

        GetArray(firstSimple, "images", create: true)!.Add(new JsonObject { ["image_url"] = imageUrl, ["name"] = name });
        return true;
    }

    /// <summary>The <c>image_url</c>/<c>name</c> pairs listed by every SimpleRepoMan, in document order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> SimpleRepoManImages(JsonNode? document)
    {
        var result = new List<KeyValuePair<string, string?>>();
        if (document is JsonObject root && root["repomen"] is JsonArray repomen)
        {
            foreach (var repoman in repomen.OfType<JsonObject>().Where(IsSimpleRepoMan))
            {
                if (repoman["images"] is JsonArray images)
                {
                    foreach (var image in images.OfType<JsonObject>())
                    {
                        if (StringOf(image["image_url"]) is { } url)
                        {
                            result.Add(new(url, StringOf(image["name"])));
                        }
                    }
                }
            }
        }

        return result;
    }

    private static bool IsSimpleRepoMan(JsonObject repoman) => StringOf(repoman["type"]) == SimpleRepoManType;

    private static JsonArray? GetArray(JsonObject owner, string property, bool create)
    {
        switch (owner[property])
        {
            case JsonArray array:
                return array;
            case null when create:
                var created = new JsonArray();
                owner[property] = created;
                return created;
            case null:
                return null;
            default:
                throw new FormatException($"'{property}' in a cachemachine autostart document must be an array.");
        }
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
