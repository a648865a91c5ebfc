using System.Management.Automation;
using RspAdmin.Cmdlets.Completers;
using RspAdmin.Core;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Cmdlets.Commands.Toolforge;

/// <summary>
/// <para type="synopsis">Adds or changes a Toolforge image catalog entry, or publishes a whole catalog, after validating it.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "ToolforgeImageConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = EntrySet)]
[OutputType(typeof(ToolforgeImageConfig))]
public sealed class SetToolforgeImageConfigCommand : ToolforgeCmdlet
{
    private const string EntrySet = "Entry";
    private const string FromPathSet = "FromPath";

    /// <summary>The canonical name of the entry to add or change.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = EntrySet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ToolforgeImageNameCompleter))]
    public string Name { get; set; } = null!;

    /// <summary>The entry's image (host/repository[:tag]).</summary>
    [Parameter(ParameterSetName = EntrySet)]
    [ValidateNotNullOrEmpty]
    public string? Image { get; set; }

    /// <summary>The entry's state.</summary>
    [Parameter(ParameterSetName = EntrySet)]
    [ValidateSet(ToolforgeNames.StateStable, ToolforgeNames.StateDeprecated)]
    public string? State { get; set; }

    /// <summary>Aliases to add.</summary>
    [Parameter(ParameterSetName = EntrySet)]
    [ValidateNotNullOrEmpty]
    public string[]? Alias { get; set; }

    /// <summary>Aliases to remove.</summary>
    [Parameter(ParameterSetName = EntrySet)]
    [ValidateNotNullOrEmpty]
    public string[]? RemoveAlias { get; set; }

    /// <summary>A whole catalog file to publish instead of an entry edit.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FromPathSet)]
    [ValidateNotNullOrEmpty]
    public string FromPath { get; set; } = null!;

    /// <summary>The catalog file to edit (instead of the cluster's ConfigMap).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The catalog as read earlier: the edit applies to it, and the write fails if the ConfigMap changed since.</summary>
    [Parameter]
    public ToolforgeImageConfig? Config { get; set; }

    /// <summary>The kubeconfig file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(KubeContextCompleter))]
    public string? Context { get; set; }

    /// <summary>Write the catalog as written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            var filePath = Path is not null ? GetUnresolvedProviderPathFromPSPath(Path) : Config?.Path;
            if (filePath is not null)
            {
                EditFile(filePath);
            }
            else
            {
                EditConfigMap();
            }
        }
        catch (RspException e)
        {
            ThrowRspError(e, Path ?? Kubeconfig);
        }
    }

    private void EditFile(string path)
    {
        if (Config?.Path is { } read && string.Equals(read, path, StringComparison.Ordinal) && Config.DataKey is null
            && !string.Equals(Config.Text, ToolforgeImageConfigParser.ReadText(path), StringComparison.Ordinal))
        {
            ThrowRspError(ToolforgeErrors.ConfigChanged(path, "as read", "changed on disk"));
        }

        var edit = ParameterSetName == FromPathSet
            ? ToolforgeConfigEdit.Replace(ToolforgeImageConfigParser.ReadText(path), path, ToolforgeImageConfigParser.ReadText(GetUnresolvedProviderPathFromPSPath(FromPath)))
            : ToolforgeConfigEdit.LoadFile(path).SetEntry(Name, Image, State, Alias, RemoveAlias);
        if (!Confirm(edit, path))
        {
            return;
        }

        edit.SaveFile(path);
        Finish(ToolforgeImageConfigParser.Load(path));
    }

    private void EditConfigMap()
    {
        using var cluster = Connect(Kubeconfig, Context);
        var source = ToolforgeConfigMapStore.Describe(cluster);
        string baseText;
        string? expected;
        if (Config is { ResourceVersion: not null })
        {
            baseText = Config.Text;
            expected = Config.ResourceVersion;
        }
        else
        {
            var current = RunAsync(token => ToolforgeConfigMapStore.TryReadTextAsync(cluster, token));
            baseText = current?.Text ?? string.Empty;
            expected = current?.ResourceVersion;
        }

        var edit = ParameterSetName == FromPathSet
            ? ToolforgeConfigEdit.Replace(baseText, source, ToolforgeImageConfigParser.ReadText(GetUnresolvedProviderPathFromPSPath(FromPath)))
            : ToolforgeConfigEdit.Parse(baseText, source).SetEntry(Name, Image, State, Alias, RemoveAlias);
        if (!Confirm(edit, source))
        {
            return;
        }

        var version = RunAsync(token => ToolforgeConfigMapStore.WriteAsync(cluster, edit.Text, expected, token));
        WriteVerbose($"{source}: written, resourceVersion {version}.");
        Finish(RunAsync(token => ToolforgeConfigMapStore.ReadAsync(cluster, null, token)));
    }

    private bool Confirm(ToolforgeConfigEdit edit, string target)
    {
        var errors = ToolforgeImageConfigValidator.Validate(edit.Text, target).Where(f => f.IsError).ToArray();
        if (errors.Length > 0)
        {
            foreach (var error in errors)
            {
                WriteVerbose(error.ToString());
            }

            ThrowRspError(ToolforgeErrors.ValidationFailed(target, errors));
        }

        if (!edit.HasChanges)
        {
            WriteVerbose($"{target}: nothing to change.");
            return false;
        }

        var diff = edit.Diff.TrimEnd('\n');
        WriteVerbose(diff);
        var description = $"Edit {ToolforgeNames.DataKey} of {target}{System.Environment.NewLine}{diff}";
        return ShouldProcess(description, $"Write this change to {target}?", "Set-ToolforgeImageConfig");
    }

    private void Finish(ToolforgeImageConfig written)
    {
        if (PassThru)
        {
            WriteObject(written);
        }
    }
}
