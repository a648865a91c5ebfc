using System.Text.RegularExpressions;
using RspAdmin.Core.Config;

namespace RspAdmin.Core.Phalanx;

/// <summary>
/// A Phalanx checkout: <c>applications/&lt;app&gt;/values.yaml</c> with one <c>values-&lt;environment&gt;.yaml</c>
/// per environment that overrides it, merged the way Helm merges values (maps merge, lists and scalars
/// replace, an explicit null deletes a key). Every failure is a <see cref="LabImageConfigException"/> located
/// at the offending file, line and column.
/// </summary>
public sealed partial class PhalanxCheckout
{
    /// <summary>Opens the checkout at <paramref name="root"/> (nothing is read yet).</summary>
    public PhalanxCheckout(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The checkout's root directory (it holds <c>applications/</c>).</summary>
    public string Root { get; }

    /// <summary>Whether <paramref name="name"/> can be an environment name (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>).</summary>
    public static bool IsEnvironmentName(string? name) => name is not null && EnvironmentNamePattern().IsMatch(name);

    /// <summary>The directory of application <paramref name="application"/>.</summary>
    public string ApplicationDirectory(string application) => Path.Combine(Root, "applications", application);

    /// <summary>The base values file of <paramref name="application"/>.</summary>
    public string BaseValuesPath(string application) => Path.Combine(ApplicationDirectory(application), "values.yaml");

    /// <summary>The values file of <paramref name="application"/> for <paramref name="environment"/>.</summary>
    public string EnvironmentValuesPath(string application, string environment) =>
        Path.Combine(ApplicationDirectory(application), $"values-{environment}.yaml");

    /// <summary>
    /// The environments <paramref name="application"/> has values for (from <c>values-*.yaml</c>), sorted.
    /// Empty when the directory is missing or unreadable; never throws for that.
    /// </summary>
    public IReadOnlyList<string> Environments(string application)
    {
        try
        {
            var directory = ApplicationDirectory(application);
            if (!Directory.Exists(directory))
            {
                return Array.Empty<string>();
            }

            var names = new List<string>();
            foreach (var file in Directory.EnumerateFiles(directory, "values-*.yaml", SearchOption.TopDirectoryOnly))
            {
                var name = Path.GetFileNameWithoutExtension(file)["values-".Length..];
                if (IsEnvironmentName(name))
                {
                    names.Add(name);
                }
            }

            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>
    /// The values of <paramref name="application"/> in <paramref name="environment"/>: the base file merged
    /// with the environment's file, and the two files read (base first).
    /// </summary>
    /// <exception cref="LabImageConfigException">
    /// The checkout, the application or the environment is missing (<c>Config.FileNotFound</c>,
    /// <c>Config.EnvironmentNotFound</c>), or a file is unreadable or malformed.
    /// </exception>
    internal (ConfigNode Values, IReadOnlyList<string> Files) ReadValues(string application, string environment)
    {
        ArgumentException.ThrowIfNullOrEmpty(application);
        ArgumentNullException.ThrowIfNull(environment);
        if (!Directory.Exists(Root))
        {
            throw new LabImageConfigException(
                LabImageConfigErrorReason.FileNotFound, $"The Phalanx checkout {Root} does not exist: pass the path of a Phalanx clone.", Root);
        }

        var basePath = BaseValuesPath(application);
        if (!File.Exists(basePath))
        {
            throw new LabImageConfigException(
                LabImageConfigErrorReason.FileNotFound,
                $"Not a Phalanx checkout with a {application} application: {basePath} does not exist.", basePath);
        }

        var envPath = EnvironmentValuesPath(application, environment);
        if (!IsEnvironmentName(environment) || !File.Exists(envPath))
        {
            var known = Environments(application);
            var list = known.Count == 0 ? "none" : string.Join(", ", known);
            throw new LabImageConfigException(
                LabImageConfigErrorReason.EnvironmentNotFound,
                $"Phalanx has no {application} values for environment '{environment}'. Environments: {list}.", ApplicationDirectory(application));
        }

        var baseValues = ConfigYamlLoader.Load(basePath);
        var envValues = ConfigYamlLoader.Load(envPath);

        // An empty values file overrides nothing.
        var merged = envValues.Kind == ConfigNodeKind.Null ? baseValues : ConfigNode.Merge(baseValues, envValues);
        return (merged, new[] { basePath, envPath });
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentNamePattern();
}
