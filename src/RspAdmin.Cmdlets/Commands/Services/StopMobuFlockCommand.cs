using System.Management.Automation;
using RspAdmin.Core.Mobu;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Stops mobu flocks and returns each one's configuration, so a runbook can start it again.</summary>
[Cmdlet(VerbsLifecycle.Stop, "MobuFlock", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MobuFlock))]
public sealed class StopMobuFlockCommand : GafaelfawrCmdlet
{
    /// <summary>mobu's URL (<c>https://host/mobu</c>); MOBU_URL when omitted.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Url { get; set; }

    /// <summary>The flocks to stop.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = null!;

    protected override void ProcessRecord()
    {
        var url = RequireUrl(Url, "MOBU_URL", nameof(Url), "Mobu");
        var token = GafaelfawrToken();
        using var client = Call((options, _) => Task.FromResult(new MobuClient(url, token, options)), url);
        foreach (var name in Name)
        {
            if (ShouldProcess($"mobu flock {name}", "Stop") && TryCall((_, t) => client.StopFlockAsync(name, t), name) is { } flock)
            {
                WriteObject(flock);
            }
        }
    }
}
