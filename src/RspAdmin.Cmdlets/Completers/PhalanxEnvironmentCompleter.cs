using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RspAdmin.Core.Config;

namespace RspAdmin.Cmdlets.Completers;

/// <summary>
/// Completes Phalanx environment names (those with nublado values) from the checkout named by the
/// bound <c>-PhalanxPath</c>, or the current location. Gives up quietly after a short time, so a
/// slow or unreachable file system never blocks the prompt.
/// </summary>
public sealed class PhalanxEnvironmentCompleter : IArgumentCompleter
{
    private static readonly TimeSpan TimeBox = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var root = ResolveRoot(fakeBoundParameters?["PhalanxPath"] as string);
        if (root is null)
        {
            return Array.Empty<CompletionResult>();
        }

        var lookup = Task.Run(() => LabImageConfigReader.GetPhalanxEnvironments(root));
        if (!lookup.Wait(TimeBox))
        {
            return Array.Empty<CompletionResult>();
        }

        var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return lookup.Result
            .Where(e => e.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(e => new CompletionResult(e, e, CompletionResultType.ParameterValue, $"Phalanx environment {e}"))
            .ToArray();
    }

    internal static string? ResolveRoot(string? boundPath)
    {
        string current;
        try
        {
            // The completer runs on the pipeline thread, where the session's location is available.
            var location = ScriptBlock.Create("$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath").Invoke();
            current = location.Count > 0 && location[0]?.BaseObject is string path ? path : Directory.GetCurrentDirectory();
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException)
        {
            current = Directory.GetCurrentDirectory();
        }

        if (string.IsNullOrWhiteSpace(boundPath))
        {
            return current;
        }

        try
        {
            return Path.GetFullPath(Path.Combine(current, boundPath.Trim('\'', '"')));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}
