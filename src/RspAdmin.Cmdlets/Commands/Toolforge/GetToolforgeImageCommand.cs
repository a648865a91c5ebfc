using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Cmdlets.Commands.Toolforge;

/// <summary>
/// <para type="synopsis">Gets the images a Toolforge tool may pick: the catalog's stable entries and the tool's own Harbor images.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ToolforgeImage", DefaultParameterSetName = ClusterSet)]
[OutputType(typeof(ToolforgeImage))]
public sealed class GetToolforgeImageCommand : ToolforgeCmdlet
{
    /// <summary>The tool whose Harbor images are listed too.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Tool { get; set; }

    /// <summary>Also list entries that are not stable.</summary>
    [Parameter]
    public SwitchParameter IncludeDeprecated { get; set; }

    /// <summary>List for one consumer's variant (its entries, its images).</summary>
    [Parameter]
    [ValidateSet(ToolforgeNames.JobsVariant, ToolforgeNames.WebserviceVariant)]
    public string? Variant { get; set; }

    /// <summary>The Harbor API's base URL.</summary>
    [Parameter]
    public Uri? Harbor { get; set; }

    /// <summary>A catalog already read.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ConfigSet)]
    public ToolforgeImageConfig Config { get; set; } = null!;

    /// <summary>A catalog file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    /// <summary>The kubeconfig file.</summary>
    [Parameter(ParameterSetName = ClusterSet)]
    [ValidateNotNullOrEmpty]
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context.</summary>
    [Parameter(ParameterSetName = ClusterSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(KubeContextCompleter))]
    public string? Context { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var config = LoadCatalog(ParameterSetName == ConfigSet ? Config : null, ParameterSetName == PathSet ? Path : null, Kubeconfig, Context);
        var harbor = Tool is null ? null : CreateHarbor(Harbor);
        if (Tool is not null && harbor is null)
        {
            WriteVerbose("No -Harbor was given: the tool's own images are not listed.");
        }

        var resolver = new ToolforgeImageResolver(config, Variant);
        var images = RunAsync((messages, token) => ToolforgeImageLister.ListAsync(resolver, Tool, IncludeDeprecated.IsPresent, harbor, messages.Warning, token));
        WriteObject(images, enumerateCollection: true);
    }
}
