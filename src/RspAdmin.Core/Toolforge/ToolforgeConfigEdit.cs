using System.Text;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Toolforge;

/// <summary>
/// An edit of catalog text: one entry changed through the surgical YAML editor (comments and
/// formatting kept), or the whole text replaced; with the unified diff a preview shows.
/// </summary>
public sealed class ToolforgeConfigEdit
{
    private readonly EditableYamlDocument? _document;
    private readonly string _original;
    private readonly string _source;
    private string _replacement;

    private ToolforgeConfigEdit(EditableYamlDocument? document, string original, string source)
    {
        _document = document;
        _original = original;
        _source = source;
        _replacement = original;
    }

    /// <summary>Starts an edit of a catalog file.</summary>
    /// <exception cref="RspException"><c>Toolforge.FileNotFound</c>, <c>Yaml.*</c>.</exception>
    public static ToolforgeConfigEdit LoadFile(string path)
    {
        var text = ToolforgeImageConfigParser.ReadText(path);
        RequireBareCatalog(text, path);
        var document = EditableYamlDocument.Load(path);
        return new ToolforgeConfigEdit(document, document.OriginalText, path);
    }

    /// <summary>Starts an edit of catalog text (empty text starts a new catalog).</summary>
    public static ToolforgeConfigEdit Parse(string text, string source)
    {
        if (text.Trim().Length > 0)
        {
            RequireBareCatalog(text, source);
        }

        return new ToolforgeConfigEdit(EditableYamlDocument.Parse(text, source), text, source);
    }

    /// <summary>An edit that replaces <paramref name="original"/> with <paramref name="replacement"/>.</summary>
    public static ToolforgeConfigEdit Replace(string original, string source, string replacement)
    {
        var edit = new ToolforgeConfigEdit(null, original, source) { _replacement = replacement };
        return edit;
    }

    /// <summary>The text after the edit.</summary>
    public string Text => _document?.Text ?? _replacement;

    /// <summary>True when the text changed.</summary>
    public bool HasChanges => !string.Equals(_original, Text, StringComparison.Ordinal);

    /// <summary>The unified diff of <c>images-v1.yaml</c>; empty when nothing changed.</summary>
    public string Diff => UnifiedDiff.Create(_original, Text, "a/" + ToolforgeNames.DataKey, "b/" + ToolforgeNames.DataKey);

    /// <summary>Sets the entry's image and state, adds and removes aliases; creates the entry when it is new.</summary>
    /// <exception cref="RspException"><c>Yaml.*</c> when the entry's shape does not allow the edit.</exception>
    public ToolforgeConfigEdit SetEntry(string name, string? image, string? state, IEnumerable<string>? addAliases, IEnumerable<string>? removeAliases)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_document is null)
        {
            throw new InvalidOperationException("A replacement edit has no entries to set.");
        }

        if (image is not null)
        {
            _document.SetString(new YamlPath(name, "image"), image);
        }

        if (state is not null)
        {
            _document.SetString(new YamlPath(name, "state"), state);
        }

        foreach (var alias in addAliases ?? [])
        {
            _document.EnsureSequenceItem(new YamlPath(name, "aliases"), alias);
        }

        foreach (var alias in removeAliases ?? [])
        {
            _document.RemoveSequenceItem(new YamlPath(name, "aliases"), alias);
        }

        return this;
    }

    /// <summary>Writes the edit over the file atomically, unless the file changed since it was read.</summary>
    /// <exception cref="RspException"><c>Yaml.ChangedOnDisk</c>, <c>Yaml.WriteFailed</c>.</exception>
    public void SaveFile(string path)
    {
        if (!HasChanges)
        {
            return;
        }

        if (_document?.FilePath is not null)
        {
            _document.Save();
            return;
        }

        var current = ToolforgeImageConfigParser.ReadText(path);
        if (!string.Equals(current, _original, StringComparison.Ordinal))
        {
            throw ToolforgeErrors.ConfigChanged(path, "as read", "changed on disk");
        }

        AtomicFileWriter.Replace(path, Encoding.UTF8.GetBytes(Text), AtomicFileWriter.Hash(File.ReadAllBytes(path)));
    }

    private static void RequireBareCatalog(string text, string source)
    {
        var config = ToolforgeImageConfigParser.Parse(text, source, []);
        if (config.DataKey is not null || config.Generation == 1)
        {
            throw new RspException("Toolforge.EditUnsupported", ErrorKind.Unsupported,
                $"{source} is a ConfigMap manifest or the pre-2022 list; only an images-v1.yaml mapping is edited entry by entry.",
                source, "Edit the images-v1.yaml text itself, or publish a whole file.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => _source;
}
