using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using YamlDotNet.Serialization;

namespace RspAdmin.Sandbox.ArgoCd;

/// <summary>One object an application renders: its identity and the JSON the sandbox applies.</summary>
public sealed record RenderedResource(string Group, string Version, string Kind, string? Namespace, string Name, string Json, string Hash)
{
    public string Key => $"{Group}/{Kind}/{Namespace}/{Name}";
}

/// <summary>What one application renders at one revision.</summary>
public sealed record RenderedApplication(string Name, string Namespace, string Path, IReadOnlyList<string> ValueFiles, IReadOnlyList<RenderedResource> Resources);

/// <summary>What the app-of-apps renders at one revision: the enabled applications, each with its objects.</summary>
public sealed record PhalanxRender(string Revision, IReadOnlyList<RenderedApplication> Applications);

/// <summary>
/// Renders a Phalanx checkout's git HEAD the way the app-of-apps and the application charts would, for
/// the applications a migration touches. The environment file is read in each era's shape: <c>applications:</c>
/// with booleans (D) or <c>{enabled:}</c> maps (C), or top-level <c>&lt;app&gt;: {enabled:}</c> keys (B, and A
/// with underscores under <c>science-platform/</c>). Values are merged as Helm merges them.
/// </summary>
public sealed class PhalanxRenderer(string checkout, string environment)
{
    /// <summary>The label that ties an object to its application.</summary>
    public const string InstanceLabel = "argocd.argoproj.io/instance";

    /// <summary>The annotation that carries the rendered content's hash (what sync compares).</summary>
    public const string HashAnnotation = "sandbox.rspadmin.io/render-hash";

    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();
    private readonly object _gate = new();
    private PhalanxRender? _last;

    public string Checkout { get; } = checkout;

    public string Environment { get; } = environment;

    /// <summary>The current HEAD commit.</summary>
    public string Head() => Git("rev-parse", "HEAD").Trim();

    /// <summary>The full commit a revision names, or null when it names none.</summary>
    public string? Resolve(string revision)
    {
        var (code, output) = Run("rev-parse", "--verify", "-q", revision + "^{commit}");
        return code == 0 ? output.Trim() : null;
    }

    /// <summary>The render of a commit.</summary>
    public PhalanxRender RenderRevision(string commit) => commit == Head() ? Render() : RenderAt(commit);

    /// <summary>The Namespace object the app-of-apps renders for an application.</summary>
    public static RenderedResource NamespaceOf(string app) => Resource("", "v1", "Namespace", null, app, new Dictionary<string, object?>(), "namespace");

    /// <summary>The Application object the app-of-apps renders for an application.</summary>
    public static RenderedResource ApplicationOf(RenderedApplication app, string appOfApps) =>
        new("argoproj.io", "v1alpha1", "Application", "argocd", app.Name, "{}", Hash(app.Path + string.Join(',', app.ValueFiles)));

    /// <summary>The render of HEAD (cached per commit).</summary>
    public PhalanxRender Render()
    {
        var head = Head();
        lock (_gate)
        {
            if (_last?.Revision == head)
            {
                return _last;
            }
        }

        var render = RenderAt(head);
        lock (_gate)
        {
            _last = render;
        }

        return render;
    }

    private PhalanxRender RenderAt(string revision)
    {
        var (enabled, chartRoot) = EnabledApplications(revision);
        var apps = new List<RenderedApplication>();
        foreach (var app in enabled.OrderBy(a => a, StringComparer.Ordinal))
        {
            var path = $"{chartRoot}/{app}";
            var values = Merge(ReadYaml(revision, $"{path}/values.yaml"), ReadYaml(revision, $"{path}/values-{Environment}.yaml"));
            apps.Add(new RenderedApplication(app, app, path, ["values.yaml", $"values-{Environment}.yaml"], RenderChart(app, values)));
        }

        return new PhalanxRender(revision, apps);
    }

    private (IReadOnlyList<string> Enabled, string ChartRoot) EnabledApplications(string revision)
    {
        var file = $"environments/values-{Environment}.yaml";
        var chartRoot = "applications";
        var text = Show(revision, file);
        Dictionary<object, object?>? defaults = null;
        if (text is null)
        {
            file = $"science-platform/values-{Environment}.yaml";
            text = Show(revision, file) ?? throw new SandboxException("Sandbox.ScenarioInvalid", $"The Phalanx checkout {Checkout} has no environment file for '{Environment}' at HEAD (environments/ or science-platform/).");
            chartRoot = "services";
            defaults = AsMap(ReadYaml(revision, "science-platform/values.yaml"));
        }
        else
        {
            defaults = AsMap(ReadYaml(revision, "environments/values.yaml"));
        }

        var env = AsMap(Merge(defaults, Parse(text, file))) ?? [];
        var enabled = new List<string>();
        if (env.TryGetValue("applications", out var appsNode) && AsMap(appsNode) is { } apps)
        {
            foreach (var (key, value) in apps)
            {
                var on = value switch
                {
                    string s => s == "true",
                    Dictionary<object, object?> m => m.TryGetValue("enabled", out var e) && e as string == "true",
                    _ => false,
                };
                if (on)
                {
                    enabled.Add(key.ToString()!);
                }
            }
        }
        else
        {
            foreach (var (key, value) in env)
            {
                if (AsMap(value) is { } m && m.TryGetValue("enabled", out var e) && e as string == "true")
                {
                    enabled.Add(key.ToString()!.Replace('_', '-'));
                }
            }
        }

        if (chartRoot == "applications" && Show(revision, "applications") is null && Show(revision, "services") is not null)
        {
            chartRoot = "services";
        }

        return (enabled, chartRoot);
    }

    private static IReadOnlyList<RenderedResource> RenderChart(string app, object? values)
    {
        var list = new List<RenderedResource>();
        var baseUrl = Lookup(values, "jupyterhub", "hub", "baseUrl") as string ?? "/nb";
        var deploymentHash = Hash(JsonSerializer.Serialize(Normalize(Without(values, "config", "autostart"))));
        void Deployment(string name) => list.Add(Resource("apps", "v1", "Deployment", app, name, DeploymentSpec(name), deploymentHash));
        void Ingress(string name, string path) => list.Add(Resource("networking.k8s.io", "v1", "Ingress", app, name, IngressSpec(path), Hash(path)));
        switch (app)
        {
            case "nublado":
                Deployment("hub");
                Deployment("proxy");
                Deployment("nublado-controller");
                Ingress("proxy", baseUrl);
                Ingress("controller-admin", "/nublado");
                break;
            case "nublado2":
                Deployment("hub");
                Deployment("proxy");
                Ingress("hub", baseUrl);
                break;
            case "mobu":
                Deployment("mobu");
                var autostart = new Dictionary<string, object?> { ["autostart.yaml"] = JsonSerializer.Serialize(Normalize(Lookup(values, "config", "autostart")) ?? new List<object?>()) };
                list.Add(Resource("", "v1", "ConfigMap", app, "mobu-autostart", new Dictionary<string, object?> { ["data"] = autostart }, Hash((string)autostart["autostart.yaml"]!)));
                Ingress("mobu", "/mobu");
                break;
            default:
                Deployment(app);
                break;
        }

        return list;
    }

    private static Dictionary<string, object?> DeploymentSpec(string name) => new()
    {
        ["spec"] = new Dictionary<string, object?>
        {
            ["replicas"] = 1,
            ["selector"] = new Dictionary<string, object?> { ["matchLabels"] = new Dictionary<string, object?> { ["app"] = name } },
            ["template"] = new Dictionary<string, object?>
            {
                ["metadata"] = new Dictionary<string, object?> { ["labels"] = new Dictionary<string, object?> { ["app"] = name } },
                ["spec"] = new Dictionary<string, object?> { ["containers"] = new[] { new Dictionary<string, object?> { ["name"] = name, ["image"] = $"sandbox/{name}:1" } } },
            },
        },
    };

    private static Dictionary<string, object?> IngressSpec(string path) => new()
    {
        ["spec"] = new Dictionary<string, object?>
        {
            ["rules"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["http"] = new Dictionary<string, object?>
                    {
                        ["paths"] = new[] { new Dictionary<string, object?> { ["path"] = path, ["pathType"] = "Prefix", ["backend"] = new Dictionary<string, object?> { ["service"] = new Dictionary<string, object?> { ["name"] = "proxy-public", ["port"] = new Dictionary<string, object?> { ["number"] = 80 } } } } },
                    },
                },
            },
        },
    };

    private static RenderedResource Resource(string group, string version, string kind, string? ns, string name, Dictionary<string, object?> body, string hash)
    {
        var meta = new Dictionary<string, object?>
        {
            ["name"] = name,
            ["labels"] = new Dictionary<string, object?> { [InstanceLabel] = ns ?? name },
            ["annotations"] = new Dictionary<string, object?> { [HashAnnotation] = hash },
        };
        if (ns is not null)
        {
            meta["namespace"] = ns;
        }

        var obj = new Dictionary<string, object?> { ["apiVersion"] = group.Length == 0 ? version : $"{group}/{version}", ["kind"] = kind, ["metadata"] = meta };
        foreach (var (k, v) in body)
        {
            obj[k] = v;
        }

        return new RenderedResource(group, version, kind, ns, name, JsonSerializer.Serialize(obj), hash);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static object? Lookup(object? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (AsMap(node) is not { } map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    private static object? Without(object? node, string key, string child)
    {
        if (AsMap(node) is not { } map)
        {
            return node;
        }

        var copy = new Dictionary<object, object?>(map);
        if (AsMap(copy.GetValueOrDefault(key)) is { } inner)
        {
            var innerCopy = new Dictionary<object, object?>(inner);
            innerCopy.Remove(child);
            copy[key] = innerCopy;
        }

        return copy;
    }

    /// <summary>YAML's object graph with string keys, so it serializes to JSON.</summary>
    internal static object? Normalize(object? node) => node switch
    {
        Dictionary<object, object?> m => m.ToDictionary(kv => kv.Key.ToString()!, kv => Normalize(kv.Value), StringComparer.Ordinal),
        Dictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value), StringComparer.Ordinal),
        List<object?> l => l.Select(Normalize).ToList(),
        _ => node,
    };

    private static Dictionary<object, object?>? AsMap(object? node) => node as Dictionary<object, object?>;

    /// <summary>Helm's merge: maps merge key by key, anything else is replaced; an explicit null deletes.</summary>
    internal static object? Merge(object? lower, object? upper)
    {
        if (AsMap(lower) is not { } l || AsMap(upper) is not { } u)
        {
            return upper ?? lower;
        }

        var result = new Dictionary<object, object?>(l);
        foreach (var (k, v) in u)
        {
            if (v is null)
            {
                result.Remove(k);
            }
            else
            {
                result[k] = result.TryGetValue(k, out var existing) ? Merge(existing, v) : v;
            }
        }

        return result;
    }

    private object? ReadYaml(string revision, string path) => Show(revision, path) is { } text ? Parse(text, path) : null;

    private object? Parse(string text, string path)
    {
        try
        {
            return Yaml.Deserialize<object?>(text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new SandboxException("Sandbox.PhalanxInvalid", $"{path} at {Checkout} HEAD is not valid YAML: {e.Message}");
        }
    }

    private string? Show(string revision, string path)
    {
        var (code, output) = Run("show", $"{revision}:{path}");
        return code == 0 ? output : null;
    }

    private string Git(params string[] args)
    {
        var (code, output) = Run(args);
        return code == 0 ? output : throw new SandboxException("Sandbox.PhalanxInvalid", $"git {string.Join(' ', args)} failed in {Checkout}: {output.Trim()}");
    }

    private (int Code, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(Checkout);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start) ?? throw new SandboxException("Sandbox.PhalanxInvalid", "git could not be started.");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, p.ExitCode == 0 ? stdout : stderr.Result);
    }

    /// <summary>
    /// The checkout to render from: <paramref name="path"/> itself when it is a git work tree, else a
    /// committed copy in <paramref name="tempRoot"/>.
    /// </summary>
    public static string Prepare(string path, string tempRoot)
    {
        if (!Directory.Exists(path))
        {
            throw new SandboxException("Sandbox.ScenarioInvalid", $"phalanx.path '{path}' is not a directory.");
        }

        if (Directory.Exists(System.IO.Path.Combine(path, ".git")) || File.Exists(System.IO.Path.Combine(path, ".git")))
        {
            return System.IO.Path.GetFullPath(path);
        }

        var copy = System.IO.Path.Combine(tempRoot, "phalanx");
        CopyTree(path, copy);
        var renderer = new PhalanxRenderer(copy, "none");
        renderer.Git("init", "-q", "-b", "main");
        renderer.Git("add", "-A");
        renderer.Git("-c", "user.name=sandbox", "-c", "user.email=sandbox@localhost", "commit", "-q", "-m", "Phalanx as the scenario gives it");
        return copy;
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            CopyTree(dir, System.IO.Path.Combine(to, System.IO.Path.GetFileName(dir)));
        }
    }
}
