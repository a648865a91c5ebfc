namespace RspAdmin.Core.Vault;

/// <summary>What a KV v2 secret is: never written, its latest version soft-deleted, or present.</summary>
public enum VaultSecretState
{
    /// <summary>Never written (or destroyed with its metadata).</summary>
    Absent,

    /// <summary>The latest version is soft-deleted (undelete can bring it back).</summary>
    Deleted,

    /// <summary>The latest version is readable.</summary>
    Present,
}

/// <summary>What one expected key of a secret is.</summary>
public enum VaultKeyState
{
    /// <summary>The key has a non-empty value.</summary>
    Present,

    /// <summary>The key exists with an empty value.</summary>
    Empty,

    /// <summary>The secret exists without this key, or the secret is absent.</summary>
    Absent,

    /// <summary>The secret's latest version is soft-deleted.</summary>
    Deleted,
}

/// <summary>A secret's state without its values: which keys it has, which are empty, its version.</summary>
public sealed record VaultSecretInfo
{
    /// <summary>The path under the mount (<c>phalanx/idfdev/nublado</c>).</summary>
    public required string Path { get; init; }

    public required VaultSecretState State { get; init; }

    /// <summary>The current version (0 when absent).</summary>
    public int Version { get; init; }

    /// <summary>The keys of the latest version (empty unless present).</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>The keys whose value is empty.</summary>
    public IReadOnlyList<string> EmptyKeys { get; init; } = [];

    /// <summary>The state of one key.</summary>
    public VaultKeyState KeyState(string key) => State switch
    {
        VaultSecretState.Deleted => VaultKeyState.Deleted,
        VaultSecretState.Absent => VaultKeyState.Absent,
        _ when EmptyKeys.Contains(key) => VaultKeyState.Empty,
        _ when Keys.Contains(key) => VaultKeyState.Present,
        _ => VaultKeyState.Absent,
    };
}

/// <summary>
/// Secret values read on purpose (<see cref="VaultClient.ReadSecretValuesAsync"/>). <see cref="ToString"/> names the keys only;
/// the values are reached through <see cref="Reveal"/>, whose name says what it does.
/// </summary>
public sealed class VaultSecretValues(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyCollection<string> Keys => values.Keys.ToList();

    /// <summary>The value of <paramref name="key"/>: a secret; never log or print it.</summary>
    public string Reveal(string key) => values[key];

    public override string ToString() => $"{values.Count} key(s): {string.Join(", ", values.Keys.Order(StringComparer.Ordinal))} (values hidden)";
}

/// <summary>What adding missing keys did.</summary>
public sealed record VaultKeysAdded(string Path, IReadOnlyList<string> Added, IReadOnlyList<string> Kept, int Version, string Method);
