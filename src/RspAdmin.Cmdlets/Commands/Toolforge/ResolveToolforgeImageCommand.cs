using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Cmdlets.Commands.Toolforge;

/// <summary>
/// <para type="synopsis">Resolves Toolforge image names and pull URLs to catalog entries, as the jobs API does.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Resolve, "ToolforgeImage", DefaultParameterSetName = ClusterSet)]
[OutputType(typeof(ToolforgeImage))]
public sealed class ResolveToolforgeImageCommand : ToolforgeCmdlet
{
    private ToolforgeImageResolver _resolver = null!;
    private IToolforgeHarborSource? _harbor;

    /// <summary>Names, aliases or pull URLs.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Image", "Url")]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(ToolforgeImageNameCompleter))]
    public string[] Name { get; set; } = null!;

    /// <summary>Resolve for one consumer's variant instead of the top-level image.</summary>
    [Parameter]
    [ValidateSet(ToolforgeNames.JobsVariant, ToolforgeNames.WebserviceVariant)]
    public string? Variant { get; set; }

    /// <summary>The tool asking; images of other tools' Harbor projects are reported in the verbose stream.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Tool { get; set; }

    /// <summary>The Harbor API's base URL, for images of tool projects.</summary>
    [Parameter]
    public Uri? Harbor { get; set; }

    /// <summary>A catalog already read.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConfigSet)]
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
    protected override void BeginProcessing()
    {
        var config = LoadCatalog(ParameterSetName == ConfigSet ? Config : null, ParameterSetName == PathSet ? Path : null, Kubeconfig, Context);
        _harbor = CreateHarbor(Harbor);
        _resolver = new ToolforgeImageResolver(config, Variant, _harbor);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            var reference = ToolforgeImageReference.Parse(name);
            var image = reference.Project.Length == 0 || _harbor is null
                ? _resolver.Resolve(reference, null)
                : RunAsync((messages, token) => _resolver.ResolveAsync(name, messages.Warning, token).AsTask());
            if (Tool is not null && image.Tool.Length > 0 && image.Tool != Tool)
            {
                WriteVerbose($"'{name}' is an image of the tool '{image.Tool}', not of '{Tool}'; tools may use each other's images.");
            }

            WarnIfNotStable(image);
            WriteObject(image);
        }
    }
}
