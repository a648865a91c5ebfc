using RspAdmin.Core.Phalanx;

namespace RspAdmin.Core.Config;

/// <summary>
/// Reads lab image configuration from a Nublado controller <c>config.yaml</c> or from a Phalanx
/// checkout (<c>applications/nublado/values.yaml</c> merged with <c>values-{environment}.yaml</c>
/// the way Helm merges values). Every failure is a <see cref="LabImageConfigException"/> located at
/// the offending file, line and column.
/// </summary>
public static class LabImageConfigReader
{
    private const string NubladoApplication = "nublado";

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
        var (merged, files) = new PhalanxCheckout(phalanxRoot).ReadValues(NubladoApplication, environment);
        var controller = Child(merged, "controller", string.Empty, required: true)!;
        var config = Child(controller.Value, "config", "controller", required: true)!;
        return BindRoot(config.Value, "controller.config.", files, environment);
    }

    /// <summary>
    /// The environments a Phalanx checkout has nublado values for (from <c>values-*.yaml</c>), sorted.
    /// Empty when the directory is not a Phalanx checkout; never throws for a missing or unreadable directory.
    /// </summary>
    public static IReadOnlyList<string> GetPhalanxEnvironments(string phalanxRoot) =>
        string.IsNullOrEmpty(phalanxRoot) ? Array.Empty<string>() : new PhalanxCheckout(phalanxRoot).Environments(NubladoApplication);

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
