using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CsCheck;
using RspAdmin.Core;
using RspAdmin.Core.Http;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests.Http;

/// <summary>The one HTTP stack against real loopback servers: retries, limits, redirects, log, errors, secrets.</summary>
public sealed class ServiceHttpClientTests
{
    private const string Secret = "s3cr3t-token-value-7f1c";

    private static HttpServiceOptions Fast(ConcurrentQueue<HttpRequestLogEntry>? log = null, ConcurrentQueue<string>? notices = null) => new()
    {
        MaxRetries = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(5),
        RequestLog = log is null ? null : log.Enqueue,
        RetryNotice = notices is null ? null : notices.Enqueue,
    };

    private static HttpRequestMessage Get(Uri baseAddress, string path)
    {
        var request = ServiceHttpClient.JsonRequest(HttpMethod.Get, new Uri(baseAddress, path));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Secret);
        return request;
    }

    [Fact]
    public async Task Retries_503_then_returns_the_answer_and_logs_every_attempt()
    {
        var calls = 0;
        using var server = MiniHttpServer.Start((_, _) => Task.FromResult(
            Interlocked.Increment(ref calls) < 3 ? MiniHttpResponse.Text(503, "{}") : MiniHttpResponse.Text(200, "{\"ok\":true}")));
        var log = new ConcurrentQueue<HttpRequestLogEntry>();
        var notices = new ConcurrentQueue<string>();
        using var client = new ServiceHttpClient("Test", "test service", Fast(log, notices));

        using var response = await client.SendAsync(() => Get(server.BaseAddress, "x?token=" + Secret), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, calls);
        Assert.Equal([1, 2, 3], log.Select(e => e.Attempt));
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], log.Select(e => e.StatusCode));
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Contains("503", n, StringComparison.Ordinal));
        Assert.All(log, e => Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal));
        Assert.All(log, e => Assert.Contains("token=" + HttpRedaction.Mask, e.Url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_service_that_keeps_answering_503_ends_with_RetriesExhausted()
    {
        using var server = MiniHttpServer.Start((_, _) => Task.FromResult(MiniHttpResponse.Text(503, "{}")));
        using var client = new ServiceHttpClient("Test", "test service", Fast());

        var error = await Assert.ThrowsAsync<RspException>(() => client.SendAsync(() => Get(server.BaseAddress, "x"), CancellationToken.None));

        Assert.Equal("Test.RetriesExhausted", error.ErrorId);
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("4 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.Address, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_Unreachable_without_dotnet_type_names()
    {
        var port = FreePort();
        using var client = new ServiceHttpClient("Test", "test service at 127.0.0.1:" + port, Fast() with { MaxRetries = 1 });

        var error = await Assert.ThrowsAsync<RspException>(() => client.SendAsync(() => Get(new Uri($"http://127.0.0.1:{port}/"), "x"), CancellationToken.None));

        Assert.Equal("Test.Unreachable", error.ErrorId);
        Assert.Equal(ErrorKind.Unreachable, error.Kind);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:" + port, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task A_server_that_never_answers_ends_within_the_total_budget_with_Timeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // accepts connections into the backlog and never answers
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new ServiceHttpClient("Test", "test service", Fast() with
        {
            RequestTimeout = TimeSpan.FromSeconds(30),
            TotalTimeout = TimeSpan.FromMilliseconds(400),
        });

        var error = await Assert.ThrowsAsync<RspException>(() => client.SendAsync(() => Get(new Uri($"http://127.0.0.1:{port}/"), "x"), CancellationToken.None));

        Assert.Equal("Test.Timeout", error.ErrorId);
        Assert.Equal(ErrorKind.Timeout, error.Kind);
        Assert.Contains("time limit is 0.4 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_Retry_After_is_cut_short_by_the_budget()
    {
        using var server = MiniHttpServer.Start((_, _) => Task.FromResult(new MiniHttpResponse
        {
            StatusCode = 429,
            Headers = [new("Retry-After", "3600")],
        }));
        using var client = new ServiceHttpClient("Test", "test service", Fast() with
        {
            MaxRetryDelay = TimeSpan.FromHours(2),
            TotalTimeout = TimeSpan.FromMilliseconds(300),
        });

        var error = await Assert.ThrowsAsync<RspException>(() => client.SendAsync(() => Get(server.BaseAddress, "x"), CancellationToken.None));

        Assert.Equal("Test.Timeout", error.ErrorId);
    }

    [Fact]
    public async Task Redirects_are_not_followed_and_a_login_redirect_is_TokenRejected()
    {
        using var server = MiniHttpServer.Start((_, _) => Task.FromResult(new MiniHttpResponse
        {
            StatusCode = 302,
            Headers = [new("Location", "/login?rd=%2Fapi")],
        }));
        using var client = new ServiceHttpClient("Test", "test service", Fast());

        using var response = await client.SendAsync(() => Get(server.BaseAddress, "api"), CancellationToken.None);
        var error = client.StatusError(response);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("Auth.TokenRejected", error.ErrorId);
        Assert.Equal(ErrorKind.Unauthorized, error.Kind);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "Test.BadRequest", ErrorKind.InvalidArgument)]
    [InlineData(401, "Test.Unauthorized", ErrorKind.Unauthorized)]
    [InlineData(403, "Test.Forbidden", ErrorKind.Forbidden)]
    [InlineData(404, "Test.NotFound", ErrorKind.NotFound)]
    [InlineData(409, "Test.Conflict", ErrorKind.Conflict)]
    [InlineData(418, "Test.UnexpectedResponse", ErrorKind.InvalidResult)]
    public async Task Statuses_map_to_stable_ids(int status, string id, ErrorKind kind)
    {
        using var server = MiniHttpServer.Start((_, _) => Task.FromResult(MiniHttpResponse.Text(status, "{}")));
        using var client = new ServiceHttpClient("Test", "test service", Fast());

        using var response = await client.SendAsync(() => Get(server.BaseAddress, "x"), CancellationToken.None);
        var error = client.StatusError(response, "the detail");

        Assert.Equal(id, error.ErrorId);
        Assert.Equal(kind, error.Kind);
        Assert.EndsWith("the detail.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_MalformedResponse_with_its_position()
    {
        using var server = MiniHttpServer.Start((_, _) => Task.FromResult(MiniHttpResponse.Text(200, "{\"items\": [1, 2,]}")));
        using var client = new ServiceHttpClient("Test", "test service", Fast());

        using var response = await client.SendAsync(() => Get(server.BaseAddress, "x"), CancellationToken.None);
        var error = await Assert.ThrowsAsync<RspException>(() =>
            client.ReadJsonAsync(response, TestJson.Default.DictionaryStringJsonElement, CancellationToken.None));

        Assert.Equal("Test.MalformedResponse", error.ErrorId);
        Assert.Equal(ErrorKind.Malformed, error.Kind);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task Caller_cancellation_is_a_cancellation_not_an_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new ServiceHttpClient("Test", "test service", Fast());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(() => Get(new Uri($"http://127.0.0.1:{port}/"), "x"), cts.Token));
    }

    [Fact]
    public void SafeUrl_never_keeps_user_information_or_secret_query_values()
    {
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 12], Gen.String[Gen.Char.AlphaNumeric, 1, 24], Gen.OneOf("token", "access_token", "X-Vault-Token", "password", "api_key", "sig"))
            .Sample((user, secret, name) =>
            {
                var uri = new Uri($"https://{user}:{secret}@example.test/v1/path?page=2&{name}={secret}&n=5");
                var safe = HttpRedaction.SafeUrl(uri);
                Assert.DoesNotContain("@", safe, StringComparison.Ordinal);
                Assert.Contains($"&{name}={HttpRedaction.Mask}&", safe, StringComparison.Ordinal);
                Assert.Contains("page=2", safe, StringComparison.Ordinal);
                Assert.Contains("n=5", safe, StringComparison.Ordinal);
            });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext;
