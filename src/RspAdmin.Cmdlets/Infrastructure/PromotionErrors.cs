using System.Management.Automation;
using RspAdmin.Core.Config;
using RspAdmin.Core.Config.Yaml;
using RspAdmin.Core.Promotion;
using RspAdmin.Core.Registry;

namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>
/// Maps the failures of retagging, promoting and prepull edits to error records with their stable identifiers:
/// <c>Promotion.*</c>, <c>Prepull.*</c>, <c>Yaml.*</c>, <c>Config.*</c> and <c>Registry.*</c>.
/// </summary>
internal static class PromotionErrors
{
    /// <summary>The error record of <paramref name="exception"/>, or null when it is none of the mapped kinds.</summary>
    public static ErrorRecord? ToErrorRecord(Exception exception, object? target) => exception switch
    {
        LabImagePromotionException e => Record(e, e.ErrorId, PromotionCategory(e.Reason), e.Target ?? target, PromotionAdvice(e.Reason)),
        LabImagePrepullException e => Record(e, e.ErrorId, PrepullCategory(e.Reason), e.Path ?? target, null),
        YamlEditException e => Record(
            e,
            e.ErrorId,
            e.Reason switch
            {
                YamlEditReason.Unreadable => ErrorCategory.ReadError,
                YamlEditReason.WriteFailed => ErrorCategory.WriteError,
                YamlEditReason.ChangedOnDisk => ErrorCategory.ResourceUnavailable,
                YamlEditReason.Malformed => ErrorCategory.ParserError,
                _ => ErrorCategory.InvalidData,
            },
            e.File ?? target,
            e.Reason == YamlEditReason.ChangedOnDisk ? "Someone changed the file since it was read: run the command again." : null),
        LabImageConfigException e => Record(e, e.ErrorId, ErrorCategory.InvalidData, e.FilePath ?? target, null),
        RegistryException e => RegistryErrors.ToErrorRecord(e, target),
        _ => null,
    };

    private static ErrorRecord Record(Exception exception, string errorId, ErrorCategory category, object? target, string? advice)
    {
        var record = new ErrorRecord(exception, errorId, category, target);
        if (advice is not null)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = advice };
        }

        return record;
    }

    private static ErrorCategory PromotionCategory(LabImagePromotionErrorReason reason) => reason switch
    {
        LabImagePromotionErrorReason.TagNotFound => ErrorCategory.ObjectNotFound,
        LabImagePromotionErrorReason.DigestChanged => ErrorCategory.InvalidData,
        LabImagePromotionErrorReason.VerificationFailed => ErrorCategory.InvalidResult,
        _ => ErrorCategory.InvalidArgument,
    };

    private static string? PromotionAdvice(LabImagePromotionErrorReason reason) => reason switch
    {
        LabImagePromotionErrorReason.ArchitectureSpecific => "Promote the multi-architecture tag (without -amd64 or -arm64).",
        LabImagePromotionErrorReason.TagNotFound => "Check the tag: Get-LabImage lists the tags of the repository.",
        LabImagePromotionErrorReason.DigestChanged => "The image was pushed again after it was approved: have the new digest approved, then pass it as -ExpectedDigest.",
        LabImagePromotionErrorReason.VerificationFailed => "Check what the tag names now (Get-LabImage -Reference), and run the command again or restore the previous tag.",
        _ => null,
    };

    private static ErrorCategory PrepullCategory(LabImagePrepullErrorReason reason) => reason switch
    {
        LabImagePrepullErrorReason.EnvironmentNotFound => ErrorCategory.ObjectNotFound,
        LabImagePrepullErrorReason.TagNotFound => ErrorCategory.ObjectNotFound,
        LabImagePrepullErrorReason.NoRepositoryManager => ErrorCategory.InvalidData,
        _ => ErrorCategory.InvalidArgument,
    };
}
