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
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>A profile from ConvertTo-HubProfileList (checked as a list of its own), or a values file (a path, or a file from Get-ChildItem).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    [ValidateNotNull]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>The image prefix for sample built names; the values' binderhub-service image_prefix when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ImagePrefix { get; set; }

    private static string PathOf(PSObject input) => input.BaseObject switch
    {
        string text => text,
        FileSystemInfo file => file.FullName,
        _ => input.Properties["FullName"]?.Value?.ToString() ?? input.Properties["Path"]?.Value?.ToString()
             ?? throw new RspException("HubProfile.BadInput", ErrorKind.InvalidArgument,
                 $"'{input}' is neither a profile from ConvertTo-HubProfileList nor a values file.", input),
    };

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            HubProfileList list;
            if (ParameterSetName == "InputObject" && InputObject.BaseObject is HubProfileEntry entry)
            {
                list = HubProfileList.FromNode(new JsonArray(entry.ToNode()), source: entry.Slug);
            }
            else
            {
                var paths = ParameterSetName == "Path" ? Path : [PathOf(InputObject)];
                list = HubProfileList.FromValues(HubValues.Load(paths.Select(GetUnresolvedProviderPathFromPSPath).ToArray()));
            }

            WriteObject(HubProfileListChecker.Check(list, ImagePrefix), enumerateCollection: true);
        }
        catch (RspException e)
        {
            WriteRspError(e);
        }
    }
}
