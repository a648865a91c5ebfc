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

        if (Connection is not null && environments.Length != 1)
        {
            ThrowRspError(new RspException("Migration.ConnectionNeedsEnvironment", ErrorKind.InvalidArgument,
                "A connection reaches the services of one environment; name that environment.", nameof(Connection), "Give one environment with the connection."));
        }

        foreach (var environment in environments)
        {
            try
            {
                var checkout = MigrationCheckout.Open(Root, environment);
                WriteObject(MigrationStateDetector.Detect(checkout, Evidence(checkout)));
            }
            catch (RspException e)
            {
                WriteRspError(e, environment);
            }
        }
    }
}
