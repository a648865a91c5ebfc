using System.Text.Json.Nodes;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Api;

/// <summary>
/// Applies PATCH bodies to an object's JSON: RFC 7386 merge patches (also used for strategic merge patches,
/// which the sandbox treats as merge patches: lists are replaced, not merged by key) and RFC 6902 JSON patches.
/// </summary>
public static class JsonPatcher
{
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";

    /// <summary>Applies a patch of the given media type; a 415 or 422 <see cref="StoreException"/> when it cannot.</summary>
    public static JsonNode Apply(JsonNode target, string patch, string? contentType)
    {
        var media = (contentType ?? string.Empty).Split(';')[0].Trim();
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(patch);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw StoreException.BadRequest("the patch is not valid JSON: " + e.Message);
        }

        return media switch
        {
            MergePatch or StrategicMergePatch => Merge(target, parsed) ?? new JsonObject(),
            JsonPatch => ApplyOperations(target, parsed as JsonArray ?? throw StoreException.BadRequest("a JSON patch must be an array of operations")),
            _ => throw new StoreException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {JsonPatch}, {MergePatch}, {StrategicMergePatch}"),
        };
    }

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Merge(result[key], value);
                result.Remove(key);
                result[key] = merged;
            }
        }

        return result;
    }

    private static JsonNode ApplyOperations(JsonNode target, JsonArray operations)
    {
        var doc = target.DeepClone();
        foreach (var op in operations)
        {
            var name = op?["op"]?.GetValue<string>() ?? throw StoreException.BadRequest("a JSON patch operation has no op");
            var path = op["path"]?.GetValue<string>() ?? throw StoreException.BadRequest("a JSON patch operation has no path");
            switch (name)
            {
                case "add":
                    Set(doc, path, op["value"]?.DeepClone(), insert: true);
                    break;
                case "replace":
                    Resolve(doc, path);
                    Set(doc, path, op["value"]?.DeepClone(), insert: false);
                    break;
                case "remove":
                    Remove(doc, path);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(doc, path), op["value"]))
                    {
                        throw new StoreException(422, "Invalid", $"the JSON patch test at {path} failed");
                    }

                    break;
                default:
                    throw StoreException.BadRequest($"unsupported JSON patch operation \"{name}\"");
            }
        }

        return doc;
    }

    private static string[] Tokens(string path) =>
        path.Length == 0 ? [] : path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    private static JsonNode? Resolve(JsonNode doc, string path)
    {
        JsonNode? node = doc;
        foreach (var t in Tokens(path))
        {
            node = node switch
            {
                JsonObject o when o.ContainsKey(t) => o[t],
                JsonArray a when int.TryParse(t, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new StoreException(422, "Invalid", $"the JSON patch path {path} does not exist"),
            };
        }

        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode doc, string path)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            throw StoreException.BadRequest("a JSON patch cannot replace the whole object");
        }

        var parent = Resolve(doc, "/" + string.Join('/', tokens[..^1].Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));
        if (tokens.Length == 1)
        {
            parent = doc;
        }

        return (parent ?? throw new StoreException(422, "Invalid", $"the JSON patch path {path} has a null parent"), tokens[^1]);
    }

    private static void Set(JsonNode doc, string path, JsonNode? value, bool insert)
    {
        var (parent, last) = Parent(doc, path);
        switch (parent)
        {
            case JsonObject o:
                o.Remove(last);
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                if (insert)
                {
                    a.Insert(i, value);
                }
                else
                {
                    a[i] = value;
                }

                break;
            default:
                throw new StoreException(422, "Invalid", $"the JSON patch path {path} does not exist");
        }
    }

    private static void Remove(JsonNode doc, string path)
    {
        var (parent, last) = Parent(doc, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw new StoreException(422, "Invalid", $"the JSON patch path {path} does not exist");
        }
    }
}
