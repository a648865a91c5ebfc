using System.Globalization;
using System.Text.Json.Nodes;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Scenario;

/// <summary>Creates the scenario's <c>objects</c> (plain manifests of any served kind) in the store.</summary>
public static class ScenarioObjects
{
    /// <summary>Creates each manifest; a manifest of a kind the sandbox does not serve is a scenario error.</summary>
    public static void Create(ObjectStore store, IEnumerable<Dictionary<string, object>> manifests)
    {
        foreach (var manifest in manifests)
        {
            var json = (JsonObject)ToJson(manifest)!;
            var apiVersion = json["apiVersion"]?.ToString();
            var kindName = json["kind"]?.ToString();
            var kind = store.Catalog.All.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kindName)
                ?? throw new SandboxException("Sandbox.ScenarioInvalid", $"objects: the sandbox does not serve {apiVersion} {kindName}.");
            try
            {
                store.Create(kind, kind.Deserialize(json.ToJsonString()));
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or StoreException)
            {
                throw new SandboxException("Sandbox.ScenarioInvalid", $"objects: {kindName} {json["metadata"]?["name"]}: {e.Message}");
            }
        }
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key.ToString()!, ToJson(p.Value)))),
        IDictionary<string, object> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        IEnumerable<object> list => new JsonArray(list.Select(ToJson).ToArray()),
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        string s when s is "true" or "false" => JsonValue.Create(s == "true"),
        _ => JsonValue.Create(value.ToString()),
    };
}
