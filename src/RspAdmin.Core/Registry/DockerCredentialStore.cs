using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace RspAdmin.Core.Registry;

/// <summary>
/// Reads registry credentials the way the Docker CLI does, from <c>$DOCKER_CONFIG/config.json</c> or
/// <c>~/.docker/config.json</c> (or an explicit file):
/// <list type="number">
/// <item>a credential helper named for the host in <c>credHelpers</c>, else the default <c>credsStore</c>, is
/// authoritative: <c>docker-credential-&lt;name&gt; get</c> runs with the server address on standard input
/// (bounded by a time-out) and its answer is used; "not found" means anonymous;</item>
/// <item>otherwise the <c>auths</c> entry for the host: <c>auth</c> (base64 <c>user:password</c>) or
/// <c>username</c>/<c>password</c>.</item>
/// </list>
/// Entries are matched on the exact key first, then on the key reduced to its host name (scheme and path
/// dropped, e.g. <c>https://registry.example.com/v2/</c> matches <c>registry.example.com</c>); Docker Hub's
/// <c>docker.io</c>, <c>index.docker.io</c> and <c>registry-1.docker.io</c> are one registry.
/// </summary>
internal sealed class DockerCredentialStore
{
    private const string HelperPrefix = "docker-credential-";
    private const string DockerHubKey = "https://index.docker.io/v1/";
    private static readonly string[] DockerHubHosts = ["docker.io", "index.docker.io", "registry-1.docker.io"];

    private readonly string _configPath;
    private readonly TimeSpan _helperTimeout;

    /// <summary>Creates a store over <paramref name="configPath"/> (null: the default location).</summary>
    public DockerCredentialStore(string? configPath, TimeSpan helperTimeout)
    {
        _configPath = string.IsNullOrEmpty(configPath) ? DefaultConfigPath() : configPath;
        _helperTimeout = helperTimeout;
    }

    /// <summary>The configuration file in use.</summary>
    public string ConfigPath => _configPath;

    /// <summary><c>$DOCKER_CONFIG/config.json</c> when the variable is set, else <c>~/.docker/config.json</c>.</summary>
    public static string DefaultConfigPath()
    {
        var directory = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(directory))
        {
            directory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }

        return Path.Combine(directory, "config.json");
    }

    /// <summary>Reduces a configuration key to a host name: drops <c>http(s)://</c> and anything from the first <c>/</c>.</summary>
    public static string NormalizeKey(string key)
    {
        var text = key.Trim();
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            text = text["http://".Length..];
        }
        else if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            text = text["https://".Length..];
        }

        var slash = text.IndexOf('/');
        return slash < 0 ? text : text[..slash];
    }

    /// <summary>
    /// The credentials for <paramref name="registry"/> (<c>host[:port]</c>), or null for anonymous access.
    /// </summary>
    /// <exception cref="RegistryException"><see cref="RegistryErrorKind.CredentialStoreFailed"/> when the file or the helper fails.</exception>
    public async Task<NetworkCredential?> GetAsync(string registry, CancellationToken cancellationToken)
    {
        if (!File.Exists(_configPath))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            var bytes = await File.ReadAllBytesAsync(_configPath, cancellationToken).ConfigureAwait(false);
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            // The parser's message quotes the file, which holds secrets: it is not passed on.
            throw Failure(registry, $"the Docker configuration {_configPath} is not valid JSON.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(registry, $"the Docker configuration {_configPath} cannot be read ({ex.GetType().Name}).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Failure(registry, $"the Docker configuration {_configPath} is not a JSON object.");
            }

            var helper = FindHelper(root, registry, out var helperKey);
            if (helper is not null)
            {
                return await RunHelperAsync(helper, helperKey ?? ServerAddress(registry), registry, cancellationToken).ConfigureAwait(false);
            }

            if (root.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object
                && FindEntry(auths, registry) is { } entry)
            {
                return ReadAuthEntry(entry, registry);
            }

            return null;
        }
    }

    private static string? FindHelper(JsonElement root, string registry, out string? key)
    {
        key = null;
        if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object
            && FindProperty(helpers, registry) is { } match
            && match.Value.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(match.Value.GetString()))
        {
            key = match.Name;
            return match.Value.GetString();
        }

        if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String
            && !string.IsNullOrEmpty(store.GetString()))
        {
            return store.GetString();
        }

        return null;
    }

    private static JsonElement? FindEntry(JsonElement auths, string registry) =>
        FindProperty(auths, registry) is { } match && match.Value.ValueKind == JsonValueKind.Object ? match.Value : null;

    private static JsonProperty? FindProperty(JsonElement container, string registry)
    {
        foreach (var property in container.EnumerateObject())
        {
            if (string.Equals(property.Name, registry, StringComparison.OrdinalIgnoreCase))
            {
                return property;
            }
        }

        foreach (var property in container.EnumerateObject())
        {
            if (SameHost(NormalizeKey(property.Name), registry))
            {
                return property;
            }
        }

        return null;
    }

    private static bool SameHost(string a, string b) =>
        string.Equals(a, b, StringComparison.OrdinalIgnoreCase)
        || (DockerHubHosts.Contains(a, StringComparer.OrdinalIgnoreCase) && DockerHubHosts.Contains(b, StringComparer.OrdinalIgnoreCase));

    private static string ServerAddress(string registry) =>
        DockerHubHosts.Contains(registry, StringComparer.OrdinalIgnoreCase) ? DockerHubKey : registry;

    private NetworkCredential? ReadAuthEntry(JsonElement entry, string registry)
    {
        if (entry.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(auth.GetString()))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.GetString()!));
            }
            catch (FormatException ex)
            {
                throw Failure(registry, $"the 'auth' entry for {registry} in {_configPath} is not base64.", ex);
            }

            var colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                throw Failure(registry, $"the 'auth' entry for {registry} in {_configPath} is not user:password.");
            }

            return new NetworkCredential(decoded[..colon], decoded[(colon + 1)..]);
        }

        var username = entry.TryGetProperty("username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        var password = entry.TryGetProperty("password", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        if (!string.IsNullOrEmpty(username))
        {
            return new NetworkCredential(username, password ?? string.Empty);
        }

        if (entry.TryGetProperty("identitytoken", out var identity) && identity.ValueKind == JsonValueKind.String)
        {
            throw new RegistryException(
                RegistryErrorKind.Unsupported,
                registry,
                $"the entry for {registry} in {_configPath} holds an identity token, which this client does not use; log in with a user name and password.");
        }

        return null;
    }

    private async Task<NetworkCredential?> RunHelperAsync(string helper, string serverAddress, string registry, CancellationToken cancellationToken)
    {
        var program = HelperPrefix + helper;
        var path = FindOnPath(program)
            ?? throw Failure(registry, $"the credential helper {program} named in {_configPath} is not on PATH.");

        var start = new ProcessStartInfo(path, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw Failure(registry, $"the credential helper {program} could not be started.", ex);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_helperTimeout);
        string output;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.StandardInput.WriteAsync(serverAddress.AsMemory(), timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The helper exited (or closed its input) without reading it; its exit code tells the rest.
            }

            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                if ((output + errors).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                // The helper's own output is not quoted: it could echo secrets.
                throw Failure(registry, $"the credential helper {program} failed with exit code {process.ExitCode}.");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            KillQuietly(process);
            throw Failure(registry, $"the credential helper {program} did not answer within {_helperTimeout.TotalSeconds:0.#} s.");
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            throw;
        }
        catch (IOException ex)
        {
            KillQuietly(process);
            throw Failure(registry, $"the credential helper {program} closed its streams early.", ex);
        }

        try
        {
            using var answer = JsonDocument.Parse(output);
            var root = answer.RootElement;
            var username = root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (string.IsNullOrEmpty(username) && string.IsNullOrEmpty(secret))
            {
                return null;
            }

            if (username == "<token>")
            {
                throw new RegistryException(
                    RegistryErrorKind.Unsupported,
                    registry,
                    $"the credential helper {program} returned an identity token, which this client does not use.");
            }

            return new NetworkCredential(username ?? string.Empty, secret ?? string.Empty);
        }
        catch (JsonException)
        {
            // Neither the output nor the parser's message (which quotes it) is passed on: it could hold a secret.
            throw Failure(registry, $"the credential helper {program} printed something that is not JSON.");
        }
    }

    private static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in OperatingSystem.IsWindows()
                         ? new[] { program + ".exe", program + ".cmd", program + ".bat" }
                         : new[] { program })
            {
                var full = Path.Combine(directory, candidate);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }

        return null;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static RegistryException Failure(string registry, string message, Exception? inner = null) =>
        new(RegistryErrorKind.CredentialStoreFailed, registry, message, innerException: inner);
}
