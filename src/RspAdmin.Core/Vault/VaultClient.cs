using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RspAdmin.Core.Http;

namespace RspAdmin.Core.Vault;

/// <summary>
/// Vault's KV version 2 engine through the one HTTP stack: state and metadata (absent versus soft-deleted), list,
/// create with <c>cas: 0</c>, add only missing keys (PATCH, or a <c>cas: &lt;version&gt;</c> write of the merged data
/// when PATCH is not granted), soft delete and undelete. Values leave the client only through
/// <see cref="ReadSecretValuesAsync"/>; no value or token is ever put in a log, message or error.
/// </summary>
public sealed class VaultClient : IDisposable
{
    private readonly ServiceHttpClient _http;
    private readonly Uri _root;
    private readonly string _token;

    /// <summary>Creates a client for Vault at <paramref name="address"/> with the KV v2 engine at <paramref name="mount"/>.</summary>
    public VaultClient(Uri address, string token, string mount = "secret", HttpServiceOptions? options = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(mount);
        _token = token;
        Mount = mount.Trim('/');
        _root = new Uri(address.ToString().TrimEnd('/') + "/v1/" + Mount + "/");
        _http = new ServiceHttpClient("Vault", $"Vault at {address.ToString().TrimEnd('/')}", options, handler);
    }

    /// <summary>The KV v2 mount (<c>secret</c>).</summary>
    public string Mount { get; }

    /// <summary>Splits a Phalanx <c>vaultPathPrefix</c> (<c>secret/phalanx/idfdev</c>) into mount and path, as the Phalanx tool does.</summary>
    public static (string Mount, string Path) SplitPrefix(string prefix)
    {
        var trimmed = prefix.Trim('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (trimmed, string.Empty) : (trimmed[..slash], trimmed[(slash + 1)..]);
    }

    /// <summary>The secret's state, keys and version, without its values.</summary>
    public async Task<VaultSecretInfo> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        var (status, node) = await SendAsync(HttpMethod.Get, "data/" + Clean(path), null, path, cancellationToken, allowNotFound: true).ConfigureAwait(false);
        var meta = node?["data"]?["metadata"];
        var version = meta?["version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;
        if (status == HttpStatusCode.NotFound)
        {
            var deleted = meta?["deletion_time"] is JsonValue d && d.TryGetValue<string>(out var dt) && dt.Length > 0;
            return new VaultSecretInfo { Path = path, State = deleted ? VaultSecretState.Deleted : VaultSecretState.Absent, Version = version };
        }

        var data = node?["data"]?["data"] as JsonObject ?? [];
        return new VaultSecretInfo
        {
            Path = path,
            State = VaultSecretState.Present,
            Version = version,
            Keys = data.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList(),
            EmptyKeys = data.Where(kv => kv.Value is null || (kv.Value is JsonValue jv && jv.TryGetValue<string>(out var s) && s.Length == 0)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Reads the secret's values on purpose: the only way values leave this client. Null when absent or deleted.</summary>
    public async Task<VaultSecretValues?> ReadSecretValuesAsync(string path, CancellationToken cancellationToken = default)
    {
        var (status, node) = await SendAsync(HttpMethod.Get, "data/" + Clean(path), null, path, cancellationToken, allowNotFound: true).ConfigureAwait(false);
        return status == HttpStatusCode.NotFound || node?["data"]?["data"] is not JsonObject data
            ? null
            : new VaultSecretValues(data.ToDictionary(kv => kv.Key, kv => kv.Value is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : kv.Value?.ToJsonString() ?? string.Empty, StringComparer.Ordinal));
    }

    /// <summary>The names under a folder (folders end in <c>/</c>); empty when there are none. Soft-deleted secrets are listed.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default)
    {
        var (status, node) = await SendAsync(new HttpMethod("LIST"), "metadata/" + Clean(folder), null, folder, cancellationToken, allowNotFound: true).ConfigureAwait(false);
        return status == HttpStatusCode.NotFound ? [] : (node?["data"]?["keys"] as JsonArray ?? []).Select(k => k?.GetValue<string>() ?? string.Empty).ToList();
    }

    /// <summary>Creates the secret only if it has never been written (<c>cas: 0</c>); <c>Vault.AlreadyExists</c> otherwise.</summary>
    public async Task<int> CreateAsync(string path, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["options"] = new JsonObject { ["cas"] = 0 }, ["data"] = Data(values) };
        try
        {
            var (_, node) = await SendAsync(HttpMethod.Post, "data/" + Clean(path), Json(body), path, cancellationToken).ConfigureAwait(false);
            return node?["data"]?["version"]?.GetValue<int>() ?? 1;
        }
        catch (RspException e) when (e.ErrorId == "Vault.CasMismatch")
        {
            throw new RspException("Vault.AlreadyExists", ErrorKind.Conflict, $"Secret {Mount}/{path} already exists; it was not overwritten.", path, null, e);
        }
    }

    /// <summary>
    /// Adds the keys of <paramref name="candidates"/> that the secret lacks, keeping every existing value byte for byte:
    /// creates the secret with <c>cas: 0</c> when it is absent; otherwise PATCHes only the missing keys, or, when the
    /// token may not patch, writes the merged data with <c>cas</c> set to the version just read (a concurrent change
    /// fails with <c>Vault.CasMismatch</c> and nothing is written). A soft-deleted secret is refused (<c>Vault.SecretDeleted</c>).
    /// </summary>
    public async Task<VaultKeysAdded> AddMissingKeysAsync(string path, IReadOnlyDictionary<string, string> candidates, CancellationToken cancellationToken = default)
    {
        var info = await GetInfoAsync(path, cancellationToken).ConfigureAwait(false);
        switch (info.State)
        {
            case VaultSecretState.Deleted:
                throw new RspException("Vault.SecretDeleted", ErrorKind.Conflict, $"The latest version of {Mount}/{path} is soft-deleted; undelete it (or decide to replace it) before adding keys. Nothing was written.", path);
            case VaultSecretState.Absent:
                if (candidates.Count == 0)
                {
                    return new VaultKeysAdded(path, [], [], 0, "none");
                }

                var created = await CreateAsync(path, candidates, cancellationToken).ConfigureAwait(false);
                return new VaultKeysAdded(path, candidates.Keys.Order(StringComparer.Ordinal).ToList(), [], created, "create");
        }

        var missing = candidates.Where(c => !info.Keys.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var kept = candidates.Keys.Where(info.Keys.Contains).Order(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return new VaultKeysAdded(path, [], kept, info.Version, "none");
        }

        try
        {
            var patch = new JsonObject { ["options"] = new JsonObject { ["cas"] = info.Version }, ["data"] = Data(missing) };
            var (_, node) = await SendAsync(HttpMethod.Patch, "data/" + Clean(path), Json(patch), path, cancellationToken, contentType: "application/merge-patch+json").ConfigureAwait(false);
            return new VaultKeysAdded(path, missing.Keys.Order(StringComparer.Ordinal).ToList(), kept, node?["data"]?["version"]?.GetValue<int>() ?? info.Version + 1, "patch");
        }
        catch (RspException e) when (e.ErrorId is "Vault.PermissionDenied" or "Vault.MethodNotAllowed")
        {
            // No patch capability: read, merge, write with check-and-set on the version read.
        }

        var current = await ReadSecretValuesAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new RspException("Vault.CasMismatch", ErrorKind.Conflict, $"{Mount}/{path} changed while keys were being added; nothing was written. Run again.", path);
        var merged = current.Keys.ToDictionary(k => k, current.Reveal, StringComparer.Ordinal);
        var reallyMissing = missing.Where(m => !merged.ContainsKey(m.Key)).ToList();
        foreach (var (k, v) in reallyMissing)
        {
            merged[k] = v;
        }

        var write = new JsonObject { ["options"] = new JsonObject { ["cas"] = info.Version }, ["data"] = Data(merged) };
        var (_, written) = await SendAsync(HttpMethod.Post, "data/" + Clean(path), Json(write), path, cancellationToken).ConfigureAwait(false);
        return new VaultKeysAdded(path, reallyMissing.Select(m => m.Key).Order(StringComparer.Ordinal).ToList(), kept, written?["data"]?["version"]?.GetValue<int>() ?? info.Version + 1, "cas-write");
    }

    /// <summary>Soft-deletes the latest version (undo with <see cref="UndeleteAsync"/>).</summary>
    public Task SoftDeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "data/" + Clean(path), null, path, cancellationToken);

    /// <summary>Undeletes versions of a secret.</summary>
    public Task UndeleteAsync(string path, IReadOnlyList<int> versions, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "undelete/" + Clean(path), Json(new JsonObject { ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)v).ToArray()) }), path, cancellationToken);

    /// <summary>A random value as the Phalanx tool generates a <c>password</c> (32 random bytes as 64 hex characters).</summary>
    public static string RandomPassword() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    private static JsonObject Data(IReadOnlyDictionary<string, string> values) =>
        new(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));

    private static byte[] Json(JsonObject o) => JsonSerializer.SerializeToUtf8Bytes(o);

    private static string Clean(string path)
    {
        var p = path.Trim('/');
        if (p.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new RspException("Vault.InvalidPath", ErrorKind.InvalidArgument, $"'{path}' is not a secret path (segments separated by '/', no empty, '.' or '..' segment).", path);
        }

        return string.Join('/', p.Split('/').Select(Uri.EscapeDataString));
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string relative, byte[]? body, string target, CancellationToken cancellationToken, bool allowNotFound = false, string? contentType = null)
    {
        var uri = new Uri(_root, relative);
        using var response = await _http.SendAsync(() =>
        {
            var request = ServiceHttpClient.JsonRequest(method, uri, body);
            if (contentType is not null && request.Content is not null)
            {
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            }

            request.Headers.Add("X-Vault-Token", _token);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? node = null;
        if (bytes.Length > 0)
        {
            try
            {
                node = JsonNode.Parse(bytes);
            }
            catch (JsonException e) when (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new RspException("Vault.MalformedResponse", ErrorKind.Malformed, $"{_http.Service} sent a reply that is not JSON ({method} {Mount}/{target}).", target, "Check that the address points at Vault, not at a proxy or login page.", e);
            }
            catch (JsonException)
            {
            }
        }

        if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
        {
            return (response.StatusCode, node);
        }

        var errors = node?["errors"] is JsonArray list ? string.Join("; ", list.Select(e => e?.ToString())) : null;
        throw response.StatusCode switch
        {
            HttpStatusCode.Forbidden => new RspException("Vault.PermissionDenied", ErrorKind.Forbidden, $"{_http.Service} denied {method} on {Mount}/{target} (permission denied): the token lacks the capability, or has expired.", target, "Use a token whose policy grants this path (a write token for writes)."),
            HttpStatusCode.BadRequest when errors?.Contains("check-and-set", StringComparison.OrdinalIgnoreCase) == true => new RspException("Vault.CasMismatch", ErrorKind.Conflict, $"{Mount}/{target} changed since it was read (check-and-set did not match); nothing was written.", target),
            HttpStatusCode.MethodNotAllowed or HttpStatusCode.UnsupportedMediaType => new RspException("Vault.MethodNotAllowed", ErrorKind.Unsupported, $"{_http.Service} does not allow {method} on {Mount}/{target}.", target),
            HttpStatusCode.NotFound => new RspException("Vault.NotFound", ErrorKind.NotFound, $"{Mount}/{target} does not exist in {_http.Service}.", target),
            _ => _http.StatusError(response, errors, target),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
