using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Core;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Cmdlets.Commands.Toolforge;

/// <summary>
/// <para type="synopsis">Checks a Toolforge image catalog and reports each problem with its line and column.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ToolforgeImageConfig", DefaultParameterSetName = ClusterSet)]
[OutputType(typeof(ToolforgeConfigFinding))]
[OutputType(typeof(bool))]
public sealed class TestToolforgeImageConfigCommand : ToolforgeCmdlet
{
    /// <summary>Catalog files.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = null!;

    /// <summary>A catalog already read.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ConfigSet)]
    public ToolforgeImageConfig Config { get; set; } = null!;

    /// <summary>The kubeconfig file.</summary>
    [Parameter(ParameterSetName = ClusterSet)]
    [ValidateNotNullOrEmpty]
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context.</summary>
    [Parameter(ParameterSetName = ClusterSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(KubeContextCompleter))]
    public string? Context { get; set; }

    /// <summary>Return only $true (no errors) or $false per catalog.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ConfigSet:
                Report(() => ToolforgeImageConfigValidator.Validate(Config.Text, Config.Source), Config.Source);
                break;
            case PathSet:
                foreach (var p in Path)
                {
                    var full = GetUnresolvedProviderPathFromPSPath(p);
                    Report(() => ToolforgeImageConfigValidator.Validate(ToolforgeImageConfigParser.ReadText(full), full), full);
                }

                break;
            default:
                var config = LoadCatalog(null, null, Kubeconfig, Context);
                Report(() => ToolforgeImageConfigValidator.Validate(config.Text, config.Source), config.Source);
                break;
        }
    }

    private void Report(Func<IReadOnlyList<ToolforgeConfigFinding>> validate, string source)
    {
        IReadOnlyList<ToolforgeConfigFinding> findings;
        try
        {
            findings = validate();
        }
        catch (ToolforgeConfigException e)
        {
            findings = [e.ToFinding()];
        }
        catch (RspException e)
        {
            WriteRspError(e, source);
            return;
        }
        if (Quiet)
        {
            WriteObject(!findings.Any(f => f.IsError));
            return;
        }

        WriteObject(findings, enumerateCollection: true);
    }
}
