using System.Management.Automation;
using RspAdmin.Core.Images;

namespace RspAdmin.Cmdlets.Commands;

/// <summary>
/// <para type="synopsis">Parses lab image tags as Nublado does.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "LabImageTag")]
[OutputType(typeof(LabImageTag))]
public sealed class ConvertFromLabImageTagCommand : PSCmdlet
{
    private readonly List<LabImageTag> _sorted = new();
    private HashSet<string> _aliases = new(StringComparer.Ordinal);

    /// <summary>The tags to parse. Null or empty is <c>latest</c>.</summary>
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public string?[] Tag { get; set; } = Array.Empty<string?>();

    /// <summary>Tags configured as aliases (the recommended tag and alias tags).</summary>
    [Parameter]
    [ValidateNotNull]
    public string[] AliasTag { get; set; } = Array.Empty<string>();

    /// <summary>Emit the tags in menu order once all input has been read.</summary>
    [Parameter]
    public SwitchParameter Sort { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _aliases = new HashSet<string>(AliasTag.Where(t => t is not null), StringComparer.Ordinal);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var tag in Tag ?? new string?[] { null })
        {
            var parsed = tag is not null && _aliases.Contains(tag)
                ? LabImageTagParser.ParseAlias(tag)
                : LabImageTagParser.Parse(tag);
            if (Sort.IsPresent)
            {
                _sorted.Add(parsed);
            }
            else
            {
                WriteObject(parsed);
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (Sort.IsPresent)
        {
            _sorted.Sort(LabImageTagComparer.MenuOrder);
            WriteObject(_sorted, enumerateCollection: true);
        }
    }
}
