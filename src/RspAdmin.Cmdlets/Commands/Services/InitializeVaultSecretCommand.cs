using System.Collections;
using System.Management.Automation;
using System.Security;
using RspAdmin.Core;
using RspAdmin.Core.Vault;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>
/// Adds the keys a Vault secret lacks (random values for keys that may be random, given values for the others),
/// never overwriting an existing key; creates the secret with <c>cas: 0</c> when it does not exist.
/// </summary>
[Cmdlet(VerbsData.Initialize, "VaultSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VaultKeysAdded))]
public sealed class InitializeVaultSecretCommand : VaultCmdlet
{
    /// <summary>The secret's path under the mount.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    /// <summary>Keys whose value may be random (64 hex characters, as Phalanx generates a password).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? RandomKey { get; set; }

    /// <summary>Keys with given values (SecureString or string values).</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Value { get; set; }

    protected override void ProcessRecord()
    {
        var candidates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Value ?? [])
        {
            var key = entry.Key?.ToString();
            var value = entry.Value is PSObject p ? p.BaseObject : entry.Value;
            if (string.IsNullOrEmpty(key) || value is null)
            {
                ThrowRspError(new RspException("Vault.InvalidValue", ErrorKind.InvalidArgument, "Every -Value entry needs a key and a value.", nameof(Value)));
            }

            candidates[key!] = value is SecureString s ? Plain(s)! : value!.ToString()!;
        }

        foreach (var key in RandomKey ?? [])
        {
            if (!candidates.ContainsKey(key))
            {
                candidates[key] = VaultClient.RandomPassword();
            }
        }

        if (candidates.Count == 0)
        {
            ThrowRspError(new RspException("Vault.NoKeys", ErrorKind.InvalidArgument, "Give the keys to add with -RandomKey or -Value.", Path));
        }

        using var client = Connect();
        var info = Call((_, t) => client.GetInfoAsync(Path, t), Path);
        var missing = candidates.Keys.Where(k => info.State != VaultSecretState.Present || !info.Keys.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (info.State == VaultSecretState.Deleted)
        {
            ThrowRspError(new RspException("Vault.SecretDeleted", ErrorKind.Conflict, $"The latest version of {Mount}/{Path} is soft-deleted; undelete it first. Nothing was written.", Path));
        }

        if (missing.Count == 0)
        {
            WriteObject(new VaultKeysAdded(Path, [], candidates.Keys.Order(StringComparer.Ordinal).ToList(), info.Version, "none"));
            return;
        }

        var action = info.State == VaultSecretState.Absent ? $"Create with keys {string.Join(", ", missing)}" : $"Add keys {string.Join(", ", missing)}";
        if (!ShouldProcess($"Vault secret {Mount}/{Path}", action))
        {
            return;
        }

        WriteObject(Call((_, t) => client.AddMissingKeysAsync(Path, candidates, t), Path));
    }
}
