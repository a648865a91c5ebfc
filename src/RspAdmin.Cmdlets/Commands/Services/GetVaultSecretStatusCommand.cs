using System.Management.Automation;
using RspAdmin.Core.Vault;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>One expected key of a Vault secret: Present, Empty, Absent or Deleted, and the secret's version. Never a value.</summary>
/// <remarks>State is a string (Present, Empty, Absent, Deleted) so the object exports to JSON and CSV by name.</remarks>
public sealed record VaultKeyStatus(string Path, string? Key, string State, int Version);

/// <summary>Gets the state of a Vault KV v2 secret's keys without reading any value out.</summary>
[Cmdlet(VerbsCommon.Get, "VaultSecretStatus")]
[OutputType(typeof(VaultKeyStatus))]
public sealed class GetVaultSecretStatusCommand : VaultCmdlet
{
    /// <summary>The secret's path under the mount (<c>phalanx/idfdev/nublado</c>).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = null!;

    /// <summary>The keys expected; when omitted, the keys the secret has.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[]? Key { get; set; }

    protected override void ProcessRecord()
    {
        using var client = Connect();
        foreach (var path in Path)
        {
            if (TryCall((_, t) => client.GetInfoAsync(path, t), path) is not { } info)
            {
                continue;
            }

            var keys = Key ?? (info.Keys.Count > 0 ? info.Keys.ToArray() : null);
            if (keys is null)
            {
                WriteObject(new VaultKeyStatus(path, null, (info.State == VaultSecretState.Deleted ? VaultKeyState.Deleted : VaultKeyState.Absent).ToString(), info.Version));
                continue;
            }

            foreach (var key in keys)
            {
                WriteObject(new VaultKeyStatus(path, key, info.KeyState(key).ToString(), info.Version));
            }
        }
    }
}
