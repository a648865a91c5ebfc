using System.Management.Automation;
using RspAdmin.Core.Mobu;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Runs one lab test through mobu (<c>POST /mobu/run</c>): a bot spawns a lab on a hub route, runs code, deletes the lab.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "MobuLabTest")]
[OutputType(typeof(MobuRunResult))]
public sealed class InvokeMobuLabTestCommand : GafaelfawrCmdlet
{
    /// <summary>mobu's URL (<c>https://host/mobu</c>); MOBU_URL when omitted.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Url { get; set; }

    /// <summary>The hub route to test (<c>/n3</c>, <c>/nb</c>).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidatePattern("^/[A-Za-z0-9_-]+/?$")]
    public string UrlPrefix { get; set; } = null!;

    /// <summary>The bot user (must match <c>bot-...</c>).</summary>
    [Parameter]
    [ValidatePattern("^bot-[a-z0-9](?:[a-z0-9]|-[a-z0-9])*$")]
    public string Username { get; set; } = "bot-mobu-rspadmin";

    /// <summary>Use cachemachine for the image (Nublado v2 routes only).</summary>
    [Parameter]
    public SwitchParameter UseCachemachine { get; set; }

    protected override void ProcessRecord()
    {
        var url = RequireUrl(Url, "MOBU_URL", nameof(Url), "Mobu");
        var token = GafaelfawrToken();
        using var client = Call((options, _) => Task.FromResult(new MobuClient(url, token, options)), url);
        var result = Call((_, t) => client.RunLabTestAsync(Username, UrlPrefix, UseCachemachine.IsPresent, cancellationToken: t), UrlPrefix);
        WriteObject(result);
        if (!result.Success)
        {
            WriteRspError(new Core.RspException("Mobu.LabTestFailed", Core.ErrorKind.InvalidResult, $"The lab test on {UrlPrefix} failed: {result.Error}", UrlPrefix));
        }
    }
}
