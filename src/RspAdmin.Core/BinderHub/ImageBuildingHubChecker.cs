using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using RspAdmin.Core.Profiles;

namespace RspAdmin.Core.BinderHub;

/// <summary>
/// Checks a hub's image-building setup: the <c>binderhub-service</c> values merged over the chart's
/// defaults and validated against the chart's <c>values.schema.yaml</c> (as <c>helm</c> does), then
/// the rules that make builds work: the image prefix's shape, node selectors shared by docker-api and
/// build pods, registry credentials, ephemeral docker storage, the quay pull secrets, the users'
/// scope for the binder service, and an encrypted secret file.
/// </summary>
public static class ImageBuildingHubChecker
{
    private static readonly Lazy<(JsonSchema Schema, JsonObject Defaults)> Chart = new(LoadEmbeddedChart);

    /// <summary>Checks <paramref name="values"/> (the hub's layered values) and, when given, the secret values file.</summary>
    /// <param name="values">The hub values (every file Helm gets, base first), secrets excluded.</param>
    /// <param name="secretPath">The secret values file; null when not checked.</param>
    /// <param name="schemaPath">Another chart version's <c>values.schema.yaml</c> (or <c>.json</c>); null for the embedded one.</param>
    /// <exception cref="RspException"><c>BinderHub.SchemaUnreadable</c> when <paramref name="schemaPath"/> is not a schema; the <c>HubValues.*</c> errors of the secret file.</exception>
    public static IReadOnlyList<HubFinding> Check(HubValues values, string? secretPath = null, string? schemaPath = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var findings = new List<HubFinding>();
        HubFinding Make(string severity, string id, string target, string message, JsonNode? node = null)
        {
            var location = values.LocationOf(node);
            return new HubFinding(severity, id, target, message, location?.File, location?.Line ?? 0);
        }

        var service = values.Root["binderhub-service"] as JsonObject;
        if (service is null || !HubValues.IsTruthy(service["enabled"]))
        {
            findings.Add(Make(HubFinding.Error, "BinderHub.NotEnabled", "binderhub-service.enabled",
                "binderhub-service is not enabled in these values, so the hub builds no images. Set binderhub-service.enabled: true (or give the common values file that does).", service));
            if (service is null)
            {
                return findings;
            }
        }

        HubValues? secrets = null;
        var secretEncrypted = false;
        if (secretPath is not null)
        {
            secrets = HubValues.Load([secretPath]);
            secretEncrypted = secrets.Root["sops"] is JsonObject;
            if (!secretEncrypted)
            {
                findings.Add(new HubFinding(HubFinding.Error, "BinderHub.SecretNotEncrypted", secretPath,
                    $"'{secretPath}' has no sops metadata: the registry password in it is plaintext. Encrypt it with sops before committing.", secretPath, 1));
            }
        }

        // Schema: chart defaults, then the hub's values, then (for keys only) the secrets.
        var (schema, defaults) = schemaPath is null ? Chart.Value : (LoadSchema(schemaPath), Chart.Value.Defaults);
        var merged = (JsonObject)defaults.DeepClone();
        HubValues.Merge(merged, (JsonObject)service.DeepClone());
        if (secrets?.Root["binderhub-service"] is JsonObject secretService)
        {
            HubValues.Merge(merged, (JsonObject)secretService.DeepClone());
        }

        merged.Remove("enabled"); // the parent chart's condition; part of the schema but not of the chart's own values
        ValidateSchema(schema, merged, findings, Make, service);

        var prefixNode = HubValues.At(service, "config", "BinderHub", "image_prefix");
        var prefix = HubValues.AsString(prefixNode);
        var registry = ImageBuildingHubSetup.RegistryOf(prefix);
        if (prefix is null)
        {
            findings.Add(Make(HubFinding.Error, "BinderHub.ImagePrefixMissing", "binderhub-service.config.BinderHub.image_prefix",
                "No image_prefix is set, so BinderHub has nowhere to push built images.", service));
        }
        else if (registry is null || ImageBuildingHubSetup.ImagePrefixProblem(registry.Value, prefix) is { })
        {
            var problem = registry is null
                ? $"The image_prefix '{prefix}' is neither Artifact Registry's '<region>-docker.pkg.dev/<project>/<repository>/' nor quay's 'quay.io/<organization>/<cluster>-<hub>-'."
                : ImageBuildingHubSetup.ImagePrefixProblem(registry.Value, prefix)!;
            findings.Add(Make(HubFinding.Warning, "BinderHub.ImagePrefixShape", "binderhub-service.config.BinderHub.image_prefix", problem, prefixNode));
        }

        var dockerSelector = HubValues.At(service, "dockerApi", "nodeSelector") as JsonObject;
        var buildSelector = HubValues.At(service, "config", "KubernetesBuildExecutor", "node_selector") as JsonObject;
        if (!JsonNode.DeepEquals(Normalize(dockerSelector), Normalize(buildSelector)))
        {
            findings.Add(Make(HubFinding.Error, "BinderHub.NodeSelectorMismatch", "binderhub-service.dockerApi.nodeSelector",
                $"dockerApi.nodeSelector ({Describe(dockerSelector)}) differs from config.KubernetesBuildExecutor.node_selector ({Describe(buildSelector)}); build pods reach docker through a socket on their own node, so builds land where no docker-api runs. Make them equal.",
                (JsonNode?)buildSelector ?? dockerSelector));
        }

        var useRegistry = HubValues.At(service, "config", "BinderHub", "use_registry");
        if (useRegistry is null || HubValues.IsTruthy(useRegistry))
        {
            CheckCredentials(service, secrets, findings, Make);
        }

        var storage = HubValues.At(service, "dockerApi", "storage");
        var sizeLimit = HubValues.AsString(HubValues.At(storage, "emptyDir", "sizeLimit"));
        if (sizeLimit is null)
        {
            findings.Add(Make(HubFinding.Warning, "BinderHub.StorageNotEphemeral", "binderhub-service.dockerApi.storage",
                storage is null
                    ? "docker-api keeps its images in a hostPath directory that nothing cleans, so builds fail once the node's disk fills. Set dockerApi.storage.emptyDir.sizeLimit (for instance 15Gi)."
                    : "dockerApi.storage has no emptyDir.sizeLimit, so the kubelet never reclaims docker-api's space. Set emptyDir.sizeLimit (for instance 15Gi).",
                service["dockerApi"] ?? service));
        }

        var scopes = HubValues.At(values.Root, "jupyterhub", "hub", "loadRoles", "user", "scopes") as JsonArray;
        if (scopes is null || !scopes.Any(s => HubValues.AsString(s) == "access:services!service=binder"))
        {
            findings.Add(Make(HubFinding.Error, "BinderHub.ScopeMissing", "jupyterhub.hub.loadRoles.user.scopes",
                "Users lack the scope access:services!service=binder, so fancy-profiles cannot ask the binder service to build. Add it (next to 'self') to jupyterhub.hub.loadRoles.user.scopes.",
                scopes ?? HubValues.At(values.Root, "jupyterhub")));
        }

        if (registry == BinderHubRegistry.Quay)
        {
            CheckQuayPullSecrets(values, secrets, secretPath, findings, Make);
        }

        return findings;
    }

    private static void CheckCredentials(JsonObject service, HubValues? secrets, List<HubFinding> findings, Func<string, string, string, string, JsonNode?, HubFinding> make)
    {
        var credentials = service["buildPodsRegistryCredentials"] as JsonObject;
        foreach (var key in new[] { "server", "username" })
        {
            if (string.IsNullOrEmpty(HubValues.AsString(credentials?[key])))
            {
                findings.Add(make(HubFinding.Error, "BinderHub.CredentialsMissing", "binderhub-service.buildPodsRegistryCredentials." + key,
                    $"use_registry is on but buildPodsRegistryCredentials.{key} is empty, so build pods cannot push. Set it (the seed shares it with config.DockerRegistry through a YAML alias).",
                    (JsonNode?)credentials ?? service));
            }
        }

        var url = HubValues.AsString(HubValues.At(service, "config", "DockerRegistry", "url"));
        var server = HubValues.AsString(credentials?["server"]);
        if (url is not null && server is not null && url.TrimEnd('/') != server.TrimEnd('/'))
        {
            findings.Add(make(HubFinding.Warning, "BinderHub.RegistryMismatch", "binderhub-service.buildPodsRegistryCredentials.server",
                $"Build pods push to '{server}' but BinderHub looks images up at '{url}'; it will rebuild images it cannot find. Use one registry for both.", credentials));
        }

        if (secrets is null)
        {
            if (string.IsNullOrEmpty(HubValues.AsString(credentials?["password"])))
            {
                findings.Add(make(HubFinding.Information, "BinderHub.PasswordNotChecked", "binderhub-service.buildPodsRegistryCredentials.password",
                    "The registry password lives in the encrypted secret file, which was not given; give -SecretPath to check it is there.", credentials));
            }

            return;
        }

        if (secrets.Root["sops"] is not JsonObject)
        {
            var secretService = secrets.Root["binderhub-service"];
            foreach (var path in new[] { new[] { "buildPodsRegistryCredentials", "password" }, ["config", "DockerRegistry", "password"] })
            {
                if (string.IsNullOrEmpty(HubValues.AsString(HubValues.At(secretService, path))))
                {
                    findings.Add(new HubFinding(HubFinding.Error, "BinderHub.PasswordMissing", "binderhub-service." + string.Join('.', path),
                        $"The secret file has no binderhub-service.{string.Join('.', path)}, so {(path[0] == "config" ? "BinderHub cannot look built images up" : "build pods cannot push")}.",
                        secrets.Files[0], 0));
                }
            }
        }
        else if (HubValues.At(secrets.Root, "binderhub-service", "buildPodsRegistryCredentials", "password") is null)
        {
            findings.Add(new HubFinding(HubFinding.Error, "BinderHub.PasswordMissing", "binderhub-service.buildPodsRegistryCredentials.password",
                "The encrypted secret file has no binderhub-service.buildPodsRegistryCredentials.password, so build pods cannot push.", secrets.Files[0], 0));
        }
    }

    private static void CheckQuayPullSecrets(HubValues values, HubValues? secrets, string? secretPath, List<HubFinding> findings, Func<string, string, string, string, JsonNode?, HubFinding> make)
    {
        var pullSecret = HubValues.At(values.Root, "jupyterhub", "imagePullSecret") as JsonObject ?? HubValues.At(secrets?.Root, "jupyterhub", "imagePullSecret") as JsonObject;
        if (pullSecret is null)
        {
            if (secrets is not null || values.Files.Count > 0)
            {
                findings.Add(make(secrets is null ? HubFinding.Warning : HubFinding.Error, "BinderHub.PullSecretMissing", "jupyterhub.imagePullSecret",
                    "quay keeps pushed images private, so user pods need jupyterhub.imagePullSecret (create: true, registry: quay.io, the robot's user and password) in the secret file"
                    + (secrets is null ? "; give -SecretPath to check it." : "."), null));
            }
        }
        else
        {
            if (!HubValues.IsTruthy(pullSecret["create"]) || HubValues.AsString(pullSecret["registry"]) is not ("quay.io" or "https://quay.io"))
            {
                findings.Add(make(HubFinding.Error, "BinderHub.PullSecretWrong", "jupyterhub.imagePullSecret",
                    "jupyterhub.imagePullSecret must have create: true and registry: quay.io for user pods to pull the built images.", pullSecret));
            }
        }

        if (HubValues.IsTruthy(HubValues.At(values.Root, "dask-gateway", "enabled")))
        {
            var secretsList = HubValues.At(values.Root, "dask-gateway", "gateway", "backend", "imagePullSecrets") as JsonArray;
            if (secretsList is null || !secretsList.Any(s => HubValues.AsString(s?["name"]) == "image-pull-secret"))
            {
                findings.Add(make(HubFinding.Error, "BinderHub.DaskPullSecretMissing", "dask-gateway.gateway.backend.imagePullSecrets",
                    "dask-gateway is enabled but its scheduler and worker pods do not get the pull secret, so they cannot pull images built on this hub. Add {name: image-pull-secret} to dask-gateway.gateway.backend.imagePullSecrets.",
                    HubValues.At(values.Root, "dask-gateway")));
            }
        }
    }

    private static void ValidateSchema(JsonSchema schema, JsonObject merged, List<HubFinding> findings, Func<string, string, string, string, JsonNode?, HubFinding> make, JsonObject service)
    {
        using var document = JsonDocument.Parse(merged.ToJsonString());
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in result.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }

            foreach (var (keyword, message) in detail.Errors)
            {
                var location = detail.InstanceLocation.ToString();
                var target = "binderhub-service" + location.Replace('/', '.');
                if (!seen.Add(target + "|" + message))
                {
                    continue;
                }

                var segments = location.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var node = HubValues.At(service, segments) ?? service;
                findings.Add(make(HubFinding.Error, "BinderHub.SchemaViolation", target,
                    $"The chart's schema refuses the values at {target} ({keyword}): {message} helm install and upgrade will fail.", node));
            }
        }
    }

    private static JsonObject Normalize(JsonObject? selector)
    {
        var result = new JsonObject();
        foreach (var (key, value) in (selector ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[key] = HubValues.AsString(value);
        }

        return result;
    }

    private static string Describe(JsonObject? selector) =>
        selector is null or { Count: 0 } ? "none" : string.Join(", ", selector.Select(p => $"{p.Key}={HubValues.AsString(p.Value)}"));

    private static (JsonSchema, JsonObject) LoadEmbeddedChart()
    {
        var assembly = typeof(ImageBuildingHubChecker).Assembly;
        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream("RspAdmin.Core.BinderHub." + name)
                ?? throw new InvalidOperationException("The embedded chart file " + name + " is missing.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        var schema = JsonSchema.FromText(HubValues.Parse(Read("values.schema.yaml"), "values.schema.yaml").Root.ToJsonString());
        return (schema, HubValues.Parse(Read("values.yaml"), "values.yaml").Root);
    }

    private static JsonSchema LoadSchema(string path)
    {
        try
        {
            return JsonSchema.FromText(HubValues.Load([path]).Root.ToJsonString());
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or RspException)
        {
            throw new RspException("BinderHub.SchemaUnreadable", ErrorKind.InvalidData, $"'{path}' is not a JSON schema: {e.Message}", path, inner: e);
        }
    }
}
