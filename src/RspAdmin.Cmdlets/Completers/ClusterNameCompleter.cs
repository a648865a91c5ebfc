using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Completers;

/// <summary>
/// Completes names the cluster holds, read from the API server of the bound <c>-Kubeconfig</c> and
/// <c>-Context</c> (or the defaults). The request is time-boxed, so an unreachable cluster completes nothing
/// rather than blocking the prompt.
/// </summary>
public abstract class ClusterNameCompleter : IArgumentCompleter
{
    private static readonly TimeSpan TimeBox = TimeSpan.FromSeconds(3);

    /// <summary>What the names are, for the tool tip ("Node", "Namespace").</summary>
    protected abstract string Kind { get; }

    /// <summary>Reads the names from the cluster.</summary>
    protected abstract Task<IReadOnlyList<string>> ListAsync(LabCluster cluster, CancellationToken cancellationToken);

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var kubeconfig = (fakeBoundParameters?["Kubeconfig"] as string)?.Trim('\'', '"');
        var context = (fakeBoundParameters?["Context"] as string)?.Trim('\'', '"');
        IReadOnlyList<string> names;
        using var timeout = new CancellationTokenSource(TimeBox);
        try
        {
            var task = Task.Run(async () =>
            {
                using var cluster = LabCluster.Connect(new ClusterConnectionOptions
                {
                    KubeconfigPath = string.IsNullOrWhiteSpace(kubeconfig) ? null : kubeconfig,
                    Context = string.IsNullOrWhiteSpace(context) ? null : context,
                    RequestTimeout = TimeBox,
                });
                return await ListAsync(cluster, timeout.Token).ConfigureAwait(false);
            });
            if (!task.Wait(TimeBox))
            {
                return Array.Empty<CompletionResult>();
            }

            names = task.Result;
        }
        catch (AggregateException)
        {
            return Array.Empty<CompletionResult>(); // completion is best effort
        }

        var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return names
            .Where(pattern.IsMatch)
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, $"{Kind} {n}"))
            .ToArray();
    }
}

/// <summary>Completes the cluster's node names.</summary>
public sealed class ClusterNodeCompleter : ClusterNameCompleter
{
    /// <inheritdoc />
    protected override string Kind => "Node";

    /// <inheritdoc />
    protected override Task<IReadOnlyList<string>> ListAsync(LabCluster cluster, CancellationToken cancellationToken) =>
        cluster.GetNodeNamesAsync(cancellationToken);
}

/// <summary>Completes the cluster's namespace names.</summary>
public sealed class ClusterNamespaceCompleter : ClusterNameCompleter
{
    /// <inheritdoc />
    protected override string Kind => "Namespace";

    /// <inheritdoc />
    protected override Task<IReadOnlyList<string>> ListAsync(LabCluster cluster, CancellationToken cancellationToken) =>
        cluster.GetNamespaceNamesAsync(cancellationToken);
}
