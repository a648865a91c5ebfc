using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Core;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Cmdlets.Commands.Toolforge;

/// <summary>
/// <para type="synopsis">Reports which catalog entries the running workloads of Toolforge tool namespaces use, with counts per entry and state.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ToolforgeImageUsage", DefaultParameterSetName = ClusterSet)]
[OutputType(typeof(ToolforgeImageUsageSummary))]
[OutputType(typeof(ToolforgeImageUsage))]
public sealed class GetToolforgeImageUsageCommand : ToolforgeCmdlet
{
    /// <summary>Namespaces to scan (wildcards).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Namespace { get; set; } = ["tool-*"];

    /// <summary>The workload kinds to scan.</summary>
    [Parameter]
    [ValidateSet("Pod", "Job", "CronJob", "Deployment")]
    public string[] Kind { get; set; } = ["Pod", "Job", "CronJob", "Deployment"];

    /// <summary>One object per container instead of counts per entry.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    /// <summary>Resolve for one consumer's variant.</summary>
    [Parameter]
    [ValidateSet(ToolforgeNames.JobsVariant, ToolforgeNames.WebserviceVariant)]
    public string? Variant { get; set; }

    /// <summary>The Harbor API's base URL, to map build-service images.</summary>
    [Parameter]
    public Uri? Harbor { get; set; }

    /// <summary>A catalog already read (else the cluster's ConfigMap).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ConfigSet)]
    public ToolforgeImageConfig Config { get; set; } = null!;

    /// <summary>A catalog file (else the cluster's ConfigMap).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    /// <summary>The kubeconfig file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(KubeContextCompleter))]
    public string? Context { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var config = LoadCatalog(ParameterSetName == ConfigSet ? Config : null, ParameterSetName == PathSet ? Path : null, Kubeconfig, Context);
        var resolver = new ToolforgeImageResolver(config, Variant, CreateHarbor(Harbor));
        var patterns = Namespace.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        try
        {
            using var cluster = Connect(Kubeconfig, Context);
            var usages = RunAsync(async (messages, token) =>
            {
                var workloads = await ToolforgeUsageScanner.ListAsync(cluster, ns => patterns.Any(p => p.IsMatch(ns)), Kind, messages.Warning, token).ConfigureAwait(false);
                messages.Verbose($"{workloads.Count} containers in matching namespaces.");
                return await ToolforgeUsageScanner.MapAsync(resolver, workloads, messages.Warning, token).ConfigureAwait(false);
            });
            if (Detailed)
            {
                WriteObject(usages, enumerateCollection: true);
            }
            else
            {
                WriteObject(ToolforgeUsageScanner.Summarize(usages), enumerateCollection: true);
            }
        }
        catch (RspException e)
        {
            ThrowRspError(e, Kubeconfig);
        }
    }
}
