using System.Text.Json;
using System.Text.Json.Serialization;

namespace RspAdmin.Core.Migration;

/// <summary>What the journal keeps of one step: non-secret facts to resume or undo it.</summary>
public sealed class MigrationJournalEntry
{
    /// <summary>The step id.</summary>
    public required string Id { get; init; }

    /// <summary>When the step last started.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When it last finished; null while it runs (or when a run was interrupted inside it).</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>How it last ended (a <see cref="MigrationStepOutcome"/> name), null while it runs.</summary>
    public string? Outcome { get; set; }

    /// <summary>The commit a repo step made.</summary>
    public string? Commit { get; set; }

    /// <summary>The files a repo step changes (known before it writes them, so an interrupted step's edits are recognised).</summary>
    public List<string> Paths { get; set; } = [];

    /// <summary>Facts of live steps: operation start times, namespaces deleted with uids, flocks stopped, a Vault version.</summary>
    public Dictionary<string, string> Facts { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The journal of one environment and stage: the steps run, the commits made and the facts live
/// steps reported. It never holds a token or a secret value. Written atomically (a temporary file
/// renamed over the old one) after every change, and never inside the Phalanx checkout.
/// </summary>
public sealed class MigrationJournal
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The format version.</summary>
    public int Version { get; set; } = 1;

    /// <summary>The environment.</summary>
    public required string Environment { get; init; }

    /// <summary>The stage.</summary>
    public required MigrationStage Stage { get; init; }

    /// <summary>The checkout the stage runs on.</summary>
    public required string PhalanxPath { get; init; }

    /// <summary>The branch repo steps commit on.</summary>
    public string? Branch { get; set; }

    /// <summary>The steps, in the order they first ran.</summary>
    public List<MigrationJournalEntry> Steps { get; set; } = [];

    /// <summary>The entry of a step, or null.</summary>
    public MigrationJournalEntry? Find(string id) => Steps.Find(s => s.Id == id);

    /// <summary>The step a run was interrupted in (started, never finished), or null.</summary>
    [JsonIgnore]
    public MigrationJournalEntry? Interrupted => Steps.Find(s => s.FinishedAt is null);

    /// <summary>
    /// The default journal file: <c>$XDG_STATE_HOME/rspadmin/migration/ENV-STAGE.json</c> (or
    /// <c>~/.local/state/...</c>; the local application data folder on Windows).
    /// </summary>
    public static string DefaultPath(string environment, MigrationStage stage)
    {
        string root;
        if (OperatingSystem.IsWindows())
        {
            root = System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData);
        }
        else
        {
            var xdg = System.Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".local", "state");
        }

        return Path.Combine(root, "rspadmin", "migration", $"{environment}-{stage}.json");
    }

    /// <summary>Refuses a journal path inside the checkout (it would end up in a commit).</summary>
    /// <exception cref="RspException"><c>Migration.JournalInCheckout</c>.</exception>
    public static string CheckLocation(string journalPath, string phalanxRoot)
    {
        var full = Path.GetFullPath(journalPath);
        var root = Path.GetFullPath(phalanxRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (full.StartsWith(root, comparison))
        {
            throw new RspException("Migration.JournalInCheckout", ErrorKind.InvalidArgument,
                $"The journal {full} would be inside the Phalanx checkout {phalanxRoot}.", full,
                "Keep the journal outside the checkout (the default is the user's state directory).");
        }

        return full;
    }

    /// <summary>Reads a journal; null when the file does not exist.</summary>
    /// <exception cref="RspException"><c>Migration.JournalUnreadable</c>.</exception>
    public static MigrationJournal? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<MigrationJournal>(File.ReadAllText(path), Json)
                ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new RspException("Migration.JournalUnreadable", ErrorKind.ReadFailed, $"The journal {path} cannot be read: {e.Message}", path,
                "Move the file away to start the stage afresh (every step is probed again), or restore it.", e);
        }
    }

    /// <summary>Writes the journal atomically.</summary>
    /// <exception cref="RspException"><c>Migration.JournalWriteFailed</c>.</exception>
    public void Save(string path)
    {
        var temp = path + $".{System.Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, this, Json);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }

            throw new RspException("Migration.JournalWriteFailed", ErrorKind.WriteFailed, $"The journal {path} cannot be written: {e.Message}", path,
                "Free space or fix the permissions of the state directory, then resume.", e);
        }
    }
}
