using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Images;
using RspAdmin.Core.Promotion;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Keeps the recommended image prepulled under its own tag by editing an environment's Phalanx values.</para>
/// </summary>
[Cmdlet(VerbsData.Update, "LabImagePrepull", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(LabImagePrepullChange))]
public sealed class UpdateLabImagePrepullCommand : RspCmdlet
{
    /// <summary>The tag to keep prepulled (the one the recommended tag names).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Tag { get; set; } = string.Empty;

    /// <summary>The root of a Phalanx checkout; the current location when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PhalanxPath { get; set; }

    /// <summary>The Phalanx environment whose values to edit.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhalanxEnvironmentCompleter))]
    public string Environment { get; set; } = string.Empty;

    /// <summary>Also remove weekly and daily pins (or SimpleRepoMan entries) of earlier recommended images.</summary>
    [Parameter]
    public SwitchParameter PrunePins { get; set; }

    /// <summary>Credentials for the registry; by default those of the Docker configuration.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Allow plain HTTP or unverified TLS for a registry that is not on this machine.</summary>
    [Parameter]
    public SwitchParameter AllowInsecureRegistry { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var root = GetUnresolvedProviderPathFromPSPath(PhalanxPath ?? ".");
        var log = new RequestLogSink();
        var access = new RegistryAccess
        {
            Credential = Credential?.GetNetworkCredential(),
            AllowInsecure = AllowInsecureRegistry.IsPresent,
            RequestLog = log.Log,
        };

        try
        {
            var changes = RunAsync((messages, token) =>
            {
                log.Current = messages;
                return LabImagePrepullPlanner.PlanAsync(root, Environment, Tag, PrunePins.IsPresent, ListTagsAsync, token);
            });
            log.Current = null;

            foreach (var change in changes)
            {
                WriteVerbose($"{change.RelativePath}: {change.Reason}");
                if (change.HasChanges)
                {
                    var description = $"Edit {change.RelativePath}: {change.Reason}{System.Environment.NewLine}{change.Diff.TrimEnd('\n')}";
                    if (ShouldProcess(description, $"Write this change to {change.Path}?", "Update-LabImagePrepull"))
                    {
                        change.Save();
                    }
                }

                WriteObject(change);
            }
        }
        catch (RspException e)
        {
            WriteRspError(e, root);
        }

        async Task<IReadOnlyList<string>> ListTagsAsync(Core.Config.LabImageConfig config, CancellationToken token)
        {
            using var client = access.CreateClient(config.Registry);
            return await client.ListTagsAsync(config.Repository, cancellationToken: token).ConfigureAwait(false);
        }
    }
}
