using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using RspAdmin.Core.ArgoCd;

namespace RspAdmin.Services.Tests;

/// <summary>The Argo CD client's request bodies against the definitions of Argo CD's own API description.</summary>
public sealed class SyncBodySchemaTests
{
    private static string? SwaggerPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RspAdmin.sln")))
        {
            dir = dir.Parent;
        }

        var path = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "migration", "argo-cd", "2023-07-24_0ee33e52", "assets", "swagger.json"));
        return path is not null && File.Exists(path) ? path : null;
    }

    public static TheoryData<string> Requests() => new()
    {
        "plain",
        "prune-dry-run",
        "resources-options-revision",
    };

    private static ArgoCdSyncRequest Request(string name) => name switch
    {
        "plain" => new ArgoCdSyncRequest(),
        "prune-dry-run" => new ArgoCdSyncRequest { Prune = true, DryRun = true },
        _ => new ArgoCdSyncRequest
        {
            Prune = true,
            Revision = "4517f07ca77343ba68e6dc3c9581d3bb60873830",
            SyncOptions = ["PruneLast=true"],
            Resources = [new ArgoCdResourceRef("argoproj.io", "Application", "nublado2", "argocd"), new ArgoCdResourceRef(string.Empty, "Namespace", "nublado2")],
        },
    };

    [SkippableTheory]
    [MemberData(nameof(Requests))]
    public void Sync_bodies_validate_against_applicationApplicationSyncRequest_and_use_only_declared_properties(string name)
    {
        var swaggerPath = SwaggerPath();
        Skip.If(swaggerPath is null, "Skipped: the shared Argo CD fixture (swagger.json) is not beside this checkout.");
        var swagger = JsonNode.Parse(File.ReadAllText(swaggerPath!))!.AsObject();
        var definitions = swagger["definitions"]!.AsObject();

        // A JSON Schema document: the definitions under $defs, references rewritten, the sync request at the root.
        var text = definitions.ToJsonString().Replace("#/definitions/", "#/$defs/", StringComparison.Ordinal);
        var schemaNode = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://argo-cd.example/sync-" + name,
            ["$defs"] = JsonNode.Parse(text),
            ["$ref"] = "#/$defs/applicationApplicationSyncRequest",
        };
        var schema = JsonSchema.FromText(schemaNode.ToJsonString());
        var body = JsonNode.Parse(ArgoCdClient.SyncBody("science-platform", Request(name)))!;
        var result = schema.Evaluate(JsonDocument.Parse(body.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, JsonSerializer.Serialize(result));

        // The description allows unknown properties, so also check each one the client sends is declared.
        AssertDeclared(body, definitions["applicationApplicationSyncRequest"]!, definitions, "$");
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(body.ToJsonString()).RootElement.ValueKind);
        if (body["syncOptions"] is { } options)
        {
            Assert.IsType<JsonArray>(options["items"]);
        }
    }

    private static void AssertDeclared(JsonNode value, JsonNode schema, JsonObject definitions, string where)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            schema = definitions[reference["#/definitions/".Length..]]!;
        }

        switch (value)
        {
            case JsonObject o:
                var properties = schema["properties"]?.AsObject();
                foreach (var (key, child) in o)
                {
                    Assert.True(properties?.ContainsKey(key) == true, $"{where}.{key} is not declared by the API description");
                    AssertDeclared(child!, properties![key]!, definitions, where + "." + key);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    AssertDeclared(item!, schema["items"]!, definitions, where + "[]");
                }

                break;
        }
    }
}
