using System.Management.Automation;
using RspAdmin.Core;
using RspAdmin.Core.ArgoCd;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>The outcome of a sync: phase, each resource's result, and the resources pruned (or, in a dry run, that would be).</summary>
public sealed record ArgoCdSyncResult
{
    public required string Name { get; init; }

    /// <summary><c>Running</c> (not waited for), <c>Succeeded</c>, <c>Failed</c>, <c>Error</c>.</summary>
    public required string Phase { get; init; }

    public string? Message { get; init; }

    public bool DryRun { get; init; }

    public bool Prune { get; init; }

    public string? Revision { get; init; }

    public string? SyncStatus { get; init; }

    public string? HealthStatus { get; init; }

    /// <summary>Each resource's result (empty while running).</summary>
    public IReadOnlyList<ArgoCdResourceResult> Resources { get; init; } = [];

    /// <summary>The resources pruned (or that a dry run would prune), as <c>Kind/namespace/name</c>, sorted.</summary>
    public IReadOnlyList<string> Pruned => Resources.Where(r => r.Status == "Pruned").Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// Syncs an Argo CD application (prune, dry run, a resource list, options, revision), refusing one with auto-sync or
/// a running operation; with <c>-Wait</c> waits as <c>argocd app wait</c> does and writes each resource's outcome.
/// </summary>
[Cmdlet(VerbsData.Sync, "ArgoCdApplication", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ArgoCdSyncResult))]
public sealed class SyncArgoCdApplicationCommand : ArgoCdCmdlet
{
    /// <summary>The application.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = null!;

    /// <summary>Delete resources no longer in the source.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <summary>Only report what would happen (always waited for; changes nothing).</summary>
    [Parameter]
    public SwitchParameter DryRun { get; set; }

    /// <summary>Only these resources, as <c>group/Kind/namespace/name</c> (<c>argoproj.io/Application/argocd/nublado2</c>, <c>/Namespace//nublado2</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Resource { get; set; }

    /// <summary>The revision to sync to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Revision { get; set; }

    /// <summary>Sync options (<c>PruneLast=true</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? SyncOption { get; set; }

    /// <summary>Wait for the operation to finish (and, with -Healthy, for Synced and Healthy).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: also wait until the application is Synced and Healthy.</summary>
    [Parameter]
    public SwitchParameter Healthy { get; set; }

    protected override void ProcessRecord()
    {
        List<ArgoCdResourceRef>? resources = null;
        try
        {
            resources = Resource?.Select(ArgoCdResourceRef.Parse).ToList();
        }
        catch (ArgumentException e)
        {
            ThrowRspError(new RspException("ArgoCd.InvalidResource", ErrorKind.InvalidArgument, e.Message, nameof(Resource)));
        }

        var request = new ArgoCdSyncRequest { Prune = Prune.IsPresent, DryRun = DryRun.IsPresent, Revision = Revision, Resources = resources, SyncOptions = SyncOption };
        var what = $"Sync{(Prune ? " with prune" : string.Empty)}{(resources is { Count: > 0 } ? $" of {resources.Count} resource(s): {string.Join(", ", resources)}" : string.Empty)}";
        if (!DryRun && !ShouldProcess($"Argo CD application {Name}", what))
        {
            return;
        }

        using var client = Connect();
        var waitFor = TimeSpan.FromSeconds(Timeout);
        var app = Call(async (_, t) =>
        {
            var started = await client.SyncAsync(Name, request, t).ConfigureAwait(false);
            return Wait || DryRun ? await client.WaitAsync(Name, waitFor, Healthy.IsPresent, t).ConfigureAwait(false) : started;
        }, Name);
        var op = app.Operation;
        var running = !(Wait || DryRun);
        WriteObject(new ArgoCdSyncResult
        {
            Name = app.Name,
            Phase = running ? "Running" : op?.Phase ?? "Unknown",
            Message = running ? null : op?.Message,
            DryRun = DryRun.IsPresent,
            Prune = Prune.IsPresent,
            Revision = running ? Revision : op?.Revision,
            SyncStatus = app.SyncStatus,
            HealthStatus = app.HealthStatus,
            Resources = running ? [] : op?.Resources ?? [],
        });
        if (!running && op?.Phase is "Failed" or "Error")
        {
            WriteRspError(new RspException("ArgoCd.SyncFailed", ErrorKind.InvalidResult, $"The sync of {Name} ended {op.Phase}: {op.Message}", Name));
        }
    }
}
