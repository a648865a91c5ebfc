using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RspAdmin.Cmdlets.Sandbox;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Completers;

/// <summary>
/// Completes the names of the scenarios that come with the sandbox (the <c>scenarios/*.yaml</c> beside
/// RspAdmin.Sandbox.dll, found as Start-LabSandbox finds it), then scenario files of the current location.
/// </summary>
public sealed class SandboxScenarioCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var results = new List<CompletionResult>();
        try
        {
            var bound = (fakeBoundParameters?["SandboxPath"] as string)?.Trim('\'', '"');
            var moduleDirectory = Path.GetDirectoryName(typeof(SandboxScenarioCompleter).Assembly.Location);
            var dll = LabSandbox.Locate(string.IsNullOrWhiteSpace(bound) ? null : Path.GetFullPath(bound), moduleDirectory);
            var folder = dll is null ? null : Path.Combine(Path.GetDirectoryName(dll)!, "scenarios");
            if (folder is not null && Directory.Exists(folder))
            {
                foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileNameWithoutExtension(file);
                    if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    {
                        results.Add(new CompletionResult(name, name, CompletionResultType.ParameterValue, $"Built-in scenario {name} ({file})"));
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or ClusterException)
        {
            // Completion is best effort.
        }

        return results;
    }
}
