namespace RspAdmin.Core.Config;

/// <summary>Why a lab image configuration could not be read. Each maps to a stable error ID <c>Config.{Reason}</c>.</summary>
public enum LabImageConfigErrorReason
{
    /// <summary>A file or directory does not exist.</summary>
    FileNotFound,

    /// <summary>A file could not be read (permissions, I/O error).</summary>
    FileUnreadable,

    /// <summary>The file is not well-formed YAML.</summary>
    MalformedYaml,

    /// <summary>A key the configuration does not define (Nublado rejects extra keys).</summary>
    UnknownKey,

    /// <summary>A required key is missing.</summary>
    MissingKey,

    /// <summary>A value has the wrong type or is out of range.</summary>
    InvalidValue,

    /// <summary>The Phalanx checkout has no nublado values for the environment.</summary>
    EnvironmentNotFound,
}
