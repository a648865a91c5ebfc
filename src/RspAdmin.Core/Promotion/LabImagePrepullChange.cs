using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Promotion;

/// <summary>
/// The planned edit of one values file that keeps the recommended image's tag prepulled: what was decided and
/// why, the tags or images added and removed, and the unified diff. <see cref="Save"/> writes it (atomically,
/// refusing when the file changed on disk since it was read).
/// </summary>
public sealed class LabImagePrepullChange
{
    private readonly EditableYamlDocument _document;
    private readonly bool _hasChanges;
    private readonly LabImagePrepullApplication _application;
    private readonly LabImagePrepullOutcome _outcome;

    internal LabImagePrepullChange(
        LabImagePrepullApplication application,
        string environment,
        string relativePath,
        EditableYamlDocument document,
        string tag,
        LabImagePrepullOutcome outcome,
        string reason,
        IReadOnlyList<string> added,
        IReadOnlyList<string> removed)
    {
        _application = application;
        Environment = environment;
        RelativePath = relativePath;
        _document = document;
        Tag = tag;
        _outcome = outcome;
        Reason = reason;
        Added = Text.List(added);
        Removed = Text.List(removed);
        _hasChanges = document.HasChanges;
        Diff = UnifiedDiff.Create(document.OriginalText, document.Text, "a/" + relativePath, "b/" + relativePath);
    }

    /// <summary>
    /// Nublado (pins) or Cachemachine (SimpleRepoMan), by name, as ConvertTo-Json and Export-Csv write it;
    /// <see cref="GetApplication"/> gives the enumeration value.
    /// </summary>
    public string Application => _application.ToString();

    /// <summary>The application as an enumeration value (for code; <see cref="Application"/> is its name).</summary>
    public LabImagePrepullApplication GetApplication() => _application;

    /// <summary>The Phalanx environment.</summary>
    public string Environment { get; }

    /// <summary>The values file, relative to the Phalanx root with <c>/</c> separators.</summary>
    public string RelativePath { get; }

    /// <summary>The values file's full path.</summary>
    public string Path => _document.FilePath!;

    /// <summary>The tag kept prepulled.</summary>
    public string Tag { get; }

    /// <summary>
    /// What was decided, by name (Pinned, AlreadyPinned, ...), as ConvertTo-Json and Export-Csv write it;
    /// <see cref="GetOutcome"/> gives the enumeration value.
    /// </summary>
    public string Outcome => _outcome.ToString();

    /// <summary>What was decided, as an enumeration value (for code; <see cref="Outcome"/> is its name).</summary>
    public LabImagePrepullOutcome GetOutcome() => _outcome;

    /// <summary>Why, in a sentence for the operator.</summary>
    public string Reason { get; }

    /// <summary>Pinned tags, or SimpleRepoMan image URLs, that the edit adds.</summary>
    public IReadOnlyList<string> Added { get; }

    /// <summary>Pinned tags, or SimpleRepoMan image URLs, that the edit removes (replaced, or pruned).</summary>
    public IReadOnlyList<string> Removed { get; }

    /// <summary>The unified diff of the edit (<c>a/</c> and <c>b/</c> the relative path); empty when nothing changes.</summary>
    public string Diff { get; }

    /// <summary>True when the edit changes the file: planned, and still true once <see cref="Saved"/>.</summary>
    public bool HasChanges => _hasChanges;

    /// <summary>True once <see cref="Save"/> wrote the file.</summary>
    public bool Saved { get; private set; }

    /// <summary>The Argo CD application to sync once the change is merged.</summary>
    public string ArgoCdApplication => _application == LabImagePrepullApplication.Nublado ? "nublado" : "cachemachine";

    /// <summary>
    /// Writes the edited file atomically (a temporary file in the same directory, then a rename). Returns false
    /// when there is nothing to write.
    /// </summary>
    /// <exception cref="YamlEditException"><c>Yaml.ChangedOnDisk</c> when the file changed since it was read; <c>Yaml.WriteFailed</c>.</exception>
    public bool Save()
    {
        if (!_hasChanges || Saved)
        {
            return false;
        }

        Saved = _document.Save();
        return Saved;
    }

    public override string ToString() => $"{RelativePath}: {Outcome} ({Tag})";
}
