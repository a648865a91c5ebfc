using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Images;
using RspAdmin.Core.Promotion;
using RspAdmin.Core.Registry;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Gives an image in a registry another tag, keeping its manifest byte for byte.</para>
/// </summary>
[Cmdlet(VerbsCommon.Copy, "LabImageTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(LabImage))]
public sealed class CopyLabImageTagCommand : RspCmdlet
{
    /// <summary>The registry host, with its port if it has one.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Registry { get; set; } = string.Empty;

    /// <summary>The repository in the registry.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Repository { get; set; } = string.Empty;

    /// <summary>The tag to copy.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabImageTagCompleter))]
    public string Tag { get; set; } = string.Empty;

    /// <summary>The tag to create or move.</summary>
    [Parameter(Mandatory = true, Position = 3)]
    [ValidateNotNullOrEmpty]
    public string NewTag { get; set; } = string.Empty;

    /// <summary>Refuse unless the source tag has this digest.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExpectedDigest { get; set; }

    /// <summary>Credentials for the registry; by default those of the Docker configuration.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Allow plain HTTP or unverified TLS for a registry that is not on this machine.</summary>
    [Parameter]
    public SwitchParameter AllowInsecureRegistry { get; set; }

    /// <summary>Write the image under its new tag.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var source = $"{Registry}/{Repository}:{Tag}";
        var target = $"{Registry}/{Repository}:{NewTag}";
        var log = new RequestLogSink();
        try
        {
            if (!ImageReference.IsValidRepository(Repository))
            {
                WriteError(ErrorCategories.InvalidArgument(
                    "Reference.Malformed", $"'{Repository}' is not a repository name: lower-case path components such as lsst-sqre/sciplat-lab.", Repository));
                return;
            }

            LabImageRetagger.ValidateTags(Tag, NewTag);
            using var client = new RegistryAccess
            {
                Credential = Credential?.GetNetworkCredential(),
                AllowInsecure = AllowInsecureRegistry.IsPresent,
                RequestLog = log.Log,
            }.CreateClient(Registry);

            var manifest = RunAsync((messages, token) =>
            {
                log.Current = messages;
                return LabImageRetagger.ReadAsync(client, Repository, Tag, ExpectedDigest, token);
            });
            log.Current = null;

            var action = $"Tag {target} as {source}: {manifest.Digest} ({manifest.MediaType}, {manifest.Bytes.Length} bytes), the same manifest byte for byte.";
            if (!ShouldProcess(action, $"Point {target} at {manifest.Digest} ({Tag})?", "Copy-LabImageTag"))
            {
                return;
            }

            var result = RunAsync((messages, token) =>
            {
                log.Current = messages;
                return LabImageRetagger.WriteAsync(client, Repository, Tag, manifest, NewTag, token);
            });
            WriteVerbose($"{result.Reference}: verified, the registry reports the same digest for {NewTag} as for {Tag}.");
            if (PassThru.IsPresent)
            {
                WriteObject(new LabImage(LabImageTagParser.Parse(NewTag), Registry, Repository, result.Digest, result.Size));
            }
        }
        catch (RspException e)
        {
            WriteRspError(e, source);
        }
    }
}
