using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core.Cluster;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Gets the spawner menu as Nublado builds it: the radio menu of prepulled images and the dropdown.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LabMenu")]
[OutputType(typeof(LabMenuEntry))]
public sealed class GetLabMenuCommand : ClusterCmdlet
{
    /// <summary>Only this list: Menu or Dropdown. (A string, not the engine's enum: a value-type field of an
    /// engine type would load the engine before the module's load context is in place.)</summary>
    [Parameter]
    [ValidateSet("Menu", "Dropdown")]
    public string? List { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => WithErrors(() =>
    {
        using var cluster = Connect();
        var menu = RunAsync(async token =>
        {
            var view = await LoadViewAsync(cluster, token).ConfigureAwait(false);
            return await LabCatalogLoader.GetMenuAsync(view, CreateRegistryAccess(), token).ConfigureAwait(false);
        });
        if (menu.RecommendedProblem is { } problem)
        {
            WriteWarning(problem);
        }

        foreach (var entry in menu.Entries)
        {
            if (List is null || entry.GetList() == Enum.Parse<LabMenuList>(List, ignoreCase: true))
            {
                WriteObject(entry);
            }
        }
    });
}
