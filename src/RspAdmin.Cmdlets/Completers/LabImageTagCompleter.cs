using System.Collections;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Language;
using RspAdmin.Core.Images;

namespace RspAdmin.Cmdlets.Completers;

/// <summary>
/// Completes lab image tags from the registry named by the bound <c>-Registry</c> and
/// <c>-Repository</c> (or the repository of a bound <c>-Reference</c>), newest first in menu order.
/// The listing is time-boxed and cached briefly, so the prompt never waits long.
/// </summary>
public sealed class LabImageTagCompleter : IArgumentCompleter
{
    private static readonly TimeSpan TimeBox = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);
    private static readonly ConcurrentDictionary<string, (DateTime At, IReadOnlyList<string> Tags)> Cache = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var registry = fakeBoundParameters?["Registry"] as string;
        var repository = fakeBoundParameters?["Repository"] as string;
        if (string.IsNullOrEmpty(registry) || string.IsNullOrEmpty(repository))
        {
            return Array.Empty<CompletionResult>();
        }

        var tags = Lookup(registry!, repository!);
        var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return tags
            .Where(t => pattern.IsMatch(t))
            .Select(LabImageTagParser.Parse)
            .OrderBy(t => t, LabImageTagComparer.MenuOrder)
            .Take(200)
            .Select(t => new CompletionResult(t.Tag, t.Tag, CompletionResultType.ParameterValue, t.DisplayName))
            .ToArray();
    }

    private static IReadOnlyList<string> Lookup(string registry, string repository)
    {
        var key = registry + "/" + repository;
        if (Cache.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.At < CacheLifetime)
        {
            return cached.Tags;
        }

        using var timeout = new CancellationTokenSource(TimeBox);
        try
        {
            var task = Task.Run(async () =>
            {
                using var client = new RegistryAccess().CreateClient(registry);
                return await client.ListTagsAsync(repository, cancellationToken: timeout.Token).ConfigureAwait(false);
            });
            if (!task.Wait(TimeBox))
            {
                return Array.Empty<string>();
            }

            Cache[key] = (DateTime.UtcNow, task.Result);
            return task.Result;
        }
        catch (Exception)
        {
            // Completion is best effort: an unreachable registry completes nothing.
            return Array.Empty<string>();
        }
    }
}
