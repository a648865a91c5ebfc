using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Cmdlets.Commands.Toolforge;

/// <summary>
/// <para type="synopsis">Gets the Toolforge image catalog from a file or from the image-config ConfigMap.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ToolforgeImageConfig", DefaultParameterSetName = ClusterSet)]
[OutputType(typeof(ToolforgeImageConfig))]
public sealed class GetToolforgeImageConfigCommand : ToolforgeCmdlet
{
    /// <summary>A catalog file (images-v1.yaml, the pre-2022 list, or a ConfigMap manifest).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
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
        var config = LoadCatalog(null, ParameterSetName == PathSet ? Path : null, Kubeconfig, Context);
        WriteVerbose($"{config.Source}: {config.Entries.Count} entries, schema generation {config.Generation}{(config.ResourceVersion is null ? string.Empty : ", resourceVersion " + config.ResourceVersion)}.");
        WriteObject(config);
    }
}
