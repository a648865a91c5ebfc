using System.Text.RegularExpressions;

namespace RspAdmin.Core.Config;

/// <summary>
/// Reads lab image configuration from a Nublado controller <c>config.yaml</c> or from a Phalanx
/// checkout (<c>applications/nublado/values.yaml</c> merged with <c>values-{environment}.yaml</c>
/// the way Helm merges values). Every failure is a <see cref="LabImageConfigException"/> located at
/// the offending file, line and column.
/// </summary>
public static partial class LabImageConfigReader
{
    private const string NubladoDirectory = "applications/nublado";

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentNamePattern();

    /// <summary>
    /// Reads a controller configuration file: the top-level <c>images</c>, <c>dropdownMenu</c> and
    /// <c>lab</c> keys (the shape Phalanx renders into the controller's ConfigMap).
    /// </summary>
    /// <exception cref="LabImageConfigException">The file is missing, unreadable, malformed or invalid.</exception>
    public static LabImageConfig ReadControllerConfig(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var root = ConfigYamlLoader.Load(fullPath);
        return BindRoot(root, prefix: string.Empty, new[] { fullPath }, environment: null);
    }

    /// <summary>
    /// Reads the nublado configuration of one Phalanx environment: <c>controller.config</c> of
    /// <c>values.yaml</c> merged with <c>values-{environment}.yaml</c> (maps merge, lists and
    /// scalars replace, an explicit null deletes a key).
    /// </summary>
    /// <param name="phalanxRoot">The root of a Phalanx checkout (it holds <c>applications/</c>).</param>
    /// <param name="environment">The environment name, e.g. <c>idfprod</c>.</param>
    /// <exception cref="LabImageConfigException">The checkout or environment is missing, or a file is malformed or invalid.</exception>
    public static LabImageConfig ReadPhalanx(string phalanxRoot, string environment)
    {
        ArgumentException.ThrowIfNullOrEmpty(phalanxRoot);
        ArgumentNullException.ThrowIfNull(environment);
        var nublado = NubladoPath(phalanxRoot);
        var basePath = Path.Combine(nublado, "values.yaml");
        if (!File.Exists(basePath))
        {
            throw new LabImageConfigException(
                LabImageConfigErrorReason.FileNotFound,
                $"Not a Phalanx checkout with a nublado application: {basePath} does not exist.", basePath);
        }

        if (!EnvironmentNamePattern().IsMatch(environment) || !File.Exists(Path.Combine(nublado, $"values-{environment}.yaml")))
        {
            var known = ListEnvironments(nublado);
            var list = known.Count == 0 ? "none" : string.Join(", ", known);
            throw new LabImageConfigException(
                LabImageConfigErrorReason.EnvironmentNotFound,
                $"Phalanx has no nublado values for environment '{environment}'. Environments: {list}.", nublado);
        }

        var envPath = Path.Combine(nublado, $"values-{environment}.yaml");
        var baseValues = ConfigYamlLoader.Load(basePath);
        var envValues = ConfigYamlLoader.Load(envPath);

        // An empty values file overrides nothing.
        var merged = envValues.Kind == ConfigNodeKind.Null ? baseValues : ConfigNode.Merge(baseValues, envValues);
        var controller = Child(merged, "controller", string.Empty, required: true)!;
        var config = Child(controller.Value, "config", "controller", required: true)!;
        return BindRoot(config.Value, "controller.config.", new[] { basePath, envPath }, environment);
    }

    /// <summary>
    /// The environments a Phalanx checkout has nublado values for (from <c>values-*.yaml</c>), sorted.
    /// Empty when the directory is not a Phalanx checkout; never throws for a missing or unreadable directory.
    /// </summary>
    public static IReadOnlyList<string> GetPhalanxEnvironments(string phalanxRoot)
    {
        if (string.IsNullOrEmpty(phalanxRoot))
        {
            return Array.Empty<string>();
        }

        try
        {
            return ListEnvironments(NubladoPath(phalanxRoot));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            return Array.Empty<string>();
        }
    }

    private static string NubladoPath(string phalanxRoot) =>
        Path.Combine(Path.GetFullPath(phalanxRoot), NubladoDirectory.Replace('/', Path.DirectorySeparatorChar));

    private static IReadOnlyList<string> ListEnvironments(string nubladoDirectory)
    {
        if (!Directory.Exists(nubladoDirectory))
        {
            return Array.Empty<string>();
        }

        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles(nubladoDirectory, "values-*.yaml", SearchOption.TopDirectoryOnly))
        {
            var name = Path.GetFileNameWithoutExtension(file)["values-".Length..];
            if (EnvironmentNamePattern().IsMatch(name))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static LabImageConfig BindRoot(ConfigNode root, string prefix, IReadOnlyList<string> files, string? environment)
    {
        if (root.Kind != ConfigNodeKind.Mapping)
        {
            var where = prefix.Length == 0 ? "The configuration" : $"'{prefix.TrimEnd('.')}'";
            throw LabImageConfigBinder.Fail(
                LabImageConfigErrorReason.InvalidValue, root.Location, prefix.TrimEnd('.'), $"{where} must be a mapping.");
        }

        var images = Child(root, "images", prefix.TrimEnd('.'), required: true)!;
        var dropdown = root.Find("dropdownMenu") ?? root.Find("dropdown_menu");
        var lab = root.Find("lab");
        if (images.Value.Kind == ConfigNodeKind.Null)
        {
            throw LabImageConfigBinder.Fail(
                LabImageConfigErrorReason.InvalidValue, images.Value.Location, prefix + "images", $"'{prefix}images' must be a mapping, not null.");
        }

        return LabImageConfigBinder.Bind(
            images.Value, prefix + "images", dropdown, prefix + "dropdownMenu", lab, prefix + "lab", files, environment);
    }

    private static ConfigEntry? Child(ConfigNode parent, string key, string parentPath, bool required)
    {
        var path = parentPath.Length == 0 ? key : $"{parentPath}.{key}";
        if (parent.Kind != ConfigNodeKind.Mapping)
        {
            throw LabImageConfigBinder.Fail(
                LabImageConfigErrorReason.InvalidValue, parent.Location, parentPath, $"'{parentPath}' must be a mapping.");
        }

        var entry = parent.Find(key);
        if (entry is null && required)
        {
            throw LabImageConfigBinder.Fail(LabImageConfigErrorReason.MissingKey, parent.Location, path, $"The configuration has no '{path}'.");
        }

        return entry;
    }
}
