using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using RspAdmin.Core.Http;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests;

/// <summary>Pagination and transient faults, through <see cref="FaultProxy"/> in front of the real registry.</summary>
[Collection(SeededRegistryCollection.Name)]
public sealed class FaultInjectionTests(SeededRegistryFixture fixture)
{
    private const string Lab = LabRepositorySeeder.DefaultRepository;
    private const string TagsList = "/tags/list";

    [SkippableTheory]
    [InlineData(PageLinkStyle.Relative)]
    [InlineData(PageLinkStyle.Absolute)]
    public async Task Paginated_tag_list_is_followed_to_the_end(PageLinkStyle style)
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address) { TagPageSize = 25, LinkStyle = style };
        using var client = Client(proxy);

        var tags = await client.ListTagsAsync(Lab, cancellationToken: Requires.Within());

        Assert.Equal(fixture.Lab!.Plan.TagNames.Order(StringComparer.Ordinal), tags.Order(StringComparer.Ordinal));
        Assert.Equal(200, tags.Distinct().Count());
        Assert.Equal(8, proxy.CountRequests(TagsList));
    }

    [SkippableFact]
    public async Task Page_size_and_last_are_sent_and_followed()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address) { TagPageSize = 1000 };
        using var client = Client(proxy);
        var all = fixture.Lab!.Plan.TagNames.Order(StringComparer.Ordinal).ToList();

        var tags = await client.ListTagsAsync(Lab, pageSize: 60, last: all[9], cancellationToken: Requires.Within());

        Assert.Equal(all.Skip(10), tags);
        Assert.StartsWith($"GET /v2/{Lab}/tags/list?n=60&last=", proxy.Requests[0], StringComparison.Ordinal);
        Assert.Equal(4, proxy.CountRequests(TagsList));
    }

    [SkippableTheory]
    [InlineData(PageLinkStyle.CrossHost, "another origin")]
    [InlineData(PageLinkStyle.CrossScheme, "another origin")]
    [InlineData(PageLinkStyle.Repeated, "already fetched")]
    public async Task Next_links_to_another_origin_or_a_fetched_page_are_refused(PageLinkStyle style, string message)
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address) { TagPageSize = 50, LinkStyle = style };
        using var client = Client(proxy);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Lab, cancellationToken: Requires.Within()));

        Assert.Equal(RegistryErrorKind.PaginationRefused, error.Reason);
        Assert.Contains(message, error.Message);
        Assert.Equal(2, proxy.CountRequests(TagsList)); // the third page is never fetched
    }

    [SkippableFact]
    public async Task Too_many_requests_waits_for_retry_after_in_seconds()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address);
        proxy.Inject(new ProxyFault(ProxyFaultKind.TooManyRequests) { RetryAfter = "7" });
        var clock = new FastForwardTimeProvider();
        var log = new ConcurrentQueue<HttpRequestLogEntry>();
        using var client = Client(proxy, clock, log.Enqueue);

        var tags = await client.ListTagsAsync(Lab, cancellationToken: Requires.Within());

        Assert.Equal(200, tags.Count);
        Assert.Equal([TimeSpan.FromSeconds(7)], clock.RequestedDelays);
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.OK], log.Select(e => e.StatusCode));
        Assert.Equal([1, 2], log.Select(e => e.Attempt));
    }

    [SkippableFact]
    public async Task Too_many_requests_honours_an_http_date_and_caps_long_waits()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address);
        var clock = new FastForwardTimeProvider();
        var date = DateTimeOffset.UtcNow.AddSeconds(20).ToString("R", CultureInfo.InvariantCulture);
        proxy.Inject(new ProxyFault(ProxyFaultKind.TooManyRequests) { RetryAfter = date });
        proxy.Inject(new ProxyFault(ProxyFaultKind.TooManyRequests) { RetryAfter = "3600" });
        using var client = Client(proxy, clock, maxRetryDelay: TimeSpan.FromSeconds(45));

        await client.ListTagsAsync(Lab, cancellationToken: Requires.Within());

        Assert.Equal(2, clock.RequestedDelays.Count);
        Assert.InRange(clock.RequestedDelays[0], TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(21));
        Assert.Equal(TimeSpan.FromSeconds(45), clock.RequestedDelays[1]);
    }

    [SkippableFact]
    public async Task Service_unavailable_is_retried_with_backoff_until_it_succeeds()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address);
        proxy.Inject(new ProxyFault(ProxyFaultKind.ServiceUnavailable) { Times = 2 });
        var clock = new FastForwardTimeProvider();
        using var client = Client(proxy, clock);

        var digest = await client.HeadManifestAsync(Lab, "recommended", Requires.Within());

        Assert.Equal(fixture.Lab!.Digests["recommended"], digest.Digest);
        Assert.Equal(3, proxy.CountRequests("/manifests/recommended"));
        Assert.Equal(2, clock.RequestedDelays.Count);
        Assert.All(clock.RequestedDelays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(5)));
    }

    [SkippableFact]
    public async Task Retries_run_out_with_a_typed_error_naming_the_registry_and_request()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address);
        proxy.Inject(new ProxyFault(ProxyFaultKind.ServiceUnavailable) { Times = 100 });
        using var client = Client(proxy, new FastForwardTimeProvider(), maxRetries: 3);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Lab, cancellationToken: Requires.Within()));

        Assert.Equal(RegistryErrorKind.RetriesExhausted, error.Reason);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(proxy.Address, error.Registry);
        Assert.Equal($"GET http://{proxy.Address}/v2/{Lab}/tags/list", error.Request);
        Assert.Contains(error.Request!, error.Message);
        Assert.Equal(4, proxy.CountRequests(TagsList));
    }

    [SkippableFact]
    public async Task A_reset_connection_is_retried()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address);
        proxy.Inject(new ProxyFault(ProxyFaultKind.ConnectionReset) { Times = 2 });
        var log = new ConcurrentQueue<HttpRequestLogEntry>();
        using var client = Client(proxy, new FastForwardTimeProvider(), log.Enqueue);

        var tags = await client.ListTagsAsync(Lab, cancellationToken: Requires.Within());

        Assert.Equal(200, tags.Count);
        Assert.Equal([null, null, HttpStatusCode.OK], log.Select(e => e.StatusCode));
        Assert.All(log.Take(2), e => Assert.NotNull(e.Failure));
    }

    [SkippableFact]
    public async Task Connections_that_always_reset_end_as_unreachable()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address);
        proxy.Inject(new ProxyFault(ProxyFaultKind.ConnectionReset) { Times = 100 });
        using var client = Client(proxy, new FastForwardTimeProvider(), maxRetries: 2);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Lab, cancellationToken: Requires.Within()));

        Assert.Equal(RegistryErrorKind.Unreachable, error.Reason);
        Assert.Contains("after 3 attempt(s)", error.Message);
        Assert.Equal(3, proxy.CountRequests(TagsList));
    }

    [SkippableFact]
    public async Task A_stalled_answer_times_out_and_is_retried()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address);
        proxy.Inject(new ProxyFault(ProxyFaultKind.Stall) { StallFor = TimeSpan.FromSeconds(20) });
        var log = new ConcurrentQueue<HttpRequestLogEntry>();
        using var client = Client(proxy, new FastForwardTimeProvider(), log.Enqueue, requestTimeout: TimeSpan.FromMilliseconds(500));

        var digest = await client.HeadManifestAsync(Lab, "recommended", Requires.Within());

        Assert.Equal(fixture.Lab!.Digests["recommended"], digest.Digest);
        Assert.Equal("timed out", log.First().Failure);
        Assert.Equal(HttpStatusCode.OK, log.Last().StatusCode);
    }

    [SkippableFact]
    public async Task Malformed_json_is_a_malformed_response_and_is_not_retried()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address);
        proxy.Inject(new ProxyFault(ProxyFaultKind.MalformedJson));
        using var client = Client(proxy, new FastForwardTimeProvider());

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Lab, cancellationToken: Requires.Within()));

        Assert.Equal(RegistryErrorKind.MalformedResponse, error.Reason);
        Assert.Equal(1, proxy.CountRequests(TagsList));
    }

    [SkippableFact]
    public async Task Caller_cancellation_is_not_retried_and_surfaces_as_cancellation()
    {
        Requires.DockerRegistry();
        using var proxy = new FaultProxy(fixture.Registry!.Address);
        proxy.Inject(new ProxyFault(ProxyFaultKind.Stall) { StallFor = TimeSpan.FromSeconds(30) });
        using var client = Client(proxy, new FastForwardTimeProvider());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListTagsAsync(Lab, cancellationToken: cancel.Token));

        Assert.Equal(1, proxy.CountRequests(TagsList));
    }

    private static RegistryClient Client(
        FaultProxy proxy,
        TimeProvider? clock = null,
        Action<HttpRequestLogEntry>? log = null,
        int maxRetries = 4,
        TimeSpan? maxRetryDelay = null,
        TimeSpan? requestTimeout = null) =>
        new(new RegistryClientOptions
        {
            Registry = proxy.Address,
            UseDockerConfig = false,
            TimeProvider = clock ?? TimeProvider.System,
            RequestLog = log,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = maxRetryDelay ?? TimeSpan.FromSeconds(30),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(20),
        });
}
