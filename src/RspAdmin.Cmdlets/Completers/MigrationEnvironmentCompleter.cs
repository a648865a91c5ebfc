using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RspAdmin.Core.Migration;

namespace RspAdmin.Cmdlets.Completers;

/// <summary>
/// Completes the environments of a Phalanx checkout (those with an environment file, in any era's
/// layout) from the bound <c>-PhalanxPath</c> or the current location; gives up quietly after a
/// short time.
/// </summary>
public sealed class MigrationEnvironmentCompleter : IArgumentCompleter
{
    private static readonly TimeSpan TimeBox = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string root;
        try
        {
            var location = ScriptBlock.Create("$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath").Invoke();
            var current = location.Count > 0 && location[0]?.BaseObject is string path ? path : Directory.GetCurrentDirectory();
            root = fakeBoundParameters?["PhalanxPath"] is string bound && !string.IsNullOrWhiteSpace(bound)
                ? Path.GetFullPath(Path.Combine(current, bound.Trim('\'', '"')))
                : current;
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException or ArgumentException or NotSupportedException or PathTooLongException)
        {
            return [];
        }

        var lookup = Task.Run(() => MigrationCheckout.ListEnvironments(root));
        if (!lookup.Wait(TimeBox) || lookup.IsFaulted)
        {
            return [];
        }

        var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return lookup.Result
            .Where(e => e.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(e => new CompletionResult(e, e, CompletionResultType.ParameterValue, $"Phalanx environment {e}"))
            .ToArray();
    }
}
