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
                : throw new ClusterException(ClusterErrorReason.KubeconfigNotFound, $"The kubeconfig {full} does not exist.", target: full);
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
            throw new ClusterException(ClusterErrorReason.KubeconfigInvalid, $"{path} cannot be used as a kubeconfig: {Explain(e)}", e, target: path);
        }
    }

    /// <summary>
    /// Why a kubeconfig could not be read, in words: where the YAML is wrong (line and column) rather than the
    /// parser's internals. The exception itself stays the inner exception of the error.
    /// </summary>
    public static string Explain(Exception e)
    {
        var yaml = e as YamlDotNet.Core.YamlException ?? e.InnerException as YamlDotNet.Core.YamlException;
        if (yaml is not null)
        {
            var innermost = yaml;
            while (innermost.InnerException is YamlDotNet.Core.YamlException deeper)
            {
                innermost = deeper;
            }

            // A value of the wrong shape (a deserialization failure with a .NET cause) is a format problem; only a
            // pure YAML syntax error has a message worth showing.
            var detail = innermost.Message;
            if (innermost.InnerException is not null || detail.Contains("deserializ", StringComparison.OrdinalIgnoreCase)
                || detail.Contains("Property '", StringComparison.Ordinal))
            {
                detail = "it is not in the kubeconfig format (apiVersion, kind: Config, clusters, contexts, users)";
            }
            else
            {
                // YamlDotNet prefixes its messages with the position it also gives in Start.
                var close = detail.IndexOf("): ", StringComparison.Ordinal);
                detail = detail.StartsWith('(') && close > 0 ? detail[(close + 3)..] : detail;
            }

            return $"line {innermost.Start.Line}, column {innermost.Start.Column}: {detail.TrimEnd('.')}.";
        }

        return e switch
        {
            FileNotFoundException or DirectoryNotFoundException => "a file it names does not exist (" + e.Message.TrimEnd('.') + ").",
            UnauthorizedAccessException => "it cannot be read (permission denied).",
            _ => e.Message,
        };
    }
}
