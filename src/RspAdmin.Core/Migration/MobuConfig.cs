using RspAdmin.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace RspAdmin.Core.Migration;

/// <summary>One autostart flock of an environment's mobu values (no secrets: mobu values hold none).</summary>
/// <param name="Index">Its position in <c>config.autostart</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="BusinessType">The business type (<c>NotebookRunner</c>, <c>TAPQueryRunner</c>, ...).</param>
/// <param name="Options">The option names and scalar values under <c>business.options</c> (nested values as null).</param>
/// <param name="MisplacedOptions">Option names written directly under <c>business</c> instead of <c>business.options</c>.</param>
public sealed record MobuFlockConfig(int Index, string Name, string BusinessType, IReadOnlyDictionary<string, string?> Options, IReadOnlyList<string> MisplacedOptions)
{
    /// <summary>True for the businesses that spawn labs through a hub.</summary>
    public bool IsNotebookFlock => MobuConfig.NubladoBusinesses.Contains(BusinessType);

    /// <summary>The hub route the flock talks to (<c>url_prefix</c>, default <c>/nb</c>), without a trailing slash.</summary>
    public string Route => MobuConfig.NormalizeRoute(Options.GetValueOrDefault("url_prefix") ?? "/nb/");

    /// <summary><c>use_cachemachine</c> as written; null when unset.</summary>
    public bool? UseCachemachine => Options.GetValueOrDefault("use_cachemachine") switch
    {
        "true" or "True" => true,
        "false" or "False" => false,
        _ => null,
    };
}

/// <summary>
/// The mobu facts the migration needs: the autostart flocks of an environment and the option
/// names the deployed mobu accepts (mobu's business options forbid unknown keys, so a misspelt
/// option stops mobu at startup).
/// </summary>
public static class MobuConfig
{
    /// <summary>The business types that run code in a lab through a hub.</summary>
    public static readonly IReadOnlySet<string> NubladoBusinesses = new HashSet<string>(StringComparer.Ordinal)
    {
        "NotebookRunner", "JupyterPythonLoop", "JupyterLoginLoop", "JupyterJitterLoginLoop",
    };

    private static readonly string[] CommonOptions = ["error_idle_time", "idle_time"];

    private static readonly string[] NubladoOptions =
    [
        "delete_lab", "delete_timeout", "execution_idle_time", "get_node", "image", "jitter", "lab_settle_time",
        "spawn_settle_time", "spawn_timeout", "url_prefix", "working_directory",
    ];

    private static readonly string[] CachemachineOptions = ["use_cachemachine", "cachemachine_image_policy"];

    /// <summary>The mobu version when an environment's chart does not say (the one Phalanx ran during the migration).</summary>
    public static readonly Version AssumedVersion = new(6, 1, 1);

    /// <summary>
    /// The option names mobu <paramref name="version"/> accepts for a business type; null for a type
    /// (or a mobu later than 7.x) whose full option set is not known here. The cachemachine options
    /// are refused on every version from 7 on even then.
    /// </summary>
    public static IReadOnlySet<string>? AllowedOptions(string businessType, Version version)
    {
        if (!NubladoBusinesses.Contains(businessType) || version.Major > 7 || version.Major < 6)
        {
            return null;
        }

        var names = new HashSet<string>(CommonOptions.Concat(NubladoOptions), StringComparer.Ordinal);
        if (version.Major == 6)
        {
            names.UnionWith(CachemachineOptions);
        }

        switch (businessType)
        {
            case "NotebookRunner":
                names.UnionWith(["max_executions", "repo_url", "repo_branch", "exclude_dirs"]);
                if (version.Major >= 7)
                {
                    names.UnionWith(["repo_ref", "cell_execution_timeout"]);
                }

                break;
            case "JupyterPythonLoop":
                names.UnionWith(["max_executions", "code"]);
                break;
        }

        return names;
    }

    /// <summary>The mobu version of a checkout (<c>appVersion</c> of the mobu chart), or <see cref="AssumedVersion"/> when it is not there.</summary>
    public static Version DeployedVersion(MigrationCheckout checkout)
    {
        var chart = checkout.ApplicationDirectory("mobu") + "/Chart.yaml";
        var value = checkout.Exists(chart) ? checkout.Edit(chart).GetScalar(new YamlPath("appVersion")) : null;
        return value is not null && Version.TryParse(value.TrimStart('v').Split('-')[0], out var version) ? version : AssumedVersion;
    }

    /// <summary>The autostart flocks of a mobu values text.</summary>
    public static IReadOnlyList<MobuFlockConfig> ReadFlocks(string text, string sourceName)
    {
        var root = EnvironmentFile.LoadRoot(text, sourceName);
        if (!root.Children.TryGetValue(new YamlScalarNode("config"), out var config) || config is not YamlMappingNode configMap
            || !configMap.Children.TryGetValue(new YamlScalarNode("autostart"), out var autostart) || autostart is not YamlSequenceNode list)
        {
            return [];
        }

        var flocks = new List<MobuFlockConfig>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is not YamlMappingNode flock)
            {
                continue;
            }

            var name = Scalar(flock, "name") ?? $"#{i}";
            var business = flock.Children.TryGetValue(new YamlScalarNode("business"), out var b) ? b as YamlMappingNode : null;
            var type = business is null ? string.Empty : Scalar(business, "type") ?? string.Empty;
            var options = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (business is not null && business.Children.TryGetValue(new YamlScalarNode("options"), out var o) && o is YamlMappingNode optionMap)
            {
                foreach (var (key, value) in optionMap.Children)
                {
                    options[((YamlScalarNode)key).Value!] = (value as YamlScalarNode)?.Value;
                }
            }

            var misplaced = business?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!)
                .Where(k => k is "use_cachemachine" or "url_prefix" or "cachemachine_image_policy").ToList() ?? [];
            flocks.Add(new MobuFlockConfig(i, name, type, options, misplaced));
        }

        return flocks;
    }

    /// <summary>
    /// Refuses option names the deployed mobu would reject: unknown names (the real
    /// <c>use_machemachine</c> typo), cachemachine options on mobu 7 or later, and options written
    /// directly under <c>business</c>.
    /// </summary>
    /// <exception cref="RspException"><c>Migration.UnknownMobuOption</c>, <c>Migration.MobuOptionMisplaced</c>.</exception>
    public static void Validate(IReadOnlyList<MobuFlockConfig> flocks, Version version, string sourceName)
    {
        foreach (var flock in flocks)
        {
            if (flock.MisplacedOptions.Count > 0)
            {
                throw new RspException("Migration.MobuOptionMisplaced", ErrorKind.InvalidData,
                    $"Flock '{flock.Name}' in {sourceName} has '{flock.MisplacedOptions[0]}' directly under business; mobu reads it only under business.options.",
                    sourceName, "Move the key under business.options.");
            }

            var allowed = AllowedOptions(flock.BusinessType, version);
            if (allowed is null)
            {
                var refused = version.Major >= 7 && flock.IsNotebookFlock ? flock.Options.Keys.FirstOrDefault(CachemachineOptions.Contains) : null;
                if (refused is not null)
                {
                    throw new RspException("Migration.UnknownMobuOption", ErrorKind.InvalidData,
                        $"Flock '{flock.Name}' in {sourceName}: mobu {version} no longer accepts '{refused}'; mobu would refuse its autostart configuration and not start.",
                        sourceName, "Remove the option, then run the command again.");
                }

                continue;
            }

            foreach (var option in flock.Options.Keys)
            {
                if (allowed.Contains(option))
                {
                    continue;
                }

                var hint = allowed.OrderBy(a => Distance(a, option)).First();
                var reason = CachemachineOptions.Contains(option)
                    ? $"mobu {version} no longer accepts '{option}'"
                    : $"'{option}' is not an option of {flock.BusinessType} in mobu {version}" + (Distance(hint, option) <= 3 ? $" (did you mean '{hint}'?)" : string.Empty);
                throw new RspException("Migration.UnknownMobuOption", ErrorKind.InvalidData,
                    $"Flock '{flock.Name}' in {sourceName}: {reason}; mobu would refuse its autostart configuration and not start.",
                    sourceName, "Correct or remove the option, then run the command again.");
            }
        }
    }

    /// <summary>A route without its trailing slash (<c>/n3/</c> becomes <c>/n3</c>; <c>/</c> stays).</summary>
    public static string NormalizeRoute(string route) => route.Length > 1 ? route.TrimEnd('/') : route;

    /// <summary>The sequence path of flock <paramref name="index"/> followed by <paramref name="keys"/>.</summary>
    internal static YamlPath FlockPath(int index, params string[] keys)
    {
        var path = new YamlPath("config", "autostart").AppendIndex(index);
        foreach (var key in keys)
        {
            path = path.Append(key);
        }

        return path;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
