using System.Security;
using System.Text.Json;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// The service endpoints and credentials of a running sandbox (Argo CD, Vault, mobu, hubs, nublado
/// controller, PostgreSQL, the Phalanx checkout Argo CD renders), read from the file its READY line names.
/// Passwords and tokens are <see cref="SecureString"/>s so they are not shown when the object is displayed.
/// </summary>
public sealed class LabSandboxServices
{
    /// <summary>The Phalanx checkout the simulated Argo CD renders (commit there to change what it renders), or null.</summary>
    public string? PhalanxPath { get; init; }

    /// <summary>The Phalanx environment, or null.</summary>
    public string? Environment { get; init; }

    /// <summary>Argo CD's base URL (<c>http://127.0.0.1:PORT/argo-cd</c>), or null.</summary>
    public string? ArgoCdUrl { get; init; }

    /// <summary>The Argo CD user name.</summary>
    public string? ArgoCdUsername { get; init; }

    /// <summary>The Argo CD password.</summary>
    public SecureString? ArgoCdPassword { get; init; }

    /// <summary>Vault's address, or null.</summary>
    public string? VaultUrl { get; init; }

    /// <summary>A Vault token that may create, update and patch (or null).</summary>
    public SecureString? VaultWriteToken { get; init; }

    /// <summary>A Vault token that may only read and list (or null).</summary>
    public SecureString? VaultReadToken { get; init; }

    /// <summary>mobu's base URL (<c>.../mobu</c>).</summary>
    public string? MobuUrl { get; init; }

    /// <summary>The base URL the hub routes are under (<c>&lt;url&gt;/nb/hub/api/</c>).</summary>
    public string? HubUrl { get; init; }

    /// <summary>The nublado controller's base URL (<c>.../nublado</c>).</summary>
    public string? ControllerUrl { get; init; }

    /// <summary>A Gafaelfawr token mobu, the hubs and the controller accept.</summary>
    public SecureString? GafaelfawrToken { get; init; }

    /// <summary>PostgreSQL's host (127.0.0.1), or null when the scenario has none.</summary>
    public string? PostgresHost { get; init; }

    /// <summary>PostgreSQL's port.</summary>
    public int? PostgresPort { get; init; }

    /// <summary>The PostgreSQL superuser.</summary>
    public string? PostgresUsername { get; init; }

    /// <summary>The superuser's password.</summary>
    public SecureString? PostgresPassword { get; init; }

    /// <summary>The service endpoints as one line (never a credential), for views and CSV.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + value);
            }
        }

        Add("ArgoCd", ArgoCdUrl);
        Add("Vault", VaultUrl);
        Add("Mobu", MobuUrl);
        Add("Hub", HubUrl);
        Add("Controller", ControllerUrl);
        Add("Postgres", PostgresHost is null ? null : PostgresHost + (PostgresPort is { } port ? ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty));
        return string.Join("; ", parts);
    }

    /// <summary>Reads the services file; null when there is none or it cannot be read.</summary>
    public static LabSandboxServices? Read(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "none" || !File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            static JsonElement? Get(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
            static string? Str(JsonElement? e, string name) => e is { } o && Get(o, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
            var argo = Get(root, "argoCd");
            var vault = Get(root, "vault");
            var pg = Get(root, "postgres");
            var phalanx = Get(root, "phalanx");
            string? VaultToken(bool write)
            {
                if (vault is not { } v || Get(v, "tokens") is not { ValueKind: JsonValueKind.Array } tokens)
                {
                    return null;
                }

                foreach (var t in tokens.EnumerateArray())
                {
                    var caps = Get(t, "capabilities") is { ValueKind: JsonValueKind.Array } c ? c.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
                    if (write ? caps.Contains("create") && caps.Contains("update") : !caps.Contains("create") && !caps.Contains("update") && caps.Contains("read"))
                    {
                        return Str(t, "token");
                    }
                }

                return null;
            }

            var gafaelfawr = Get(root, "gafaelfawrTokens") is { ValueKind: JsonValueKind.Array } g ? g.EnumerateArray().Select(x => x.GetString()).FirstOrDefault() : null;
            return new LabSandboxServices
            {
                PhalanxPath = Str(phalanx, "path"),
                Environment = Str(phalanx, "environment"),
                ArgoCdUrl = Str(argo, "url"),
                ArgoCdUsername = Str(argo, "username"),
                ArgoCdPassword = Secure(Str(argo, "password")),
                VaultUrl = Str(vault, "url"),
                VaultWriteToken = Secure(VaultToken(true)),
                VaultReadToken = Secure(VaultToken(false)),
                MobuUrl = Str(Get(root, "mobu"), "url"),
                HubUrl = Str(Get(root, "hubs"), "url"),
                ControllerUrl = Str(Get(root, "controller"), "url"),
                GafaelfawrToken = Secure(gafaelfawr),
                PostgresHost = Str(pg, "host"),
                PostgresPort = pg is { } p && Get(p, "port") is { ValueKind: JsonValueKind.Number } port ? port.GetInt32() : null,
                PostgresUsername = Str(pg, "username"),
                PostgresPassword = Secure(Str(pg, "password")),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static SecureString? Secure(string? value) => SecretText.Secure(value);
}
