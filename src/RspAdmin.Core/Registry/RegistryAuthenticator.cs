using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RspAdmin.Core.Registry;

/// <summary>
/// Answers a registry's 401 challenges and caches what it got.
/// <para>The rule for where secrets go:</para>
/// <list type="bullet">
/// <item>Credentials belong to the one registry the client was built for. They are never sent before that
/// registry asks for them with a 401, and challenges from any other origin (another host, scheme or port)
/// are never answered.</item>
/// <item>A <c>Basic</c> challenge is answered to the registry itself.</item>
/// <item>A <c>Bearer</c> challenge names a token realm. The credentials go to that realm even when it is on
/// another host, because the registry the credentials belong to delegated authentication there (Docker Hub's
/// registry sends clients to a separate token host) — but only over HTTPS, or plain HTTP on loopback or with
/// <c>AllowInsecure</c>; a plain-HTTP realm elsewhere is refused. Redirects from the realm are not followed.
/// Without credentials the token is requested anonymously.</item>
/// <item>Tokens are cached per (registry, scope) until <c>expires_in</c> (60 s when absent) and are sent only to
/// the registry's own origin.</item>
/// </list>
/// </summary>
internal sealed class RegistryAuthenticator : IDisposable
{
    private const int DefaultTokenLifetimeSeconds = 60;

    private readonly RegistryEndpoint _endpoint;
    private readonly RegistryClientOptions _options;
    private readonly RegistryTransport _transport;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _cacheLock = new();
    private readonly Dictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private AuthenticationHeaderValue? _basic;
    private bool _credentialsResolved;
    private NetworkCredential? _credential;

    public RegistryAuthenticator(RegistryEndpoint endpoint, RegistryClientOptions options, RegistryTransport transport)
    {
        _endpoint = endpoint;
        _options = options;
        _transport = transport;
    }

    /// <summary>True once credentials have been looked up and found.</summary>
    public bool HasCredentials => _credential is not null;

    /// <summary>The Authorization header to send to the registry for <paramref name="scope"/>, or null.</summary>
    public AuthenticationHeaderValue? GetCached(string scope)
    {
        lock (_cacheLock)
        {
            if (_tokens.TryGetValue(CacheKey(scope), out var token))
            {
                if (token.Expires > _options.TimeProvider.GetUtcNow())
                {
                    return token.Header;
                }

                _tokens.Remove(CacheKey(scope));
            }

            return _basic;
        }
    }

    /// <summary>
    /// Answers the challenge of a 401 response to a request for <paramref name="scope"/> that carried
    /// <paramref name="failed"/> (null when it was anonymous), and returns the header to retry with.
    /// </summary>
    public async Task<AuthenticationHeaderValue> AuthenticateAsync(
        HttpResponseMessage unauthorized, string scope, AuthenticationHeaderValue? failed, string request, CancellationToken cancellationToken)
    {
        var values = unauthorized.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var raw) ? raw.ToArray() : [];
        var challenge = AuthenticationChallenge.Select(values)
            ?? throw new RegistryException(
                RegistryErrorKind.MalformedResponse, _endpoint.Registry, "answered 401 without a WWW-Authenticate challenge.", request, HttpStatusCode.Unauthorized);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have authenticated while this one waited.
            var current = GetCached(scope);
            if (current is not null && !SameHeader(current, failed))
            {
                return current;
            }

            Forget(scope, failed);
            var credential = await ResolveCredentialAsync(cancellationToken).ConfigureAwait(false);
            if (challenge.IsBasic)
            {
                if (credential is null)
                {
                    throw Rejected(request, anonymous: true);
                }

                if (failed is not null && failed.Scheme == "Basic")
                {
                    throw Rejected(request, anonymous: false);
                }

                var basic = BasicHeader(credential);
                lock (_cacheLock)
                {
                    _basic = basic;
                }

                return basic;
            }

            if (challenge.IsBearer)
            {
                return await FetchTokenAsync(challenge, scope, credential, request, cancellationToken).ConfigureAwait(false);
            }

            throw new RegistryException(
                RegistryErrorKind.Unsupported,
                _endpoint.Registry,
                $"asks for the '{challenge.Scheme}' authentication scheme; only Basic and Bearer are supported.",
                request,
                HttpStatusCode.Unauthorized);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The error for a request still refused after authenticating.</summary>
    public RegistryException Rejected(string request, bool anonymous) =>
        anonymous
            ? new RegistryException(
                RegistryErrorKind.AuthenticationRequired,
                _endpoint.Registry,
                "requires authentication and no credentials were given (explicitly or in the Docker configuration).",
                request,
                HttpStatusCode.Unauthorized)
            : new RegistryException(
                RegistryErrorKind.CredentialsRejected,
                _endpoint.Registry,
                "refused the credentials.",
                request,
                HttpStatusCode.Unauthorized);

    public void Dispose() => _gate.Dispose();

    private async Task<AuthenticationHeaderValue> FetchTokenAsync(
        AuthenticationChallenge challenge, string scope, NetworkCredential? credential, string request, CancellationToken cancellationToken)
    {
        var realmText = challenge["realm"];
        if (string.IsNullOrEmpty(realmText) || !Uri.TryCreate(realmText, UriKind.Absolute, out var realm)
            || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new RegistryException(
                RegistryErrorKind.MalformedResponse, _endpoint.Registry, "sent a Bearer challenge without an absolute http(s) realm.", request, HttpStatusCode.Unauthorized);
        }

        if (!RegistryEndpoint.IsAcceptableTransport(realm, _options.AllowInsecure))
        {
            throw new RegistryException(
                RegistryErrorKind.InsecureRegistryRefused,
                _endpoint.Registry,
                $"names the token service {RegistryTransport.SafeUrl(realm)} over plain HTTP; set AllowInsecure to use it.",
                request,
                HttpStatusCode.Unauthorized);
        }

        var query = new StringBuilder(realm.Query.TrimStart('?'));
        void Add(string name, string value)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }

            query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        if (challenge["service"] is { Length: > 0 } service)
        {
            Add("service", service);
        }

        foreach (var item in (challenge["scope"] ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Add("scope", item);
        }

        var tokenUri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        var description = RegistryTransport.Describe(HttpMethod.Get, tokenUri);
        var basic = credential is null ? null : BasicHeader(credential);
        using var response = await _transport.SendAsync(
            () =>
            {
                var message = new HttpRequestMessage(HttpMethod.Get, tokenUri);
                message.Headers.Accept.ParseAdd("application/json");
                message.Headers.Authorization = basic;
                return message;
            },
            description,
            cancellationToken).ConfigureAwait(false);

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw credential is null
                ? new RegistryException(
                    RegistryErrorKind.AuthenticationRequired,
                    _endpoint.Registry,
                    "its token service refuses anonymous access and no credentials were given.",
                    description,
                    response.StatusCode)
                : new RegistryException(
                    RegistryErrorKind.CredentialsRejected, _endpoint.Registry, "its token service refused the credentials.", description, response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryException(
                RegistryErrorKind.UnexpectedResponse,
                _endpoint.Registry,
                $"its token service answered {(int)response.StatusCode} {response.StatusCode}.",
                description,
                response.StatusCode);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var (token, lifetime) = ReadToken(body, description);
        var header = new AuthenticationHeaderValue("Bearer", token);
        lock (_cacheLock)
        {
            _tokens[CacheKey(scope)] = new CachedToken(header, _options.TimeProvider.GetUtcNow().AddSeconds(lifetime));
        }

        return header;
    }

    private (string Token, int Lifetime) ReadToken(byte[] body, string description)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var token = root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (string.IsNullOrEmpty(token))
                {
                    token = root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                }

                var lifetime = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number
                    && e.TryGetInt32(out var seconds) && seconds > 0
                    ? seconds
                    : DefaultTokenLifetimeSeconds;
                if (!string.IsNullOrEmpty(token))
                {
                    return (token, lifetime);
                }
            }
        }
        catch (JsonException)
        {
            // reported below, without the parser's message: it would quote the body, which holds a token
        }

        throw new RegistryException(
            RegistryErrorKind.MalformedResponse, _endpoint.Registry, "its token service answered without a token.", description);
    }

    private async Task<NetworkCredential?> ResolveCredentialAsync(CancellationToken cancellationToken)
    {
        if (_credentialsResolved)
        {
            return _credential;
        }

        if (_options.Credential is not null)
        {
            _credential = _options.Credential;
        }
        else if (_options.UseDockerConfig)
        {
            var store = new DockerCredentialStore(_options.DockerConfigPath, _options.CredentialHelperTimeout);
            _credential = await store.GetAsync(_endpoint.Registry, cancellationToken).ConfigureAwait(false);
        }

        _credentialsResolved = true;
        return _credential;
    }

    private void Forget(string scope, AuthenticationHeaderValue? failed)
    {
        if (failed is null || failed.Scheme != "Bearer")
        {
            return;
        }

        lock (_cacheLock)
        {
            if (_tokens.TryGetValue(CacheKey(scope), out var token) && SameHeader(token.Header, failed))
            {
                _tokens.Remove(CacheKey(scope));
            }
        }
    }

    private string CacheKey(string scope) => _endpoint.Registry + "|" + scope;

    private static bool SameHeader(AuthenticationHeaderValue? a, AuthenticationHeaderValue? b) =>
        a is not null && b is not null && a.Scheme == b.Scheme && a.Parameter == b.Parameter;

    private static AuthenticationHeaderValue BasicHeader(NetworkCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.UserName + ":" + credential.Password)));

    private sealed record CachedToken(AuthenticationHeaderValue Header, DateTimeOffset Expires);
}
