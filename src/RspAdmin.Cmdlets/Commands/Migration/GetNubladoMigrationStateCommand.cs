using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Core;
using RspAdmin.Core.Migration;

namespace RspAdmin.Cmdlets.Commands.Migration;

/// <summary>
/// <para type="synopsis">Tells where an environment stands in the Nublado v2 to v3 migration, with the evidence for each signal.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "NubladoMigrationState")]
[OutputType(typeof(MigrationStateReport))]
public sealed class GetNubladoMigrationStateCommand : MigrationCmdlet
{
    /// <summary>The environments; every environment of the checkout when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MigrationEnvironmentCompleter))]
    public string[]? Environment { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var environments = Environment ?? MigrationCheckout.ListEnvironments(Root).ToArray();
        if (environments.Length == 0 && Environment is null)
        {
            ThrowRspError(new RspException("Migration.EnvironmentNotFound", ErrorKind.NotFound,
                $"The checkout {Root} has no environment files (environments/values-ENV.yaml or science-platform/values-ENV.yaml).", Root,
                "Give the root of a Phalanx checkout with -PhalanxPath."));
        }

        foreach (var environment in environments)
        {
            try
            {
                WriteObject(MigrationStateDetector.Detect(MigrationCheckout.Open(Root, environment)));
            }
            catch (RspException e)
            {
                WriteRspError(e, environment);
            }
        }
    }
}
