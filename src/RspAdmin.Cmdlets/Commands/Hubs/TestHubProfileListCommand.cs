using System.Management.Automation;
using System.Text.Json.Nodes;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Profiles;

namespace RspAdmin.Cmdlets.Commands.Hubs;

/// <summary>
/// <para type="synopsis">Checks a hub's profile list as the hub, KubeSpawner's form and fancy-profiles read it.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "HubProfileList", DefaultParameterSetName = "Path")]
[OutputType(typeof(HubFinding))]
public sealed class TestHubProfileListCommand : RspCmdlet
{
    /// <summary>The hub's values files, base first (layered as Helm layers them).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>A profile from ConvertTo-HubProfileList, checked as a list of its own.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    [ValidateNotNull]
    public HubProfileEntry InputObject { get; set; } = null!;

    /// <summary>The image prefix for sample built names; the values' binderhub-service image_prefix when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ImagePrefix { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            HubProfileList list;
            if (ParameterSetName == "InputObject")
            {
                list = HubProfileList.FromNode(new JsonArray(InputObject.ToNode()), source: InputObject.Slug);
            }
            else
            {
                var paths = Path.Select(GetUnresolvedProviderPathFromPSPath).ToArray();
                list = HubProfileList.FromValues(HubValues.Load(paths));
            }

            WriteObject(HubProfileListChecker.Check(list, ImagePrefix), enumerateCollection: true);
        }
        catch (RspException e)
        {
            WriteRspError(e);
        }
    }
}
