using System.Management.Automation;
using System.Text.Json.Nodes;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Profiles;

namespace RspAdmin.Cmdlets.Commands.Hubs;

/// <summary>
/// <para type="synopsis">Says whether the hub accepts a value typed into a profile's free-text entry, and what each browser form says.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "HubProfileChoice", DefaultParameterSetName = "Path")]
[OutputType(typeof(HubProfileChoiceVerdict))]
public sealed class TestHubProfileChoiceCommand : RspCmdlet
{
    /// <summary>The value as typed (not trimmed).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string Value { get; set; } = string.Empty;

    /// <summary>The hub's values files, base first.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>A profile from ConvertTo-HubProfileList.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "InputObject")]
    [ValidateNotNull]
    public HubProfileEntry InputObject { get; set; } = null!;

    /// <summary>The profile's slug.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(HubProfileSlugCompleter))]
    public string Profile { get; set; } = string.Empty;

    /// <summary>The option key; image when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Option { get; set; } = "image";

    private HubProfileList? _list;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        try
        {
            _list = ParameterSetName == "InputObject"
                ? HubProfileList.FromNode(new JsonArray(InputObject.ToNode()), source: InputObject.Slug)
                : HubProfileList.FromValues(HubValues.Load(Path.Select(GetUnresolvedProviderPathFromPSPath).ToArray()));
        }
        catch (RspException e)
        {
            ThrowRspError(e);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteObject(ProfileChoiceValidator.Check(_list!, Profile, Option, Value));
}
