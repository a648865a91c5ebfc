using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.BinderHub;
using RspAdmin.Core.Profiles;

namespace RspAdmin.Cmdlets.Commands.Hubs;

/// <summary>
/// <para type="synopsis">Checks a hub's image-building setup against the binderhub-service chart's schema and the rules builds depend on.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ImageBuildingHubConfig")]
[OutputType(typeof(HubFinding))]
public sealed class TestImageBuildingHubConfigCommand : RspCmdlet
{
    /// <summary>The hub's values files, base first (layered as Helm layers them).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>The hub's secret values file (enc-&lt;hub&gt;.secret.values.yaml).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? SecretPath { get; set; }

    /// <summary>Another chart version's values.schema.yaml; the one shipped with the module when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SchemaPath { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            var values = HubValues.Load(Path.Select(GetUnresolvedProviderPathFromPSPath).ToArray());
            var secret = SecretPath is null ? null : GetUnresolvedProviderPathFromPSPath(SecretPath);
            var schema = SchemaPath is null ? null : GetUnresolvedProviderPathFromPSPath(SchemaPath);
            WriteObject(ImageBuildingHubChecker.Check(values, secret, schema), enumerateCollection: true);
        }
        catch (RspException e)
        {
            WriteRspError(e);
        }
    }
}
