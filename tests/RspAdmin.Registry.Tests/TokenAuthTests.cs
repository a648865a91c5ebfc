using System.Collections.Concurrent;
using System.Net;
using RspAdmin.Core.Http;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests;

/// <summary>The Bearer token flow against the real registry and the harness's token service.</summary>
public sealed class TokenAuthTests : AuthenticatedRegistryTests
{
    public TokenAuthTests()
        : base(LocalRegistryAuthMode.Token, "rsp/token")
    {
    }

    private TokenService Tokens => Registry!.TokenService!;

    [SkippableFact]
    public async Task Anonymous_access_is_refused_by_the_token_service()
    {
        Requires.DockerRegistry();
        using var client = Registry!.CreateClient(withCredentials: false);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository, cancellationToken: Requires.Within()));

        Assert.Equal(RegistryErrorKind.AuthenticationRequired, error.Reason);
        Assert.Null(Tokens.AuthorizationHeaders.Last());
    }

    [SkippableFact]
    public async Task Credentials_get_a_token_that_is_cached_per_scope()
    {
        Requires.DockerRegistry();
        var log = new ConcurrentQueue<HttpRequestLogEntry>();
        using var client = Registry!.CreateClient(requestLog: log.Enqueue);
        var ct = Requires.Within();
        var before = Tokens.RequestCount;

        var tags = await client.ListTagsAsync(Repository, cancellationToken: ct);
        await client.HeadManifestsAsync(Repository, tags, maxConcurrency: 4, cancellationToken: ct);
        await client.GetManifestAsync(Repository, "recommended", ct);

        Assert.Equal(40, tags.Count);
        Assert.Equal(before + 1, Tokens.RequestCount);

        // A push needs another scope, hence one more token.
        var manifest = await client.GetManifestAsync(Repository, "latest", ct);
        await client.PutManifestAsync(Repository, "token_retag", manifest.Bytes, manifest.MediaType, ct);
        Assert.Equal(before + 2, Tokens.RequestCount);

        SecretAssert.NotIn(SecretAssert.Forms(Registry.Credential!).Concat(Tokens.IssuedTokens), log);
        Assert.StartsWith("Basic ", Tokens.AuthorizationHeaders.Last(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_cached_token_is_renewed_after_its_lifetime_default_60_seconds()
    {
        Requires.DockerRegistry();
        var clock = new FastForwardTimeProvider();
        Tokens.AdvertisedExpiresIn = null;
        try
        {
            using var client = new RegistryClient(new RegistryClientOptions
            {
                Registry = Registry!.Address,
                Credential = Registry.Credential,
                UseDockerConfig = false,
                TimeProvider = clock,
            });
            var ct = Requires.Within();
            var before = Tokens.RequestCount;

            await client.HeadManifestAsync(Repository, "recommended", ct);
            clock.Advance(TimeSpan.FromSeconds(50));
            await client.HeadManifestAsync(Repository, "recommended", ct);
            Assert.Equal(before + 1, Tokens.RequestCount);

            clock.Advance(TimeSpan.FromSeconds(15));
            await client.HeadManifestAsync(Repository, "recommended", ct);
            Assert.Equal(before + 2, Tokens.RequestCount);
        }
        finally
        {
            Tokens.AdvertisedExpiresIn = 300;
        }
    }

    [SkippableFact]
    public async Task An_expired_token_is_renewed_exactly_once()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(Registry!.Address);
        var log = new ConcurrentQueue<HttpRequestLogEntry>();
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Registry = proxy.Address,
            Credential = Registry.Credential,
            UseDockerConfig = false,
            RequestLog = log.Enqueue,
        });
        var ct = Requires.Within();
        await client.HeadManifestAsync(Repository, "recommended", ct);
        var before = Tokens.RequestCount;

        proxy.Inject(new ProxyFault(ProxyFaultKind.ExpiredToken));
        var tags = await client.ListTagsAsync(Repository, cancellationToken: ct);

        Assert.Equal(40, tags.Count);
        Assert.Equal(before + 1, Tokens.RequestCount);
        Assert.Equal(2, proxy.CountRequests("/tags/list"));

        // A registry that keeps refusing fresh tokens: one renewal, then a typed error.
        proxy.Inject(new ProxyFault(ProxyFaultKind.ExpiredToken) { Times = 10 });
        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository, cancellationToken: ct));
        Assert.Equal(RegistryErrorKind.CredentialsRejected, error.Reason);
        Assert.Equal(before + 2, Tokens.RequestCount);
        Assert.Equal(4, proxy.CountRequests("/tags/list"));
        SecretAssert.NotIn(SecretAssert.Forms(Registry.Credential!).Concat(Tokens.IssuedTokens), log, error);
    }

    [SkippableFact]
    public async Task Wrong_credentials_are_refused_by_the_token_service()
    {
        Requires.DockerRegistry();
        var wrong = new NetworkCredential(Registry!.Credential!.UserName, "wrong-" + Guid.NewGuid().ToString("N"));
        var log = new ConcurrentQueue<HttpRequestLogEntry>();
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Registry = Registry.Address,
            Credential = wrong,
            UseDockerConfig = false,
            RequestLog = log.Enqueue,
        });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository, cancellationToken: Requires.Within()));

        Assert.Equal(RegistryErrorKind.CredentialsRejected, error.Reason);
        Assert.Contains(log, e => e.Url.StartsWith(Tokens.Realm.AbsoluteUri, StringComparison.Ordinal) && e.StatusCode == HttpStatusCode.Unauthorized);
        SecretAssert.NotIn(SecretAssert.Forms(wrong), log, error);
    }

    [SkippableFact]
    public async Task A_token_in_the_access_token_field_is_accepted()
    {
        Requires.DockerRegistry();
        Tokens.UseAccessTokenField = true;
        try
        {
            using var client = Registry!.CreateClient();
            var tags = await client.ListTagsAsync(Repository, cancellationToken: Requires.Within());
            Assert.Contains("recommended", tags);
        }
        finally
        {
            Tokens.UseAccessTokenField = false;
        }
    }

    [SkippableFact]
    public async Task A_token_theRegistry_no_longer_accepts_is_credentials_rejected_after_one_renewal()
    {
        Requires.DockerRegistry();
        Tokens.TokenLifetime = TimeSpan.FromMinutes(-5);
        try
        {
            using var client = Registry!.CreateClient();
            var before = Tokens.RequestCount;

            var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository, cancellationToken: Requires.Within()));

            Assert.Equal(RegistryErrorKind.CredentialsRejected, error.Reason);
            Assert.Equal(before + 1, Tokens.RequestCount);
        }
        finally
        {
            Tokens.TokenLifetime = TimeSpan.FromMinutes(5);
        }
    }
}
