using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RspAdmin.Core.Profiles;

namespace RspAdmin.Cmdlets.Completers;

/// <summary>
/// Completes profile slugs from the hub values file named by the bound <c>-Path</c> (as the hub
/// sees them: given or generated). Gives up quietly on a missing or unreadable file.
/// </summary>
public sealed class HubProfileSlugCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var path = fakeBoundParameters?["Path"] switch
        {
            string s => s,
            string[] { Length: > 0 } a => a[^1],
            object[] { Length: > 0 } o => o[^1]?.ToString(),
            _ => null,
        };
        if (string.IsNullOrEmpty(path))
        {
            return Array.Empty<CompletionResult>();
        }

        try
        {
            var full = Path.GetFullPath(path);
            var lookup = Task.Run(() => HubProfileList.FromValues(HubValues.Load([full])).Profiles.Select(p => (p.Slug, p.DisplayName)).ToList());
            if (!lookup.Wait(TimeSpan.FromSeconds(2)))
            {
                return Array.Empty<CompletionResult>();
            }

            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return lookup.Result
                .Where(p => p.Slug.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(p => new CompletionResult(p.Slug, p.Slug, CompletionResultType.ParameterValue, p.DisplayName ?? p.Slug))
                .ToArray();
        }
        catch (Exception e) when (e is AggregateException or RspAdmin.Core.RspException or IOException or ArgumentException)
        {
            return Array.Empty<CompletionResult>();
        }
    }
}
