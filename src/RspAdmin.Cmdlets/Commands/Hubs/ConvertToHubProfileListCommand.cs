using System.Management.Automation;
using RspAdmin.Cmdlets.Infrastructure;
using RspAdmin.Core;
using RspAdmin.Core.Images;
using RspAdmin.Core.Profiles;

namespace RspAdmin.Cmdlets.Commands.Hubs;

/// <summary>
/// <para type="synopsis">Builds a KubeSpawner profile (one image option) from catalog images or image references.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "HubProfileList")]
[OutputType(typeof(HubProfileEntry))]
public sealed class ConvertToHubProfileListCommand : RspCmdlet
{
    private readonly List<HubImageSource> _images = [];

    /// <summary>A catalog image (Get-LabImage output, or any object with Reference/Image, Digest, DisplayName/ShortName) or an image reference.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>The profile's slug.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Slug { get; set; } = string.Empty;

    /// <summary>The profile's heading; the slug when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DisplayName { get; set; }

    /// <summary>The line under the heading.</summary>
    [Parameter]
    public string? Description { get; set; }

    /// <summary>The choice to make default (its key, display name or reference); the first when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Default { get; set; }

    /// <summary>Mark the profile itself as the hub's default profile.</summary>
    [Parameter]
    public SwitchParameter DefaultProfile { get; set; }

    /// <summary>Pin each image by the digest the catalog knows (image@sha256:...).</summary>
    [Parameter]
    public SwitchParameter PinDigest { get; set; }

    /// <summary>Add a free-text image entry (unlisted_choice) with {value} as the image.</summary>
    [Parameter]
    public SwitchParameter Unlisted { get; set; }

    /// <summary>The server regex for the free-text entry; ^.+:.+$ unless given. An empty string sets none.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? ValidationRegex { get; set; }

    /// <summary>The message shown when the free-text value fails the regex.</summary>
    [Parameter]
    public string? ValidationMessage { get; set; }

    /// <summary>The label of the free-text box.</summary>
    [Parameter]
    public string? UnlistedDisplayName { get; set; }

    /// <summary>The dropdown item that reveals the free-text box (display_name_in_choices).</summary>
    [Parameter]
    public string? UnlistedChoiceName { get; set; }

    /// <summary>The description of that dropdown item (fancy-profiles only).</summary>
    [Parameter]
    public string? UnlistedDescription { get; set; }

    /// <summary>Offer "Build your own image" in fancy-profiles (implies -Unlisted).</summary>
    [Parameter]
    public SwitchParameter DynamicImageBuilding { get; set; }

    /// <summary>The option key; image unless given (dynamic building needs image).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string OptionKey { get; set; } = "image";

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var source = ToSource(InputObject);
        if (source is null)
        {
            WriteRspError(new RspException("HubProfile.BadImage", ErrorKind.InvalidArgument,
                $"'{InputObject}' is neither an image reference nor a catalog image (an object with Reference or Image).", InputObject));
            return;
        }

        _images.Add(source);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        HubUnlistedChoice? unlisted = null;
        if (Unlisted || DynamicImageBuilding)
        {
            unlisted = new HubUnlistedChoice();
            if (ValidationRegex is not null)
            {
                unlisted.ValidationRegex = ValidationRegex.Length == 0 ? null : ValidationRegex;
            }

            unlisted.ValidationMessage = ValidationMessage ?? unlisted.ValidationMessage;
            unlisted.DisplayName = UnlistedDisplayName ?? unlisted.DisplayName;
            unlisted.DisplayNameInChoices = UnlistedChoiceName ?? unlisted.DisplayNameInChoices;
            unlisted.DescriptionInChoices = UnlistedDescription;
        }

        try
        {
            var entry = HubProfileBuilder.Build(_images, Slug, DisplayName ?? Slug, Description, DefaultProfile, PinDigest, Default, unlisted,
                DynamicImageBuilding, OptionKey, WriteWarning);
            WriteObject(entry);
        }
        catch (RspException e)
        {
            ThrowRspError(e);
        }
    }

    private static HubImageSource? ToSource(PSObject input)
    {
        switch (input.BaseObject)
        {
            case string reference:
                return new HubImageSource(reference.Trim());
            case LabImage image:
                return new HubImageSource(image.Reference, image.Digest, image.DisplayName);
            case HubImageSource source:
                return source;
        }

        string? Property(params string[] names)
        {
            foreach (var name in names)
            {
                if (input.Properties[name]?.Value is { } value && value.ToString() is { Length: > 0 } text)
                {
                    return text;
                }
            }

            return null;
        }

        var referenceText = Property("Reference", "Image", "ImageReference", "Url");
        return referenceText is null
            ? null
            : new HubImageSource(referenceText, Property("Digest"), Property("DisplayName", "ShortName", "Name"), Property("Description"));
    }
}
