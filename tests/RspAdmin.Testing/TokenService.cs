using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace RspAdmin.Testing;

/// <summary>
/// A Docker registry token service on loopback: <c>GET /token?service=…&amp;scope=…</c> answers
/// <c>{"token": "&lt;JWT&gt;", "expires_in": N}</c>. The JWT is RS256 with an <c>x5c</c> header carrying a
/// self-signed certificate generated here, which the registry trusts through <c>rootcertbundle</c>. With
/// <see cref="Credential"/> set, Basic credentials are required (wrong ones get 401); anonymous callers get
/// pull-only access when <see cref="AllowAnonymousPull"/> is set and 401 otherwise.
/// </summary>
public sealed class TokenService : IDisposable
{
    private readonly RSA _key;
    private readonly X509Certificate2 _certificate;
    private readonly MiniHttpServer _server;
    private int _requestCount;

    /// <summary>Starts the service on a free loopback port.</summary>
    public TokenService(string service = "rsp-registry", string issuer = "rsp-issuer")
    {
        Service = service;
        Issuer = issuer;
        _key = RSA.Create(2048);
        var request = new CertificateRequest("CN=rsp-token-issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        _server = MiniHttpServer.Start(HandleAsync);
    }

    /// <summary>The <c>service</c> (JWT audience) the registry is configured with.</summary>
    public string Service { get; }

    /// <summary>The JWT issuer the registry is configured with.</summary>
    public string Issuer { get; }

    /// <summary>The realm URL, <c>http://127.0.0.1:port/token</c>.</summary>
    public Uri Realm => new(_server.BaseAddress, "token");

    /// <summary>Credentials callers must present (Basic); null: any caller is served.</summary>
    public NetworkCredential? Credential { get; set; }

    /// <summary>Whether an anonymous caller gets a pull-only token while <see cref="Credential"/> is set.</summary>
    public bool AllowAnonymousPull { get; set; }

    /// <summary>How long the JWT is valid for the registry (its <c>exp</c>). Default 5 minutes; may be negative.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The <c>expires_in</c> told to the client; null leaves it out. Default 300.</summary>
    public int? AdvertisedExpiresIn { get; set; } = 300;

    /// <summary>Answer with <c>access_token</c> instead of <c>token</c>.</summary>
    public bool UseAccessTokenField { get; set; }

    /// <summary>How many token requests arrived (granted or not).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>The Authorization header values of every token request, in order (null for anonymous ones).</summary>
    public IReadOnlyList<string?> AuthorizationHeaders => _authorizations.ToArray();

    private readonly System.Collections.Concurrent.ConcurrentQueue<string?> _authorizations = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _issued = new();

    /// <summary>Every token issued over HTTP, in order.</summary>
    public IReadOnlyList<string> IssuedTokens => _issued.ToArray();

    /// <summary>The signing certificate as PEM, for the registry's <c>rootcertbundle</c>.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>Mints a token directly (no HTTP) for <paramref name="repository"/> with <paramref name="actions"/>.</summary>
    public string Mint(string repository, params string[] actions) =>
        CreateJwt("test", [new AccessEntry("repository", repository, actions)]);

    /// <inheritdoc />
    public void Dispose()
    {
        _server.Dispose();
        _certificate.Dispose();
        _key.Dispose();
    }

    private Task<MiniHttpResponse> HandleAsync(MiniHttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Path != "/token" || request.Method != "GET")
        {
            return Task.FromResult(MiniHttpResponse.Text(404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}"));
        }

        Interlocked.Increment(ref _requestCount);
        var authorization = request.Header("Authorization");
        _authorizations.Enqueue(authorization);
        var subject = "anonymous";
        var anonymous = authorization is null;
        if (Credential is { } required)
        {
            if (anonymous && !AllowAnonymousPull)
            {
                return Task.FromResult(Unauthorized());
            }

            if (!anonymous)
            {
                if (!TryReadBasic(authorization!, out var user, out var password)
                    || user != required.UserName || password != required.Password)
                {
                    return Task.FromResult(Unauthorized());
                }

                subject = user;
            }
        }
        else if (!anonymous && TryReadBasic(authorization!, out var user, out _))
        {
            subject = user;
        }

        var access = new List<AccessEntry>();
        foreach (var scope in request.QueryValues("scope").SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            // type:name:actions, where the name may itself contain ':' (a registry port) — split from both ends.
            var first = scope.IndexOf(':');
            var last = scope.LastIndexOf(':');
            if (first < 0 || last <= first)
            {
                continue;
            }

            var actions = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (anonymous && Credential is not null)
            {
                actions = actions.Where(a => a == "pull").ToArray();
            }

            access.Add(new AccessEntry(scope[..first], scope[(first + 1)..last], actions));
        }

        var jwt = CreateJwt(subject, access);
        _issued.Enqueue(jwt);
        var body = new Dictionary<string, object> { [UseAccessTokenField ? "access_token" : "token"] = jwt };
        if (AdvertisedExpiresIn is { } expiresIn)
        {
            body["expires_in"] = expiresIn;
        }

        body["issued_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(MiniHttpResponse.Text(200, JsonSerializer.Serialize(body)));
    }

    private static MiniHttpResponse Unauthorized()
    {
        var response = MiniHttpResponse.Text(401, "{\"details\":\"invalid credentials\"}");
        response.Headers.Add(new("WWW-Authenticate", "Basic realm=\"rsp-token\""));
        return response;
    }

    private static bool TryReadBasic(string header, out string user, out string password)
    {
        user = password = string.Empty;
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':');
            if (colon < 0)
            {
                return false;
            }

            user = text[..colon];
            password = text[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private string CreateJwt(string subject, IReadOnlyList<AccessEntry> access)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object>
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) },
        };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = now + (long)TokenLifetime.TotalSeconds,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access.Select(a => new Dictionary<string, object> { ["type"] = a.Type, ["name"] = a.Name, ["actions"] = a.Actions }).ToArray(),
        };

        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record AccessEntry(string Type, string Name, string[] Actions);
}
