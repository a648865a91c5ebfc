namespace RspAdmin.Core.Yaml;

/// <summary>
/// Why the YAML editor refused to read, edit or save a file. Each value maps to a stable error
/// identifier (<see cref="RspException.ErrorId"/>, e.g. <c>Yaml.DuplicateKey</c>).
/// </summary>
public enum YamlEditReason
{
    /// <summary>The file cannot be read.</summary>
    Unreadable,

    /// <summary>The text is not well-formed YAML (or not UTF-8).</summary>
    Malformed,

    /// <summary>A mapping holds the same key twice; which one wins is undefined, so nothing is edited.</summary>
    DuplicateKey,

    /// <summary>An anchor, alias or merge key lies on the edited path; an edit there could change other places.</summary>
    AliasOnPath,

    /// <summary>The path runs through a node that is not a mapping.</summary>
    NotAMapping,

    /// <summary>The node at the path is not a sequence.</summary>
    NotASequence,

    /// <summary>The node at the path is not a scalar.</summary>
    NotAScalar,

    /// <summary>The file holds more than one YAML document, so a path is ambiguous.</summary>
    MultipleDocuments,

    /// <summary>The node at the path does not exist.</summary>
    NotFound,

    /// <summary>The scalar at the path does not hold a JSON document.</summary>
    NotJson,

    /// <summary>The file changed on disk since it was read.</summary>
    ChangedOnDisk,

    /// <summary>The file could not be written; the original is left as it was.</summary>
    WriteFailed,

    /// <summary>The edit needs a layout the editor does not rewrite (explicit tags, complex keys and the like).</summary>
    Unsupported,

    /// <summary>The edited text did not read back as intended; nothing was changed.</summary>
    VerificationFailed,
}
