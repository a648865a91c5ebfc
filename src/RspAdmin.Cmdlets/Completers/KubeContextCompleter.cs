using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Completers;

/// <summary>Completes kubeconfig context names from the bound <c>-Kubeconfig</c> (or KUBECONFIG, or ~/.kube/config).</summary>
public sealed class KubeContextCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var bound = fakeBoundParameters?["Kubeconfig"] as string;
            var path = Kubeconfig.Resolve(string.IsNullOrWhiteSpace(bound) ? null : bound.Trim('\'', '"'));
            if (path is null)
            {
                return Array.Empty<CompletionResult>();
            }

            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Kubeconfig.ListContexts(path)
                .Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(c => new CompletionResult(c, c, CompletionResultType.ParameterValue, $"Context {c} of {path}"))
                .ToArray();
        }
        catch (ClusterException)
        {
            return Array.Empty<CompletionResult>();
        }
    }
}
