using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core.Prepull;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Pulls the prepull-set images that nodes lack, one pod per node and image, as Nublado's prepuller does.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Prepull", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PrepullResult))]
public sealed class InvokePrepullCommand : ClusterCmdlet
{
    /// <summary>Node progress bars shown at once; more are unreadable and cost the pipeline thread.</summary>
    private const int MaxNodeProgressBars = 10;

    /// <summary>The shortest time between two progress updates.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The namespace of the prepull pods.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.ClusterNamespaceCompleter))]
    public string Namespace { get; set; } = "nublado";

    /// <summary>How many nodes pull at the same time.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int ThrottleLimit { get; set; } = 100;

    /// <summary>
    /// How long one pull may take, from the pod's creation until it ends: seconds (600), a TimeSpan
    /// ('00:10:00') or a duration ('10m'); at least 1 second. The configuration's prepullTimeout when omitted.
    /// </summary>
    [Parameter]
    [DurationArgument(1)]
    public TimeSpan? PullTimeout { get; set; }

    /// <summary>Only the nodes whose name matches one of these wildcard patterns.</summary>
    [Parameter]
    [Alias("Name")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.ClusterNodeCompleter))]
    public string[]? NodeName { get; set; }

    /// <summary>Only the images whose tag matches one of these wildcard patterns.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.LabImageTagCompleter))]
    public string[]? Tag { get; set; }

    /// <summary>Also pull onto nodes the lab tolerations do not tolerate.</summary>
    [Parameter]
    public SwitchParameter IncludeIneligibleNode { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => WithErrors(() =>
    {
        var timeout = PullTimeout ?? Config.PrepullTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            ThrowTerminatingError(ErrorCategories.InvalidArgument("Prepull.InvalidTimeout", "The timeout must be positive.", timeout));
        }

        using var cluster = Connect();
        var view = RunAsync(token => LoadViewAsync(cluster, token));
        var plan = PrepullPlanner.Plan(view, new PrepullPlanOptions { Namespace = Namespace, IncludeIneligibleNodes = IncludeIneligibleNode.IsPresent });
        if (NodeName is { Length: > 0 } || Tag is { Length: > 0 })
        {
            var nodes = Patterns(NodeName);
            var tags = Patterns(Tag);
            WarnOnNoMatch(NodeName, view.Nodes.Select(n => n.Name), "node");
            WarnOnNoMatch(Tag, view.Catalog.PrepullSet.Select(i => i.Tag), "image of the prepull set");
            plan = plan.Filter(p => (nodes is null || nodes.Any(w => w.IsMatch(p.NodeName))) && (tags is null || tags.Any(w => w.IsMatch(p.Tag))));
        }

        if (plan.SkippedIneligibleNodes.Count > 0)
        {
            WriteVerbose($"Left alone: {plan.SkippedIneligibleNodes.Count} ineligible node(s) lacking images ({string.Join(", ", plan.SkippedIneligibleNodes)}); -IncludeIneligibleNode pulls there too.");
        }

        if (plan.Pods.Count == 0)
        {
            WriteVerbose("Every node holds every prepull-set image; nothing to pull.");
            return;
        }

        var approved = plan.Pods.Where(p => ShouldProcess(
            $"pod {p.Namespace}/{p.PodName} on node {p.NodeName} pulling {p.Reference}", "Create prepull pod")).ToHashSet();
        if (approved.Count == 0)
        {
            return;
        }

        var run = plan.Filter(approved.Contains);
        var nodeIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < run.Nodes.Count; i++)
        {
            nodeIds[run.Nodes[i].NodeName] = i + 2;
        }

        var showProgress = ProgressEnabled;
        var verbose = VerboseEnabled;
        var results = RunAsync(async (messages, token) =>
        {
            // Reports arrive on many threads: queueing under one lock keeps a node's records in order.
            var throttle = new PrepullProgressThrottle(MaxNodeProgressBars, ProgressInterval);
            var gate = new object();
            void Show(IReadOnlyList<PrepullProgressUpdate> updates)
            {
                foreach (var update in updates)
                {
                    messages.Progress(ToRecord(update, nodeIds, run.Nodes.Count));
                }
            }

            var executor = new PrepullExecutor(cluster, new PrepullExecutorOptions
            {
                ThrottleLimit = ThrottleLimit,
                Timeout = timeout,
                Progress = showProgress
                    ? p =>
                    {
                        lock (gate)
                        {
                            Show(throttle.Report(p));
                        }
                    }
                    : null,
                Log = verbose ? messages.Verbose : null,
                ResultAvailable = r =>
                {
                    if (r.GetOutcome() == PrepullOutcome.NodeVanished)
                    {
                        messages.Warning($"{r.NodeName}: {r.Reason}");
                    }

                    messages.Add(c => c.WriteObject(r));
                },
            });
            try
            {
                return await executor.RunAsync(run, token).ConfigureAwait(false);
            }
            finally
            {
                lock (gate)
                {
                    Show(throttle.Complete());
                }
            }
        });
        WriteProgress(new ProgressRecord(1, "Invoke-Prepull", "Done") { RecordType = ProgressRecordType.Completed });
        WriteVerbose($"{results.Count(r => r.GetOutcome() == PrepullOutcome.Pulled)} of {results.Count} pulls succeeded.");
    });

    private static WildcardPattern[]? Patterns(string[]? names) =>
        names is { Length: > 0 } ? names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray() : null;

    // A filter that selects nothing is likely a typo: say so rather than report "nothing to pull".
    private void WarnOnNoMatch(string[]? names, IEnumerable<string> candidates, string what)
    {
        if (names is not { Length: > 0 })
        {
            return;
        }

        var list = candidates.ToList();
        foreach (var name in names)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            if (!list.Any(pattern.IsMatch))
            {
                WriteWarning($"No {what} matches '{name}'.");
            }
        }
    }

    private static ProgressRecord ToRecord(PrepullProgressUpdate update, IReadOnlyDictionary<string, int> nodeIds, int nodeCount)
    {
        var p = update.Step;
        if (update.IsOverall)
        {
            return new ProgressRecord(1, "Invoke-Prepull", $"{p.OverallCompleted} of {p.OverallTotal} pulls done on {nodeCount} nodes")
            {
                PercentComplete = p.OverallTotal == 0 ? 100 : 100 * p.OverallCompleted / p.OverallTotal,
            };
        }

        return new ProgressRecord(nodeIds[p.NodeName], $"Node {p.NodeName}", p.NodeDone ? "Done" : $"Pulling {p.CurrentTag} ({p.NodeCompleted + 1} of {p.NodeTotal})")
        {
            ParentActivityId = 1,
            PercentComplete = p.NodeTotal == 0 ? 100 : 100 * p.NodeCompleted / p.NodeTotal,
            RecordType = update.Completes ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
    }
}
