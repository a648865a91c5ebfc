using System.Management.Automation;
using RspAdmin.Core.Hub;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Probes hub routes (<c>&lt;route&gt;/hub/api/</c>): Up with the hub version, Down, or AuthFailed.</summary>
[Cmdlet(VerbsDiagnostic.Test, "HubRoute")]
[OutputType(typeof(HubRouteStatus))]
public sealed class TestHubRouteCommand : GafaelfawrCmdlet
{
    /// <summary>The site's base URL (<c>https://host</c>); RSP_URL when omitted.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Url { get; set; }

    /// <summary>The routes (<c>/nb</c>, <c>/n2</c>, <c>/n3</c>).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidatePattern("^/?[A-Za-z0-9_-]+/?$")]
    public string[] Route { get; set; } = null!;

    protected override void ProcessRecord()
    {
        var url = RequireUrl(Url, "RSP_URL", nameof(Url), "Hub");
        var token = GafaelfawrToken();
        using var client = Call((options, _) => Task.FromResult(new HubRouteClient(url, token, options)), url);
        foreach (var route in Route)
        {
            if (TryCall((_, t) => client.TestAsync(route, t), route) is { } status)
            {
                WriteObject(status);
            }
        }
    }
}
