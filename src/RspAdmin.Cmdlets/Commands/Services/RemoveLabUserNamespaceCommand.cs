using System.Management.Automation;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>
/// Deletes users' lab namespaces selected by exact prefix and labels (never a system namespace), each with
/// the uid it was listed with as precondition, at most <c>-MaxCount</c> per run, then waits for them to go;
/// a namespace still Terminating at the end is reported, its finalizers left alone.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "LabUserNamespace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Prefix")]
[OutputType(typeof(LabNamespaceRemoval))]
public sealed class RemoveLabUserNamespaceCommand : KubeconfigCmdlet
{
    private readonly List<LabNamespace> _piped = [];

    /// <summary><c>nublado2-</c> (Nublado v2 labs) or <c>nublado-</c> (v3 labs).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Prefix")]
    [ValidateSet(LabNamespaceRules.V2Prefix, LabNamespaceRules.V3Prefix)]
    public string Prefix { get; set; } = null!;

    /// <summary>Only these namespace names (wildcards allowed).</summary>
    [Parameter(ParameterSetName = "Prefix")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Namespaces from Get-LabUserNamespace (their listed uid is the precondition).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    [ValidateNotNull]
    public LabNamespace InputObject { get; set; } = null!;

    /// <summary>Refuse (delete nothing) when more namespaces than this are selected.</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int MaxCount { get; set; } = 100;

    /// <summary>Seconds to wait for the namespaces to be gone.</summary>
    [Parameter]
    [ValidateRange(0, 86_400)]
    public int Timeout { get; set; } = 300;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "InputObject")
        {
            _piped.Add(InputObject);
        }
    }

    protected override void EndProcessing()
    {
        using var cluster = Connect();
        var client = new LabNamespaceClient(cluster);
        try
        {
            IReadOnlyList<LabNamespace> selected;
            if (ParameterSetName == "InputObject")
            {
                selected = _piped.DistinctBy(n => n.Name).ToList();
            }
            else
            {
                var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
                selected = RunAsync(token => client.ListAsync(Prefix, token)).Where(n => patterns is null || patterns.Any(p => p.IsMatch(n.Name))).ToList();
            }

            if (selected.Count == 0)
            {
                WriteVerbose("No lab namespace matches; nothing to delete.");
                return;
            }

            if (selected.Count > MaxCount)
            {
                ThrowRspError(new ClusterException(ClusterErrorReason.TooManyNamespaces,
                    $"{selected.Count} lab namespaces are selected, more than the cap of {MaxCount}; nothing was deleted. Raise -MaxCount after checking the list (Get-LabUserNamespace), or narrow it with -Name.",
                    target: selected[0].Prefix));
            }

            var names = string.Join(", ", selected.Take(10).Select(n => n.Name)) + (selected.Count > 10 ? $" and {selected.Count - 10} more" : string.Empty);
            var target = $"{selected.Count} lab namespace(s) of prefix '{selected[0].Prefix}' (cap {MaxCount}): {names}";
            if (!ShouldProcess(target, "Delete namespaces"))
            {
                return;
            }

            const int activity = 1;
            var results = RunAsync((messages, token) => client.RemoveAsync(selected, TimeSpan.FromSeconds(Timeout), (gone, total) =>
                messages.Progress(new ProgressRecord(activity, "Deleting lab namespaces", $"{gone} of {total} gone") { PercentComplete = total == 0 ? 100 : gone * 100 / total }), token));
            WriteProgress(new ProgressRecord(activity, "Deleting lab namespaces", "done") { RecordType = ProgressRecordType.Completed });
            foreach (var r in results)
            {
                WriteObject(r);
                switch (r.GetOutcome())
                {
                    case LabNamespaceOutcome.StuckTerminating:
                        WriteRspError(new ClusterException(ClusterErrorReason.NamespaceStuck, r.Message!, target: r.Name));
                        break;
                    case LabNamespaceOutcome.Replaced:
                        WriteRspError(new ClusterException(ClusterErrorReason.NamespaceReplaced, r.Message!, target: r.Name));
                        break;
                    case LabNamespaceOutcome.Failed:
                        WriteRspError(new ClusterException(ClusterErrorReason.ApiError, r.Message!, target: r.Name));
                        break;
                }
            }
        }
        catch (ClusterException e)
        {
            ThrowRspError(e, Kubeconfig ?? Context);
        }
    }
}
