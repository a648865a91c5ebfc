using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Config;
using RspAdmin.Core.Images;
using RspAdmin.Core.Promotion;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Points a repository's recommended tag at an approved image.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "RecommendedTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = RegistrySet)]
[OutputType(typeof(LabImage))]
public sealed class SetRecommendedTagCommand : RspCmdlet
{
    private const string RegistrySet = "Registry";
    private const string ConfigSet = "Config";
    private const string PhalanxSet = "Phalanx";

    /// <summary>The tag of the information record that carries the <see cref="RecommendedTagPlan"/>.</summary>
    public const string PlanInformationTag = "RecommendedTagPlan";

    /// <summary>The tag of the image to recommend, e.g. w_2022_40.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabImageTagCompleter))]
    public string Tag { get; set; } = string.Empty;

    /// <summary>The registry host, with its port if it has one.</summary>
    [Parameter(ParameterSetName = RegistrySet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Registry { get; set; } = string.Empty;

    /// <summary>The repository in the registry.</summary>
    [Parameter(ParameterSetName = RegistrySet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Repository { get; set; } = string.Empty;

    /// <summary>The tag to move.</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [ValidateNotNullOrEmpty]
    public string RecommendedTag { get; set; } = LabImageConfig.DefaultRecommendedTag;

    /// <summary>Other alias tags of the repository, which cannot be promoted.</summary>
    [Parameter(ParameterSetName = RegistrySet)]
    [ValidateNotNull]
    public string[] AliasTag { get; set; } = Array.Empty<string>();

    /// <summary>A site's image settings, from Get-LabImageConfig.</summary>
    [Parameter(ParameterSetName = ConfigSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public LabImageConfig? Config { get; set; }

    /// <summary>The root of a Phalanx checkout; the current location when omitted.</summary>
    [Parameter(ParameterSetName = PhalanxSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? PhalanxPath { get; set; }

    /// <summary>The Phalanx environment whose settings to use.</summary>
    [Parameter(ParameterSetName = PhalanxSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhalanxEnvironmentCompleter))]
    public string Environment { get; set; } = string.Empty;

    /// <summary>Refuse unless the image has this digest (the one that was approved).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExpectedDigest { get; set; }

    /// <summary>Credentials for the registry; by default those of the Docker configuration.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>
    /// How long one registry call, with its retries, may take before the cmdlet gives up with Registry.Timeout:
    /// seconds (60), a TimeSpan ('00:01:00') or a duration ('1m'); at least 1 second.
    /// </summary>
    [Parameter]
    [DurationArgument(1)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Allow plain HTTP or unverified TLS for a registry that is not on this machine (loopback registries need no switch).</summary>
    [Parameter]
    public SwitchParameter AllowInsecureRegistry { get; set; }

    /// <summary>Write the recommended image as it now is, with PreviousDigest and PreviousTags.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var config = ResolveLabImageConfig(
            ParameterSetName == ConfigSet ? Config : null,
            PhalanxPath,
            ParameterSetName == PhalanxSet ? Environment : null,
            () => new LabImageConfig
            {
                Source = LabImageSource.Docker(Repository, Registry),
                RecommendedTag = RecommendedTag,
                AliasTags = AliasTag,
            });
        if (config is null)
        {
            return;
        }

        var target = $"{config.Registry}/{config.Repository}:{config.RecommendedTag}";
        var log = new RequestLogSink();
        try
        {
            RecommendedTagService.ValidateTag(config, Tag);
            LabImageRetagger.ValidateExpectedDigest(ExpectedDigest);
            using var client = new RegistryAccess
            {
                Credential = Credential?.GetNetworkCredential(),
                AllowInsecure = AllowInsecureRegistry.IsPresent,
                Timeout = Timeout,
                RetryNotice = notice => CurrentMessages?.Warning(notice),
                RequestLog = log.Log,
            }.CreateClient(config.Registry);

            var plan = RunAsync((messages, token) =>
            {
                log.Current = messages;
                return RecommendedTagService.PlanAsync(client, config, Tag, ExpectedDigest, token);
            });
            log.Current = null;

            // The plan itself, for scripts (-InformationVariable): what the move changes and what the menu will say.
            WriteInformation(plan, [PlanInformationTag]);
            if (!plan.IsTagPrepulled && config.Source.GetKind() == LabImageSourceType.Docker)
            {
                WriteWarning($"{Tag} is not in the prepull set of {config.Source}, so the menu will show '{plan.DisplayNameAfter}' until it is: "
                    + $"pin it (Update-LabImagePrepull -Tag {Tag}) to show '{plan.DisplayNameAfterPin}'.");
            }

            LabImage image;
            if (plan.IsUnchanged)
            {
                WriteVerbose(plan.Describe());
                image = RunAsync(token => RecommendedTagService.ApplyAsync(client, plan, token));
            }
            else if (ShouldProcess(plan.Describe(), $"Point {plan.RecommendedReference} at {plan.Digest} ({Tag})?", "Set-RecommendedTag"))
            {
                image = RunAsync((messages, token) =>
                {
                    log.Current = messages;
                    return RecommendedTagService.ApplyAsync(client, plan, token);
                });
                var undo = plan.PreviousTags.Count > 0 ? $" To undo: {UndoCommand(plan)}." : string.Empty;
                WriteInformation(
                    $"{plan.RecommendedReference} now names {plan.Digest} ({Tag}); it named {plan.PreviousDigest ?? "nothing"}{Previous(plan)}.{undo}",
                    ["Set-RecommendedTag"]);
            }
            else
            {
                return;
            }

            if (PassThru.IsPresent)
            {
                var output = new PSObject(image);
                output.Properties.Add(new PSNoteProperty("PreviousDigest", plan.PreviousDigest));
                output.Properties.Add(new PSNoteProperty("PreviousTags", plan.PreviousTags.ToArray()));
                WriteObject(output);
            }
        }
        catch (RspException e)
        {
            ReportRspError(e, target);
        }
    }

    /// <summary>The command that moves the recommended tag back: the same registry, repository and tag name.</summary>
    internal static string UndoCommand(RecommendedTagPlan plan)
    {
        var command = $"Set-RecommendedTag -Registry {plan.Registry} -Repository {plan.Repository} -Tag {plan.PreviousTags[0]}";
        if (plan.RecommendedTag != LabImageConfig.DefaultRecommendedTag)
        {
            command += $" -RecommendedTag {plan.RecommendedTag}";
        }

        return plan.PreviousDigest is null ? command : $"{command} -ExpectedDigest {plan.PreviousDigest}";
    }

    private static string Previous(RecommendedTagPlan plan) =>
        plan.PreviousTags.Count > 0 ? " (" + string.Join(", ", plan.PreviousTags) + ")" : string.Empty;
}
