using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Migration;

/// <summary>One file a repo step changes: edited in place (comments and layout kept) or deleted.</summary>
public sealed class RepoFileChange
{
    private readonly EditableYamlDocument? _document;

    private RepoFileChange(string relativePath, string diff, EditableYamlDocument? document)
    {
        RelativePath = relativePath;
        Diff = diff;
        _document = document;
    }

    /// <summary>The file, relative to the checkout root, with forward slashes.</summary>
    public string RelativePath { get; }

    /// <summary>True when the file is deleted.</summary>
    public bool IsDeletion => _document is null;

    /// <summary>The unified diff of the change.</summary>
    public string Diff { get; }

    internal static RepoFileChange Edited(EditableYamlDocument document) =>
        new(document.SourceName, document.GetUnifiedDiff(), document);

    internal static RepoFileChange Deleted(MigrationCheckout checkout, string relative)
    {
        var text = File.ReadAllText(checkout.Absolute(relative));
        return new RepoFileChange(relative, UnifiedDiff.Create(text, string.Empty, "a/" + relative, "/dev/null"), null);
    }

    internal void Apply(MigrationCheckout checkout)
    {
        if (_document is null)
        {
            var path = checkout.Absolute(RelativePath);
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            // Directories left empty go too (git does not keep them, and an empty chart directory is not a chart).
            var root = Path.GetFullPath(checkout.Root).TrimEnd(Path.DirectorySeparatorChar);
            for (var dir = Path.GetDirectoryName(path); dir is not null && dir.Length > root.Length && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any(); dir = Path.GetDirectoryName(dir))
            {
                Directory.Delete(dir);
            }

            return;
        }

        var target = checkout.Absolute(RelativePath);
        if (_document.FilePath is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, _document.ToBytes());
        }
        else
        {
            _document.Save();
        }
    }
}

/// <summary>The changes a repo step would make to the checkout as it is now; empty when the step is done.</summary>
public sealed class RepoChangeSet
{
    private readonly List<RepoFileChange> _files = [];
    private readonly List<string> _notes = [];

    /// <summary>The _files changed.</summary>
    public IReadOnlyList<RepoFileChange> Files => _files;

    /// <summary>What the step decided not to change and why (for instance an external database).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>True when nothing would change.</summary>
    public bool IsEmpty => _files.Count == 0;

    /// <summary>The concatenated unified diffs.</summary>
    public string Diff => string.Concat(_files.Select(f => f.Diff));

    /// <summary>The changed paths, relative to the checkout.</summary>
    public IReadOnlyList<string> Paths => _files.Select(f => f.RelativePath).ToList();

    internal void Add(EditableYamlDocument document)
    {
        if (document.HasChanges)
        {
            _files.RemoveAll(f => f.RelativePath == document.SourceName);
            _files.Add(RepoFileChange.Edited(document));
        }
    }

    internal void AddFile(RepoFileChange change)
    {
        _files.RemoveAll(f => f.RelativePath == change.RelativePath);
        _files.Add(change);
    }

    internal void Delete(MigrationCheckout checkout, string relative)
    {
        if (checkout.Exists(relative) && _files.All(f => f.RelativePath != relative))
        {
            _files.Add(RepoFileChange.Deleted(checkout, relative));
        }
    }

    internal void Note(string note) => _notes.Add(note);

    /// <summary>Writes the changes into the checkout (edits atomically; no commit).</summary>
    public void ApplyTo(MigrationCheckout checkout)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        foreach (var file in _files)
        {
            file.Apply(checkout);
        }
    }
}
