using System.Collections;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Language;
using RspAdmin.Core.Images;

namespace RspAdmin.Cmdlets.Completers;

/// <summary>
/// Completes lab image tags from the registry named by the bound <c>-Registry</c> and <c>-Repository</c>,
/// by the settings of a bound <c>-Config</c>, or by those of the bound <c>-Environment</c> of the Phalanx
/// checkout at <c>-PhalanxPath</c> (or the current location), newest first in menu order. Tags the command
/// would refuse are left out: architecture-specific tags (unless <c>-IncludeArchitectureSpecific</c> is
/// bound), and for Set-RecommendedTag the recommended tag and other alias tags. The listing is time-boxed
/// and cached briefly, so the prompt never waits long.
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
        var config = ConfigOf(fakeBoundParameters);
        var registry = fakeBoundParameters?["Registry"] as string ?? config?.Registry;
        var repository = fakeBoundParameters?["Repository"] as string ?? config?.Repository;
        if (string.IsNullOrEmpty(registry) || string.IsNullOrEmpty(repository))
        {
            return Array.Empty<CompletionResult>();
        }

        var tags = Lookup(registry!, repository!);
        var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        var refused = Refused(commandName, fakeBoundParameters, config);
        return tags
            .Where(t => pattern.IsMatch(t))
            .Select(LabImageTagParser.Parse)
            .Where(t => !refused(t))
            .OrderBy(t => t, LabImageTagComparer.MenuOrder)
            .Take(200)
            .Select(t => new CompletionResult(t.Tag, t.Tag, CompletionResultType.ParameterValue, t.DisplayName))
            .ToArray();
    }

    /// <summary>The settings named by a bound -Config, or by -Environment and -PhalanxPath; null when none.</summary>
    private static Core.Config.LabImageConfig? ConfigOf(IDictionary? bound)
    {
        var given = bound?["Config"];
        if ((given is PSObject ps ? ps.BaseObject : given) is Core.Config.LabImageConfig config)
        {
            return config;
        }

        if (bound?["Environment"] is not string environment || string.IsNullOrWhiteSpace(environment))
        {
            return null;
        }

        var root = PhalanxEnvironmentCompleter.ResolveRoot(bound["PhalanxPath"] as string);
        if (root is null)
        {
            return null;
        }

        try
        {
            var read = Task.Run(() => Core.Config.LabImageConfigReader.ReadPhalanx(root, environment.Trim('\'', '"')));
            return read.Wait(TimeBox) ? read.Result : null;
        }
        catch (AggregateException)
        {
            return null; // completion is best effort: an unreadable checkout completes nothing
        }
    }

    /// <summary>Which tags the command would refuse, so that completion does not offer them.</summary>
    internal static Func<LabImageTag, bool> Refused(string commandName, IDictionary? bound, Core.Config.LabImageConfig? config)
    {
        var includeArchitecture = bound?["IncludeArchitectureSpecific"] is SwitchParameter { IsPresent: true } or true;
        if (!string.Equals(commandName, "Set-RecommendedTag", StringComparison.OrdinalIgnoreCase))
        {
            return t => t.IsArchitectureSpecific && !includeArchitecture;
        }

        var aliases = new HashSet<string>(config?.AliasTagSet ?? (IEnumerable<string>)[], StringComparer.Ordinal)
        {
            bound?["RecommendedTag"] as string ?? config?.RecommendedTag ?? Core.Config.LabImageConfig.DefaultRecommendedTag,
        };
        foreach (var alias in bound?["AliasTag"] as string[] ?? [])
        {
            aliases.Add(alias);
        }

        return t => t.IsArchitectureSpecific || aliases.Contains(t.Tag) || t.GetKind() == LabImageType.Alias
            || (config?.Cycle is { } cycle && t.Cycle != cycle);
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
