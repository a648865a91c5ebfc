using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.BinderHub;

namespace RspAdmin.Cmdlets.Commands.Hubs;

/// <summary>
/// <para type="synopsis">Gives the image name BinderHub pushes for a GitHub repository built at a commit.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "BinderImageName")]
[OutputType(typeof(string))]
public sealed class GetBinderImageNameCommand : RspCmdlet
{
    /// <summary>The GitHub repository: org/repo or https://github.com/org/repo.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Repository { get; set; } = string.Empty;

    /// <summary>The commit the image is built from (BinderHub names images after the resolved commit).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Ref { get; set; } = string.Empty;

    /// <summary>The hub's binderhub-service image_prefix.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string ImagePrefix { get; set; } = string.Empty;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            WriteObject(BinderImageName.For(Repository, Ref, ImagePrefix));
        }
        catch (RspException e)
        {
            WriteRspError(e, Repository);
        }
    }
}
