using RspAdmin.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace RspAdmin.Core.Migration;

/// <summary>
/// The files of one environment in a Phalanx checkout that the migration reads and edits, in
/// whichever layout the checkout has (<c>science-platform/</c> and <c>services/</c> before the
/// 2023 rename, <c>environments/</c> and <c>applications/</c> after).
/// </summary>
public sealed class MigrationCheckout
{
    /// <summary>The applications of Nublado v2 that stage 3 turns off and the cleanup removes.</summary>
    public static readonly IReadOnlyList<string> V2Applications = ["nublado2", "cachemachine", "moneypenny"];

    private MigrationCheckout(string root, string environment)
    {
        Root = root;
        Environment = environment;
    }

    /// <summary>The root of the checkout.</summary>
    public string Root { get; }

    /// <summary>The environment.</summary>
    public string Environment { get; }

    /// <summary>Opens a checkout for one environment.</summary>
    /// <exception cref="RspException"><c>Migration.PhalanxNotFound</c>, <c>Migration.EnvironmentNotFound</c>, <c>Migration.InvalidEnvironment</c>.</exception>
    public static MigrationCheckout Open(string root, string environment)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Length == 0 || environment.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new RspException("Migration.InvalidEnvironment", ErrorKind.InvalidArgument,
                $"'{environment}' is not an environment name (letters, digits, '-' and '_' only).", environment);
        }

        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new RspException("Migration.PhalanxNotFound", ErrorKind.NotFound, $"The Phalanx checkout {full} does not exist.", full,
                "Give the root of a Phalanx checkout.");
        }

        var checkout = new MigrationCheckout(full, environment);
        if (checkout.EnvironmentFilePath is null)
        {
            throw new RspException("Migration.EnvironmentNotFound", ErrorKind.NotFound,
                $"The checkout {full} has no environment file for '{environment}' (environments/values-{environment}.yaml or science-platform/values-{environment}.yaml).",
                environment, "Check the environment name and the checkout path.");
        }

        return checkout;
    }

    /// <summary>The environment names of a checkout (from its environment files), sorted.</summary>
    public static IReadOnlyList<string> ListEnvironments(string root)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dir in new[] { "environments", "science-platform" })
        {
            var path = Path.Combine(root, dir);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path, "values-*.yaml"))
            {
                names.Add(Path.GetFileNameWithoutExtension(file)["values-".Length..]);
            }
        }

        return names.ToList();
    }

    /// <summary>The environment file (absolute), or null when there is none.</summary>
    public string? EnvironmentFilePath
    {
        get
        {
            foreach (var dir in new[] { "environments", "science-platform" })
            {
                var path = Path.Combine(Root, dir, $"values-{Environment}.yaml");
                if (File.Exists(path))
                {
                    return path;
                }
            }

            return null;
        }
    }

    /// <summary>The environment file relative to the root, with forward slashes.</summary>
    public string EnvironmentFileRelative => Relative(EnvironmentFilePath!);

    /// <summary>The era of the environment file.</summary>
    public EnvironmentFileEra Era =>
        EnvironmentFile.DetectEra(File.ReadAllText(EnvironmentFilePath!), EnvironmentFileRelative,
            EnvironmentFileRelative.StartsWith("science-platform/", StringComparison.Ordinal));

    /// <summary>Whether the environment file turns <paramref name="application"/> on (a missing entry is off).</summary>
    public bool IsEnabled(string application) =>
        EnvironmentFile.ReadEnabled(File.ReadAllText(EnvironmentFilePath!), EnvironmentFileRelative, Era, application) ?? false;

    /// <summary>The directory of an application's chart, relative to the root (<c>applications/APP</c>, or <c>services/APP</c> in old checkouts).</summary>
    public string ApplicationDirectory(string application)
    {
        var modern = "applications/" + application;
        var old = "services/" + application;
        return !Directory.Exists(Absolute(modern)) && Directory.Exists(Absolute(old)) ? old : modern;
    }

    /// <summary>The values file of an application for this environment, relative to the root.</summary>
    public string ValuesFile(string application) => ApplicationDirectory(application) + $"/values-{Environment}.yaml";

    /// <summary>True when the relative path exists as a file.</summary>
    public bool Exists(string relative) => File.Exists(Absolute(relative));

    /// <summary>The absolute path of a path relative to the root.</summary>
    public string Absolute(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>A path relative to the root, with forward slashes.</summary>
    public string Relative(string absolute) => Path.GetRelativePath(Root, absolute).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Opens a file of the checkout for editing (relative path); a missing file opens empty with that name.</summary>
    public EditableYamlDocument Edit(string relative)
    {
        var path = Absolute(relative);
        return File.Exists(path) ? EditableYamlDocument.Load(path, relative) : EditableYamlDocument.Parse(string.Empty, relative);
    }

    /// <summary>The string at a dotted path of an application's values file for this environment; null when the file or key is missing.</summary>
    public string? ReadValue(string application, YamlPath path)
    {
        var relative = ValuesFile(application);
        return Exists(relative) ? Edit(relative).GetScalar(path) : null;
    }

    /// <summary>The parsed root mapping of a file (relative path), or null when it is missing or empty.</summary>
    internal YamlMappingNode? ReadMapping(string relative)
    {
        if (!Exists(relative))
        {
            return null;
        }

        var root = EnvironmentFile.LoadRoot(File.ReadAllText(Absolute(relative)), relative);
        return root.Children.Count == 0 ? null : root;
    }
}
