using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Profiles;

namespace RspAdmin.Cmdlets.Commands.Hubs;

/// <summary>
/// <para type="synopsis">Writes or replaces a profile in a hub's jupyterhub.singleuser.profileList, keeping everything else in the file as it was.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "HubProfileList", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HubProfileWriteResult))]
public sealed class SetHubProfileListCommand : RspCmdlet
{
    /// <summary>The hub's values file.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The profile to write (ConvertTo-HubProfileList output).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public HubProfileEntry InputObject { get; set; } = null!;

    /// <summary>The slug to write the profile under; the profile's own when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(HubProfileSlugCompleter))]
    public string? Profile { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        try
        {
            var preview = HubProfileListWriter.Write(path, InputObject, Profile, save: false);
            if (preview.Action == "Unchanged")
            {
                WriteVerbose($"{path}: profile '{preview.Slug}' is already as given.");
                WriteObject(preview);
                return;
            }

            var description = $"{preview.Action} profile '{preview.Slug}' in {path}{Environment.NewLine}{preview.Diff.TrimEnd('\n')}";
            if (ShouldProcess(description, $"Write profile '{preview.Slug}' to {path}?", "Set-HubProfileList"))
            {
                WriteObject(HubProfileListWriter.Write(path, InputObject, Profile, save: true));
            }
        }
        catch (RspException e)
        {
            WriteRspError(e, path);
        }
    }
}
