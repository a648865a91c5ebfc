using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Config;

/// <summary>
/// Turns the <c>images</c>, <c>dropdownMenu</c> and <c>lab</c> nodes of a controller configuration
/// into a <see cref="LabImageConfig"/>, validating as Nublado's models do: unknown keys are rejected,
/// keys may be camelCase or snake_case, plain YAML scalars keep their YAML type (a bare
/// <c>2025</c> is an integer, not a tag).
/// </summary>
internal static partial class LabImageConfigBinder
{
    private static readonly string[] ImagesKeys =
        { "source", "refreshInterval", "prepullTimeout", "recommendedTag", "numReleases", "numWeeklies", "numDailies", "cycle", "pin", "aliasTags" };

    private static readonly string[] DockerKeys = { "type", "registry", "repository", "credentialsPath" };

    private static readonly string[] GoogleKeys = { "type", "location", "projectId", "repository", "image" };

    private static readonly string[] PolicyKeys = { "release", "weekly", "daily", "releaseCandidate", "experimental" };

    private static readonly string[] FilterKeys = { "number", "age", "cutoffDate", "cutoffVersion", "cutoffBuild" };

    private static readonly string[] TolerationKeys = { "key", "operator", "value", "effect", "tolerationSeconds" };

    [GeneratedRegex(@"\A[-+]?(?:[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex YamlIntPattern();

    [GeneratedRegex(@"\A(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\z", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloatPattern();

    [GeneratedRegex(@"\A(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\z", RegexOptions.CultureInvariant)]
    private static partial Regex YamlBoolPattern();

    [GeneratedRegex(@"\A(?<major>0|[1-9][0-9]*)\.(?<minor>0|[1-9][0-9]*)\.(?<patch>0|[1-9][0-9]*)(?:-(?<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex SemverPattern();

    public static LabImageConfig Bind(
        ConfigNode images, string imagesPath, ConfigEntry? dropdown, string dropdownPath, ConfigEntry? lab, string labPath,
        IReadOnlyList<string> sourceFiles, string? environment)
    {
        var keys = Keys(images, imagesPath, ImagesKeys);
        if (!keys.TryGetValue("source", out var sourceEntry))
        {
            throw Fail(LabImageConfigErrorReason.MissingKey, images.Location, imagesPath, $"'{imagesPath}' has no 'source' (docker or google).");
        }

        IReadOnlyDictionary<string, string> nodeSelector = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<LabToleration> tolerations = Array.Empty<LabToleration>();
        string? pullSecret = null;
        if (lab is not null)
        {
            var labNode = ExpectMapping(lab.Value, labPath);
            if ((labNode.Find("nodeSelector") ?? labNode.Find("node_selector")) is { } selectorEntry)
            {
                nodeSelector = StringMap(selectorEntry.Value, $"{labPath}.nodeSelector");
            }

            if (labNode.Find("tolerations") is { } tolerationsEntry)
            {
                tolerations = BindTolerations(tolerationsEntry.Value, $"{labPath}.tolerations");
            }

            if ((labNode.Find("pullSecret") ?? labNode.Find("pull_secret")) is { Value.Kind: not ConfigNodeKind.Null } secretEntry)
            {
                pullSecret = NonEmptyString(secretEntry.Value, $"{labPath}.pullSecret");
            }
        }

        return new LabImageConfig
        {
            Source = BindSource(sourceEntry.Value, $"{imagesPath}.source"),
            RefreshInterval = Optional(keys, "refreshInterval", imagesPath, LabImageConfig.DefaultRefreshInterval, Duration),
            PrepullTimeout = Optional(keys, "prepullTimeout", imagesPath, LabImageConfig.DefaultPrepullTimeout, Duration),
            RecommendedTag = Optional(keys, "recommendedTag", imagesPath, LabImageConfig.DefaultRecommendedTag, NonEmptyString),
            NumReleases = Optional(keys, "numReleases", imagesPath, 1, Count),
            NumWeeklies = Optional(keys, "numWeeklies", imagesPath, 2, Count),
            NumDailies = Optional(keys, "numDailies", imagesPath, 3, Count),
            Cycle = OptionalNullable(keys, "cycle", imagesPath, (n, p) => (int?)Integer(n, p, 0)),
            Pin = Optional(keys, "pin", imagesPath, Array.Empty<string>(), StringList),
            AliasTags = Optional(keys, "aliasTags", imagesPath, Array.Empty<string>(), StringList),
            DropdownMenu = dropdown is null ? LabImageFilterPolicy.None : BindPolicy(dropdown.Value, dropdownPath),
            NodeSelector = nodeSelector,
            Tolerations = tolerations,
            PullSecret = pullSecret,
            SourceFiles = sourceFiles,
            Environment = environment,
        };
    }

    private static LabImageSource BindSource(ConfigNode node, string path)
    {
        var mapping = ExpectMapping(node, path);
        var typeEntry = mapping.Find("type");
        if (typeEntry is null)
        {
            throw Fail(LabImageConfigErrorReason.MissingKey, mapping.Location, path, $"'{path}' has no 'type' (docker or google).");
        }

        var type = String(typeEntry.Value, $"{path}.type");
        switch (type)
        {
            case "docker":
            {
                var keys = Keys(mapping, path, DockerKeys);
                var repository = Required(keys, "repository", mapping, path, NonEmptyString);
                var registry = Optional(keys, "registry", path, "docker.io", NonEmptyString);
                var credentials = OptionalNullable(keys, "credentialsPath", path, NonEmptyString);
                return LabImageSource.Docker(repository, registry, credentials);
            }

            case "google":
            {
                var keys = Keys(mapping, path, GoogleKeys);
                return LabImageSource.Google(
                    Required(keys, "location", mapping, path, NonEmptyString),
                    Required(keys, "projectId", mapping, path, NonEmptyString),
                    Required(keys, "repository", mapping, path, NonEmptyString),
                    Required(keys, "image", mapping, path, NonEmptyString));
            }

            default:
                throw Fail(
                    LabImageConfigErrorReason.InvalidValue, typeEntry.Value.Location, $"{path}.type",
                    $"'{path}.type' is '{type}'; expected 'docker' or 'google'.");
        }
    }

    private static LabImageFilterPolicy BindPolicy(ConfigNode node, string path)
    {
        var keys = Keys(node, path, PolicyKeys);
        return new LabImageFilterPolicy
        {
            Release = Optional(keys, "release", path, LabImageFilter.None, BindFilter),
            Weekly = Optional(keys, "weekly", path, LabImageFilter.None, BindFilter),
            Daily = Optional(keys, "daily", path, LabImageFilter.None, BindFilter),
            ReleaseCandidate = Optional(keys, "releaseCandidate", path, LabImageFilter.None, BindFilter),
            Experimental = Optional(keys, "experimental", path, LabImageFilter.None, BindFilter),
        };
    }

    private static LabImageFilter BindFilter(ConfigNode node, string path)
    {
        var keys = Keys(node, path, FilterKeys);
        return new LabImageFilter
        {
            Number = OptionalNullable(keys, "number", path, (n, p) => (int?)Integer(n, p, 0)),
            Age = OptionalNullable(keys, "age", path, (n, p) => (TimeSpan?)Duration(n, p)),
            CutoffDate = OptionalNullable(keys, "cutoffDate", path, (n, p) => (DateTimeOffset?)Date(n, p)),
            CutoffVersion = OptionalNullable(keys, "cutoffVersion", path, Version),
            CutoffBuild = OptionalNullable(keys, "cutoffBuild", path, (n, p) => (int?)Integer(n, p, 0)),
        };
    }

    private static IReadOnlyList<LabToleration> BindTolerations(ConfigNode node, string path)
    {
        if (node.Kind != ConfigNodeKind.Sequence)
        {
            throw Fail(LabImageConfigErrorReason.InvalidValue, node.Location, path, $"'{path}' must be a list of tolerations.");
        }

        var result = new List<LabToleration>();
        for (var i = 0; i < node.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var keys = Keys(node.Items[i], itemPath, TolerationKeys);
            var op = Optional(keys, "operator", itemPath, "Equal", NonEmptyString);
            if (op is not ("Equal" or "Exists"))
            {
                throw Fail(LabImageConfigErrorReason.InvalidValue, keys["operator"].Value.Location, $"{itemPath}.operator",
                    $"'{itemPath}.operator' is '{op}'; expected 'Equal' or 'Exists'.");
            }

            var effect = OptionalNullable(keys, "effect", itemPath, NonEmptyString);
            if (effect is not (null or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
            {
                throw Fail(LabImageConfigErrorReason.InvalidValue, keys["effect"].Value.Location, $"{itemPath}.effect",
                    $"'{itemPath}.effect' is '{effect}'; expected NoSchedule, PreferNoSchedule or NoExecute.");
            }

            result.Add(new LabToleration
            {
                Key = OptionalNullable(keys, "key", itemPath, String),
                Operator = op,
                Value = OptionalNullable(keys, "value", itemPath, String),
                Effect = effect,
                TolerationSeconds = OptionalNullable(keys, "tolerationSeconds", itemPath, (n, p) => (long?)Integer(n, p, long.MinValue)),
            });
        }

        return result;
    }

    /// <summary>The entries of a mapping by canonical (camelCase) key; unknown keys are errors.</summary>
    private static Dictionary<string, ConfigEntry> Keys(ConfigNode node, string path, IReadOnlyList<string> allowed)
    {
        var mapping = ExpectMapping(node, path);
        var result = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var canonical = allowed.FirstOrDefault(k => k == entry.Key || ToSnake(k) == entry.Key);
            if (canonical is null)
            {
                throw Fail(
                    LabImageConfigErrorReason.UnknownKey, entry.KeyLocation, $"{path}.{entry.Key}",
                    $"Unknown key '{entry.Key}' in '{path}'; expected one of: {string.Join(", ", allowed)}.");
            }

            if (!result.TryAdd(canonical, entry))
            {
                throw Fail(
                    LabImageConfigErrorReason.InvalidValue, entry.KeyLocation, $"{path}.{entry.Key}",
                    $"'{path}' sets '{canonical}' twice (camelCase and snake_case).");
            }
        }

        return result;
    }

    private static ConfigNode ExpectMapping(ConfigNode node, string path)
    {
        if (node.Kind != ConfigNodeKind.Mapping)
        {
            throw Fail(LabImageConfigErrorReason.InvalidValue, node.Location, path, $"'{path}' must be a mapping, not {Describe(node)}.");
        }

        return node;
    }

    private static T Required<T>(Dictionary<string, ConfigEntry> keys, string key, ConfigNode mapping, string path, Func<ConfigNode, string, T> read)
    {
        if (!keys.TryGetValue(key, out var entry))
        {
            throw Fail(LabImageConfigErrorReason.MissingKey, mapping.Location, $"{path}.{key}", $"'{path}' has no '{key}'.");
        }

        return read(entry.Value, $"{path}.{key}");
    }

    private static T Optional<T>(Dictionary<string, ConfigEntry> keys, string key, string path, T fallback, Func<ConfigNode, string, T> read)
    {
        if (!keys.TryGetValue(key, out var entry))
        {
            return fallback;
        }

        var keyPath = $"{path}.{key}";
        if (entry.Value.Kind == ConfigNodeKind.Null)
        {
            throw Fail(LabImageConfigErrorReason.InvalidValue, entry.Value.Location, keyPath, $"'{keyPath}' must not be null.");
        }

        return read(entry.Value, keyPath);
    }

    private static T? OptionalNullable<T>(Dictionary<string, ConfigEntry> keys, string key, string path, Func<ConfigNode, string, T?> read)
    {
        if (!keys.TryGetValue(key, out var entry) || entry.Value.Kind == ConfigNodeKind.Null)
        {
            return default;
        }

        return read(entry.Value, $"{path}.{key}");
    }

    private static string String(ConfigNode node, string path)
    {
        if (node.Kind != ConfigNodeKind.Scalar)
        {
            throw Fail(LabImageConfigErrorReason.InvalidValue, node.Location, path, $"'{path}' must be a string, not {Describe(node)}.");
        }

        if (node.IsPlain && (YamlIntPattern().IsMatch(node.Text) || YamlFloatPattern().IsMatch(node.Text) || YamlBoolPattern().IsMatch(node.Text)))
        {
            throw Fail(
                LabImageConfigErrorReason.InvalidValue, node.Location, path,
                $"'{path}' must be a string, not {Describe(node)}; quote it: \"{node.Text}\".");
        }

        return node.Text;
    }

    private static string NonEmptyString(ConfigNode node, string path)
    {
        var text = String(node, path);
        if (text.Length == 0)
        {
            throw Fail(LabImageConfigErrorReason.InvalidValue, node.Location, path, $"'{path}' must not be empty.");
        }

        return text;
    }

    private static IReadOnlyList<string> StringList(ConfigNode node, string path)
    {
        if (node.Kind != ConfigNodeKind.Sequence)
        {
            throw Fail(LabImageConfigErrorReason.InvalidValue, node.Location, path, $"'{path}' must be a list of tags, not {Describe(node)}.");
        }

        return node.Items.Select((item, i) => NonEmptyString(item, $"{path}[{i}]")).ToArray();
    }

    private static IReadOnlyDictionary<string, string> StringMap(ConfigNode node, string path)
    {
        if (node.Kind == ConfigNodeKind.Null)
        {
            throw Fail(LabImageConfigErrorReason.InvalidValue, node.Location, path, $"'{path}' must not be null.");
        }

        var mapping = ExpectMapping(node, path);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            result[entry.Key] = String(entry.Value, $"{path}.{entry.Key}");
        }

        return result;
    }

    private static int Count(ConfigNode node, string path) => (int)Integer(node, path, 0);

    private static long Integer(ConfigNode node, string path, long minimum)
    {
        if (node.Kind != ConfigNodeKind.Scalar
            || !long.TryParse(node.Text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail(LabImageConfigErrorReason.InvalidValue, node.Location, path, $"'{path}' must be a whole number, not {Describe(node)}.");
        }

        if (value < minimum)
        {
            throw Fail(LabImageConfigErrorReason.InvalidValue, node.Location, path,
                FormattableString.Invariant($"'{path}' must be {minimum} or more, not {value}."));
        }

        if (minimum >= 0 && value > int.MaxValue)
        {
            throw Fail(LabImageConfigErrorReason.InvalidValue, node.Location, path, FormattableString.Invariant($"'{path}' is too large: {value}."));
        }

        return value;
    }

    private static TimeSpan Duration(ConfigNode node, string path)
    {
        if (node.Kind != ConfigNodeKind.Scalar || !LabImageDuration.TryParse(node.Text, out var duration))
        {
            throw Fail(
                LabImageConfigErrorReason.InvalidValue, node.Location, path,
                $"'{path}' must be a duration such as 5m, 1h30m or 2w, not {Describe(node)}.");
        }

        return duration;
    }

    private static DateTimeOffset Date(ConfigNode node, string path)
    {
        if (node.Kind == ConfigNodeKind.Scalar
            && DateTimeOffset.TryParse(
                node.Text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            && node.Text.Trim().Length >= 10
            && char.IsAsciiDigit(node.Text.Trim()[0]))
        {
            return date;
        }

        throw Fail(
            LabImageConfigErrorReason.InvalidValue, node.Location, path,
            $"'{path}' must be a date such as 2025-02-07 or 2025-02-07T00:00:00Z, not {Describe(node)}.");
    }

    private static LabImageVersion Version(ConfigNode node, string path)
    {
        var m = node.Kind == ConfigNodeKind.Scalar ? SemverPattern().Match(node.Text.Trim()) : Match.Empty;
        if (m.Success
            && long.TryParse(m.Groups["major"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && long.TryParse(m.Groups["minor"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            && long.TryParse(m.Groups["patch"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return new LabImageVersion(major, minor, patch, m.Groups["pre"].Success ? m.Groups["pre"].Value : null);
        }

        throw Fail(
            LabImageConfigErrorReason.InvalidValue, node.Location, path,
            $"'{path}' must be a semantic version such as \"29.2.0\", not {Describe(node)}.");
    }

    private static string Describe(ConfigNode node) => node.Kind switch
    {
        ConfigNodeKind.Null => "null",
        ConfigNodeKind.Mapping => "a mapping",
        ConfigNodeKind.Sequence => "a list",
        _ when node.IsPlain && YamlBoolPattern().IsMatch(node.Text) => $"the boolean {node.Text}",
        _ when node.IsPlain && YamlIntPattern().IsMatch(node.Text) => $"the integer {node.Text}",
        _ when node.IsPlain && YamlFloatPattern().IsMatch(node.Text) => $"the number {node.Text}",
        _ => $"'{node.Text}'",
    };

    internal static LabImageConfigException Fail(LabImageConfigErrorReason reason, ConfigLocation location, string keyPath, string detail) =>
        new(reason, detail, location.File, location.Line, location.Column, keyPath);

    internal static string ToSnake(string camel)
    {
        var result = new StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                result.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
