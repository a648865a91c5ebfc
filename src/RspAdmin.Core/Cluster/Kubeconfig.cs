using k8s;

namespace RspAdmin.Core.Cluster;

/// <summary>Finds and reads kubeconfig files. Nothing here writes one.</summary>
public static class Kubeconfig
{
    /// <summary>
    /// The kubeconfig to use: <paramref name="explicitPath"/> (which must exist), else the first
    /// existing file of <c>KUBECONFIG</c>, else <c>~/.kube/config</c> when it exists, else null.
    /// </summary>
    /// <exception cref="ClusterException">The explicit file does not exist.</exception>
    public static string? Resolve(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath);
            return File.Exists(full)
                ? full
                : throw new ClusterException(ClusterErrorReason.KubeconfigNotFound, $"The kubeconfig {full} does not exist.");
        }

        var variable = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(variable))
        {
            foreach (var candidate in variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var fallback = Path.Combine(home, ".kube", "config");
        return File.Exists(fallback) ? fallback : null;
    }

    /// <summary>The context names of a kubeconfig, in file order.</summary>
    /// <exception cref="ClusterException">The file cannot be read or parsed.</exception>
    public static IReadOnlyList<string> ListContexts(string path)
    {
        try
        {
            var config = KubernetesClientConfiguration.LoadKubeConfig(path, useRelativePaths: true);
            return config.Contexts?.Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).ToArray() ?? Array.Empty<string>();
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or FormatException)
        {
            throw new ClusterException(ClusterErrorReason.KubeconfigInvalid, $"{path}: {e.Message}", e);
        }
    }
}
