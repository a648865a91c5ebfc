using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RspAdmin.Core;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Cmdlets.Commands.Toolforge;

/// <summary>Completes canonical image names from the catalog file bound to <c>-Path</c>.</summary>
public sealed class ToolforgeImageNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            if (fakeBoundParameters?["Path"] is not string path || string.IsNullOrWhiteSpace(path))
            {
                return [];
            }

            var config = ToolforgeImageConfigParser.Load(System.IO.Path.GetFullPath(path.Trim('\'', '"')));
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return config.Entries
                .Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Select(e => new CompletionResult(e.Name, e.Name, CompletionResultType.ParameterValue, $"{e.Name} ({e.State ?? "no state"})"))
                .ToArray();
        }
        catch (RspException)
        {
            return [];
        }
    }
}
