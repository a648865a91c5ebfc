using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RspAdmin.Core.Profiles;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.BinderHub;

/// <summary>The registry an image-building hub pushes to.</summary>
public enum BinderHubRegistry
{
    /// <summary>Google Artifact Registry (<c>&lt;region&gt;-docker.pkg.dev</c>), user <c>_json_key</c>.</summary>
    Gcp,

    /// <summary>quay.io with a robot account; images pushed private, so pods need a pull secret.</summary>
    Quay,
}

/// <summary>What to write for an image-building hub.</summary>
public sealed class ImageBuildingHubOptions
{
    public BinderHubRegistry Registry { get; init; }

    /// <summary>The <c>image_prefix</c> (see <see cref="ImageBuildingHubSetup.GcpPrefix"/> and <see cref="ImageBuildingHubSetup.QuayPrefix"/>).</summary>
    public required string ImagePrefix { get; init; }

    /// <summary>The registry URL; null for the registry's own (<c>https://quay.io</c>, <c>https://&lt;region&gt;-docker.pkg.dev</c>).</summary>
    public string? RegistryUrl { get; init; }

    /// <summary>The registry user; null for the registry's usual one.</summary>
    public string? UserName { get; init; }

    /// <summary>The registry password; null to leave the secret file alone.</summary>
    public string? Password { get; init; }

    /// <summary>Labels both docker-api pods and build pods are scheduled by; null to leave them.</summary>
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }

    /// <summary>The <c>emptyDir.sizeLimit</c> of docker-api's storage.</summary>
    public string DockerStorageSize { get; init; } = "15Gi";

    /// <summary>Allow writing the password into a file without sops metadata.</summary>
    public bool AllowPlaintextSecret { get; init; }
}

/// <summary>What the setup changed (or would change).</summary>
/// <param name="Path">The hub values file.</param>
/// <param name="SecretPath">The secret values file; null when none was given.</param>
/// <param name="Changed">The values paths written, in either file (secret ones marked as such, never with their values).</param>
/// <param name="Diff">The diff of the hub values file (the secret file's diff is never shown).</param>
/// <param name="SecretWritten">How the password reached the secret file: None, Plaintext or Sops.</param>
public sealed record ImageBuildingHubConfigResult(string Path, string? SecretPath, IReadOnlyList<string> Changed, string Diff, string SecretWritten);

/// <summary>
/// Writes the image-building setup into a hub's values with the surgical YAML editor: the
/// binderhub-service block (enabled, image_prefix, registry URL and user shared by YAML anchors with
/// buildPodsRegistryCredentials, node selectors, ephemeral docker storage), the users' scope to reach
/// the binder service, and for quay the dask-gateway pull secrets; the password (and for quay the
/// image pull secret) into the secret values file only.
/// </summary>
public static partial class ImageBuildingHubSetup
{
    private const string BinderScope = "access:services!service=binder";

    /// <summary>The GCP image prefix: <c>&lt;region&gt;-docker.pkg.dev/&lt;project&gt;/&lt;repository&gt;/</c>.</summary>
    public static string GcpPrefix(string region, string project, string repository) => $"{region}-docker.pkg.dev/{project}/{repository}/";

    /// <summary>The quay image prefix 2i2c uses: <c>quay.io/imagebuilding-non-gcp-hubs/&lt;cluster&gt;-&lt;hub&gt;-</c>.</summary>
    public static string QuayPrefix(string cluster, string hub) => $"quay.io/imagebuilding-non-gcp-hubs/{cluster}-{hub}-";

    /// <summary>The registry URL an image prefix pushes to.</summary>
    public static string RegistryUrlFor(BinderHubRegistry registry, string imagePrefix) =>
        registry == BinderHubRegistry.Quay ? "https://quay.io" : "https://" + imagePrefix.Split('/')[0];

    /// <summary>The usual registry user.</summary>
    public static string DefaultUserName(BinderHubRegistry registry) =>
        registry == BinderHubRegistry.Quay ? "imagebuilding-non-gcp-hubs+image_builder" : "_json_key";

    /// <summary>True when the YAML file carries sops metadata (a top-level <c>sops</c> mapping).</summary>
    public static bool IsSopsEncrypted(string path) =>
        File.Exists(path) && HubValues.Load([path]).Root["sops"] is JsonObject;

    /// <summary>Writes the setup; with <paramref name="save"/> false nothing is written.</summary>
    /// <exception cref="RspException"><c>BinderHub.NotHubValues</c>, <c>BinderHub.BadImagePrefix</c>, <c>BinderHub.PlaintextSecret</c>, <c>BinderHub.SopsNotFound</c>, <c>BinderHub.SopsFailed</c>, and the editor's <c>Yaml.*</c> refusals.</exception>
    public static ImageBuildingHubConfigResult Apply(string path, string? secretPath, ImageBuildingHubOptions options, bool save)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (ImagePrefixProblem(options.Registry, options.ImagePrefix) is { } problem)
        {
            throw new RspException("BinderHub.BadImagePrefix", ErrorKind.InvalidArgument, problem, options.ImagePrefix);
        }

        if (options.Password is not null && secretPath is null)
        {
            throw new RspException("BinderHub.SecretPathMissing", ErrorKind.InvalidArgument,
                "A password was given but no secret values file; the password only ever goes to the sops-encrypted secret file.", null,
                "Give -SecretPath enc-<hub>.secret.values.yaml.");
        }

        var document = EditableYamlDocument.Load(path);
        if (!document.Contains(new YamlPath("jupyterhub")))
        {
            throw new RspException("BinderHub.NotHubValues", ErrorKind.InvalidData,
                $"'{path}' has no 'jupyterhub' key, so it is not the values file of a hub; nothing was written.", path,
                "Give the hub's values file (the one with jupyterhub.singleuser).");
        }

        // Decide everything about the secret file before touching either file.
        string secretMode = "None";
        if (options.Password is not null)
        {
            secretMode = File.Exists(secretPath) && IsSopsEncrypted(secretPath!) ? "Sops" : "Plaintext";
            if (secretMode == "Plaintext" && !options.AllowPlaintextSecret)
            {
                throw new RspException("BinderHub.PlaintextSecret", ErrorKind.SecurityRefused,
                    $"'{secretPath}' is not sops-encrypted (it has no sops metadata), so the registry password is not written to it; nothing was written.", secretPath,
                    "Give the hub's sops-encrypted secret file, or add -AllowPlaintextSecret and encrypt the file with sops before committing it.");
            }

            if (secretMode == "Sops" && FindSops() is null)
            {
                throw new RspException("BinderHub.SopsNotFound", ErrorKind.Unavailable,
                    $"'{secretPath}' is sops-encrypted but the sops program is not on PATH; nothing was written.", secretPath,
                    "Install sops (https://github.com/getsops/sops), or decrypt the file, run again with -AllowPlaintextSecret and encrypt it again.");
            }
        }

        var changed = new List<string>();
        void Track(bool didChange, string what)
        {
            if (didChange)
            {
                changed.Add(what);
            }
        }

        var registryUrl = options.RegistryUrl ?? RegistryUrlFor(options.Registry, options.ImagePrefix);
        var userName = options.UserName ?? DefaultUserName(options.Registry);
        var service = "binderhub-service";
        Track(document.SetBoolean(new YamlPath(service, "enabled"), true), "binderhub-service.enabled");
        Track(document.SetString(new YamlPath(service, "config", "BinderHub", "image_prefix"), options.ImagePrefix), "binderhub-service.config.BinderHub.image_prefix");
        var urlAnchor = SetAnchored(document, new YamlPath(service, "config", "DockerRegistry", "url"), "url", registryUrl, Track);
        var userAnchor = SetAnchored(document, new YamlPath(service, "config", "DockerRegistry", "username"), "username", userName, Track);
        SetAliasOrValue(document, new YamlPath(service, "buildPodsRegistryCredentials", "server"), urlAnchor, registryUrl, Track);
        SetAliasOrValue(document, new YamlPath(service, "buildPodsRegistryCredentials", "username"), userAnchor, userName, Track);
        if (options.NodeSelector is { Count: > 0 } selector)
        {
            foreach (var (label, value) in selector.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Track(document.SetString(new YamlPath(service, "dockerApi", "nodeSelector", label), value), $"binderhub-service.dockerApi.nodeSelector.{label}");
                Track(document.SetString(new YamlPath(service, "config", "KubernetesBuildExecutor", "node_selector", label), value), $"binderhub-service.config.KubernetesBuildExecutor.node_selector.{label}");
            }
        }

        Track(document.SetString(new YamlPath(service, "dockerApi", "storage", "emptyDir", "sizeLimit"), options.DockerStorageSize), "binderhub-service.dockerApi.storage.emptyDir.sizeLimit");
        var scopes = new YamlPath("jupyterhub", "hub", "loadRoles", "user", "scopes");
        if (document.GetSequence(scopes) is null)
        {
            // A new user role replaces the chart's default one, which grants 'self'.
            Track(document.EnsureSequenceItem(scopes, "self"), "jupyterhub.hub.loadRoles.user.scopes[self]");
        }

        Track(document.EnsureSequenceItem(scopes, BinderScope), $"jupyterhub.hub.loadRoles.user.scopes[{BinderScope}]");
        if (options.Registry == BinderHubRegistry.Quay && HubValues.IsTruthy(HubValues.At(HubValues.Parse(document.Text, path).Root, "dask-gateway", "enabled")))
        {
            Track(document.SetSequenceMappingItem(new YamlPath("dask-gateway", "gateway", "backend", "imagePullSecrets"), "name", new JsonObject { ["name"] = "image-pull-secret" }),
                "dask-gateway.gateway.backend.imagePullSecrets[image-pull-secret]");
        }

        // Prepare the secret file in memory before saving anything.
        EditableYamlDocument? secrets = null;
        var secretEdits = new List<(string[] Path, string Value)>();
        if (options.Password is { } password)
        {
            secretEdits.Add(([service, "config", "DockerRegistry", "password"], password));
            secretEdits.Add(([service, "buildPodsRegistryCredentials", "password"], password));
            if (options.Registry == BinderHubRegistry.Quay)
            {
                secretEdits.Add((["jupyterhub", "imagePullSecret", "registry"], "quay.io"));
                secretEdits.Add((["jupyterhub", "imagePullSecret", "username"], userName));
                secretEdits.Add((["jupyterhub", "imagePullSecret", "password"], password));
            }

            if (secretMode == "Plaintext")
            {
                secrets = File.Exists(secretPath) ? EditableYamlDocument.Load(secretPath!) : null;
                if (secrets is null)
                {
                    if (save)
                    {
                        File.WriteAllText(secretPath!, string.Empty);
                        secrets = EditableYamlDocument.Load(secretPath!);
                    }
                    else
                    {
                        secrets = EditableYamlDocument.Parse(string.Empty, secretPath!);
                    }
                }

                var passwordAnchor = SetAnchored(secrets, new YamlPath(service, "config", "DockerRegistry", "password"), "password", password, (c, w) => Track(c, w + " (secret)"));
                SetAliasOrValue(secrets, new YamlPath(service, "buildPodsRegistryCredentials", "password"), passwordAnchor, password, (c, w) => Track(c, w + " (secret)"));
                if (options.Registry == BinderHubRegistry.Quay)
                {
                    Track(secrets.SetBoolean(new YamlPath("jupyterhub", "imagePullSecret", "create"), true), "jupyterhub.imagePullSecret.create (secret)");
                    foreach (var (keys, value) in secretEdits.Skip(2))
                    {
                        Track(secrets.SetString(new YamlPath(keys), value), string.Join('.', keys) + " (secret)");
                    }
                }
            }
            else
            {
                changed.AddRange(secretEdits.Select(e => string.Join('.', e.Path) + " (secret, sops)"));
                if (options.Registry == BinderHubRegistry.Quay)
                {
                    changed.Add("jupyterhub.imagePullSecret.create (secret, sops)");
                }
            }
        }

        var diff = document.GetUnifiedDiff();
        if (save)
        {
            document.Save();
            secrets?.Save();
            if (secretMode == "Sops")
            {
                var edits = secretEdits.Select(e => (e.Path, (JsonNode)JsonValue.Create(e.Value)!)).ToList();
                if (options.Registry == BinderHubRegistry.Quay)
                {
                    edits.Add((["jupyterhub", "imagePullSecret", "create"], JsonValue.Create(true)!));
                }

                foreach (var (keys, value) in edits)
                {
                    SopsSet(secretPath!, keys, value);
                }
            }
        }

        return new ImageBuildingHubConfigResult(path, secretPath, changed, diff, secretMode);
    }

    /// <summary>Why <paramref name="prefix"/> does not fit <paramref name="registry"/>; null when it does.</summary>
    public static string? ImagePrefixProblem(BinderHubRegistry registry, string? prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return "The image_prefix is empty; BinderHub would push images without a registry host.";
        }

        if (prefix != prefix.ToLowerInvariant() || prefix.Any(char.IsWhiteSpace))
        {
            return $"The image_prefix '{prefix}' has upper-case letters or spaces; image names must be lower-case.";
        }

        return registry switch
        {
            BinderHubRegistry.Gcp when !GcpPrefixShape().IsMatch(prefix) =>
                $"The image_prefix '{prefix}' is not in Artifact Registry's format '<region>-docker.pkg.dev/<project>/<repository>/'.",
            BinderHubRegistry.Quay when !QuayPrefixShape().IsMatch(prefix) =>
                $"The image_prefix '{prefix}' is not in quay's format 'quay.io/<organization>/<cluster>-<hub>-'.",
            _ => null,
        };
    }

    /// <summary>The registry an image prefix belongs to; null when neither shape fits.</summary>
    public static BinderHubRegistry? RegistryOf(string? prefix) =>
        prefix is null ? null
        : prefix.StartsWith("quay.io/", StringComparison.Ordinal) ? BinderHubRegistry.Quay
        : prefix.Contains("-docker.pkg.dev/", StringComparison.Ordinal) ? BinderHubRegistry.Gcp
        : null;

    // Sets an anchored value; when the value is already an alias of an equal anchor, that anchor's name is returned.
    private static string? SetAnchored(EditableYamlDocument document, YamlPath path, string preferred, string value, Action<bool, string> track)
    {
        var (anchor, isAlias) = document.AnchorAt(path);
        if (isAlias && document.GetResolvedScalar(path) == value)
        {
            return anchor;
        }

        if (anchor is not null && !isAlias && document.GetResolvedScalar(path) == value)
        {
            return anchor;
        }

        var name = preferred;
        var used = document.AnchorNames();
        for (var n = 2; used.Contains(name); n++)
        {
            name = preferred + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        track(document.SetAnchoredString(path, name, value), string.Join('.', path.Keys));
        return name;
    }

    private static void SetAliasOrValue(EditableYamlDocument document, YamlPath path, string? anchor, string value, Action<bool, string> track)
    {
        var (existing, isAlias) = document.AnchorAt(path);
        if (isAlias && document.GetResolvedScalar(path) == value)
        {
            return;
        }

        if (anchor is not null && existing is null)
        {
            track(document.SetAlias(path, anchor), string.Join('.', path.Keys));
            return;
        }

        track(document.SetString(path, value), string.Join('.', path.Keys));
    }

    private static string? FindSops()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "sops.exe" : "sops");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    // sops set FILE '["a"]["b"]' --value-stdin: the value travels on stdin, never on the command line.
    private static void SopsSet(string file, string[] keys, JsonNode value)
    {
        var index = string.Concat(keys.Select(k => "[" + JsonValue.Create(k)!.ToJsonString() + "]"));
        var start = new ProcessStartInfo(FindSops()!, ["set", "--value-stdin", file, index])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new RspException("BinderHub.SopsFailed", ErrorKind.Unavailable, "sops could not be started.", file);
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.Write(value.ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new RspException("BinderHub.SopsFailed", ErrorKind.Timeout, $"sops did not finish setting {index} in '{file}' within 60 s.", file);
        }

        if (process.ExitCode != 0)
        {
            throw new RspException("BinderHub.SopsFailed", ErrorKind.WriteFailed,
                $"sops could not set {index} in '{file}' (exit code {process.ExitCode}): {stderr.Result.Trim()}", file,
                "Check that your sops keys can decrypt the file.");
        }
    }

    [GeneratedRegex(@"\A[a-z0-9-]+-docker\.pkg\.dev/[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9._-]*/(?:[a-z0-9._/-]*)\z")]
    private static partial Regex GcpPrefixShape();

    [GeneratedRegex(@"\Aquay\.io/[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9._-]*-\z")]
    private static partial Regex QuayPrefixShape();
}
