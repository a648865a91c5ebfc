using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;
using Polly.Retry;

namespace RspAdmin.Core.Http;

/// <summary>
/// The one HTTP stack every service client uses (registry, Argo CD, Vault, mobu, hubs, Harbor). One instance
/// talks to one endpoint. Each call:
/// <list type="bullet">
/// <item>is retried with jittered exponential back-off on 429, 502, 503 and 504 answers, dropped connections and
/// per-attempt time-outs, honouring <c>Retry-After</c> (capped), at most <see cref="HttpServiceOptions.MaxRetries"/> times;</item>
/// <item>has a per-attempt time limit and an optional total budget (<see cref="HttpServiceOptions.TotalTimeout"/>);</item>
/// <item>is reported to the request log (method, redacted URL, status, milliseconds, attempt; never a header);</item>
/// <item>never follows redirects: a <c>302</c> comes back to the client (behind a login-protecting proxy it means
/// the token was rejected; see <see cref="StatusError"/>).</item>
/// </list>
/// A call that gets no usable answer fails with the exception the failure factory makes of an
/// <see cref="HttpFailure"/>; by default an <see cref="RspException"/> <c>&lt;Area&gt;.Unreachable</c>,
/// <c>&lt;Area&gt;.RetriesExhausted</c> or <c>&lt;Area&gt;.Timeout</c> naming the endpoint and the time spent.
/// </summary>
public sealed class ServiceHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Func<HttpFailure, Exception> _failureFactory;

    /// <summary>Creates a client.</summary>
    /// <param name="area">The error area of this service, for example <c>ArgoCd</c> (error IDs are <c>ArgoCd.Reason</c>).</param>
    /// <param name="service">The service as messages name it, for example <c>Argo CD at https://host/argo-cd</c>.</param>
    /// <param name="options">Retries, limits and logs.</param>
    /// <param name="handler">The message handler; null for <see cref="CreateHandler"/>.</param>
    /// <param name="disposeHandler">Whether disposing the client disposes <paramref name="handler"/>.</param>
    /// <param name="failureFactory">Turns a failed call into the client's exception; null for the default <see cref="RspException"/>.</param>
    public ServiceHttpClient(
        string area,
        string service,
        HttpServiceOptions? options = null,
        HttpMessageHandler? handler = null,
        bool disposeHandler = true,
        Func<HttpFailure, Exception>? failureFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(area);
        ArgumentException.ThrowIfNullOrEmpty(service);
        Area = area;
        Service = service;
        Options = options ?? new HttpServiceOptions();
        _http = new HttpClient(handler ?? CreateHandler(Options), handler is null || disposeHandler)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = Options.MaxResponseBytes,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("RspAdmin/" + typeof(ServiceHttpClient).Assembly.GetName().Version?.ToString(3));
        _pipeline = BuildPipeline(Options, service);
        _failureFactory = failureFactory ?? DefaultFailure;
    }

    /// <summary>The error area, for example <c>ArgoCd</c>.</summary>
    public string Area { get; }

    /// <summary>The service as messages name it.</summary>
    public string Service { get; }

    /// <summary>The settings.</summary>
    public HttpServiceOptions Options { get; }

    /// <summary>
    /// The handler every service uses unless a test supplies one: no redirects, no cookies, gzip, pooled
    /// connections, the per-attempt limit as connect time-out, and certificate validation skipped only when
    /// <see cref="HttpServiceOptions.AllowInsecure"/> is set.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(HttpServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ConnectTimeout = options.RequestTimeout,
        };
        if (options.AllowInsecure)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        return handler;
    }

    /// <summary>
    /// Sends the request that <paramref name="createRequest"/> builds (once per attempt) and returns the final
    /// response, fully buffered, whatever its status, unless no usable answer came.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        var attempt = 0;
        var answered = false;
        string description = "?";
        HttpStatusCode? lastStatus = null;
        var clock = Stopwatch.StartNew();
        using var budget = Options.TotalTimeout is { } total
            ? new CancellationTokenSource(total, Options.TimeProvider)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        Outcome<HttpResponseMessage> outcome;
        var context = ResilienceContextPool.Shared.Get(linked.Token);
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                async (ctx, _) =>
                {
                    attempt++;
                    try
                    {
                        using var request = createRequest();
                        description = request.RequestUri is { } uri ? HttpRedaction.Describe(request.Method, uri) : request.Method.Method;
                        var response = await SendOnceAsync(request, attempt, ctx.CancellationToken).ConfigureAwait(false);
                        answered = true;
                        lastStatus = response.StatusCode;
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                state: 0).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (budget.IsCancellationRequested)
        {
            outcome.Result?.Dispose();
            throw _failureFactory(new HttpFailure(
                HttpFailureReason.Timeout,
                Service,
                description,
                $"gave no usable answer within {Seconds(clock.Elapsed)} ({attempt} attempt(s)); the time limit is {Seconds(Options.TotalTimeout!.Value)}",
                attempt,
                clock.Elapsed,
                lastStatus,
                outcome.Exception));
        }

        if (outcome.Exception is { } exception)
        {
            if (exception is RspException)
            {
                throw exception;
            }

            var reason = answered ? HttpFailureReason.RetriesExhausted : HttpFailureReason.Unreachable;
            var what = answered ? "kept failing" : "cannot be reached";
            throw _failureFactory(new HttpFailure(
                reason,
                Service,
                description,
                $"{what} after {attempt} attempt(s) in {Seconds(clock.Elapsed)}: {Describe(exception)}",
                attempt,
                clock.Elapsed,
                lastStatus,
                exception));
        }

        var result = outcome.Result!;
        if (IsTransientStatus(result.StatusCode))
        {
            var status = result.StatusCode;
            result.Dispose();
            throw _failureFactory(new HttpFailure(
                HttpFailureReason.RetriesExhausted,
                Service,
                description,
                $"answered {(int)status} {status} to all {attempt} attempt(s) in {Seconds(clock.Elapsed)}",
                attempt,
                clock.Elapsed,
                status,
                null));
        }

        return result;
    }

    /// <summary>Sends a GET of <paramref name="uri"/> with an <c>Accept: application/json</c> header.</summary>
    public Task<HttpResponseMessage> GetAsync(Uri uri, CancellationToken cancellationToken = default) =>
        SendAsync(() => JsonRequest(HttpMethod.Get, uri), cancellationToken);

    /// <summary>A request for <paramref name="uri"/> that accepts JSON, with <paramref name="body"/> as a JSON body when given.</summary>
    public static HttpRequestMessage JsonRequest(HttpMethod method, Uri uri, byte[]? body = null)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    /// <summary>
    /// Reads the response body as <typeparamref name="T"/>. A body that is not that JSON is
    /// <c>&lt;Area&gt;.MalformedResponse</c> naming the request and the position of the error.
    /// </summary>
    public async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ParseJson(bytes, typeInfo, Describe(response));
    }

    /// <summary>Parses <paramref name="bytes"/> as <typeparamref name="T"/>, or fails with <c>&lt;Area&gt;.MalformedResponse</c>.</summary>
    public T ParseJson<T>(ReadOnlySpan<byte> bytes, JsonTypeInfo<T> typeInfo, string request)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : string.Empty;
            throw new RspException(
                Area + ".MalformedResponse",
                ErrorKind.Malformed,
                $"{Service} sent a reply that is not the expected JSON{where} ({request}).",
                Service,
                "Check that the address points at the service itself, not at a proxy or login page.",
                e);
        }
    }

    /// <summary>
    /// The exception for a response whose status the caller does not handle: 400 <c>&lt;Area&gt;.BadRequest</c>,
    /// 401 <c>&lt;Area&gt;.Unauthorized</c>, 403 <c>&lt;Area&gt;.Forbidden</c>, 404 <c>&lt;Area&gt;.NotFound</c>, 409
    /// <c>&lt;Area&gt;.Conflict</c>, a redirect to a login page <c>Auth.TokenRejected</c>, anything else
    /// <c>&lt;Area&gt;.UnexpectedResponse</c>. <paramref name="detail"/> (the service's own message, without secrets)
    /// is appended when given.
    /// </summary>
    public RspException StatusError(HttpResponseMessage response, string? detail = null, object? target = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var request = Describe(response);
        var status = response.StatusCode;
        var suffix = string.IsNullOrWhiteSpace(detail) ? string.Empty : ": " + detail.Trim();
        if (IsLoginRedirect(response))
        {
            return new RspException(
                "Auth.TokenRejected",
                ErrorKind.Unauthorized,
                $"{Service} redirected to its login page: the token was rejected or has expired ({request}).",
                target ?? Service,
                "Pass a valid token with the right scopes (a new one if it has expired).");
        }

        var (reason, kind) = status switch
        {
            HttpStatusCode.BadRequest => ("BadRequest", ErrorKind.InvalidArgument),
            HttpStatusCode.Unauthorized => ("Unauthorized", ErrorKind.Unauthorized),
            HttpStatusCode.Forbidden => ("Forbidden", ErrorKind.Forbidden),
            HttpStatusCode.NotFound => ("NotFound", ErrorKind.NotFound),
            HttpStatusCode.Conflict => ("Conflict", ErrorKind.Conflict),
            _ => ("UnexpectedResponse", ErrorKind.InvalidResult),
        };
        return new RspException(
            $"{Area}.{reason}",
            kind,
            $"{Service} answered {(int)status} {status} to {request}{suffix}.",
            target ?? Service);
    }

    /// <summary>Whether <paramref name="response"/> is a redirect to a login page (a rejected or missing token).</summary>
    public static bool IsLoginRedirect(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if ((int)response.StatusCode is < 300 or > 399 || response.Headers.Location is not { } location)
        {
            return false;
        }

        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?', 2)[0];
        return path.Contains("/login", StringComparison.OrdinalIgnoreCase) || path.Contains("/auth", StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string Describe(HttpResponseMessage response) =>
        response.RequestMessage?.RequestUri is { } uri ? HttpRedaction.Describe(response.RequestMessage.Method, uri) : "the request";

    private RspException DefaultFailure(HttpFailure failure) => new(
        $"{Area}.{failure.Reason}",
        failure.Reason switch
        {
            HttpFailureReason.Unreachable => ErrorKind.Unreachable,
            HttpFailureReason.Timeout => ErrorKind.Timeout,
            _ => ErrorKind.Unavailable,
        },
        $"{failure.Service} {failure.Message} ({failure.Request}).",
        failure.Service,
        failure.Reason == HttpFailureReason.Timeout
            ? "Check that the service is up and answering, or allow more time."
            : "Check the address and that the service is up and reachable from here.",
        failure.Exception);

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.RequestTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            Log(request, response.StatusCode, clock.Elapsed, attempt, null);
            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log(request, null, clock.Elapsed, attempt, "timed out");
            throw new TimeoutException($"no complete answer within {Seconds(Options.RequestTimeout)}", ex);
        }
        catch (OperationCanceledException)
        {
            Log(request, null, clock.Elapsed, attempt, "cancelled");
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            Log(request, null, clock.Elapsed, attempt, Describe(ex));
            throw;
        }
    }

    private void Log(HttpRequestMessage request, HttpStatusCode? status, TimeSpan elapsed, int attempt, string? failure)
    {
        var log = Options.RequestLog;
        if (log is null || request.RequestUri is null)
        {
            return;
        }

        try
        {
            log(new HttpRequestLogEntry(request.Method.Method, HttpRedaction.SafeUrl(request.RequestUri), status, elapsed, attempt, failure, Service));
        }
        catch (Exception)
        {
            // A failing log hook must not fail the request.
        }
    }

    /// <summary>A transport failure in words an operator reads: what went wrong, without .NET type names.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            TimeoutException t => t.Message,
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } h => "connection failed (" + Innermost(h) + ")",
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "the host name does not resolve",
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } h => "the TLS handshake failed (" + Innermost(h) + ")",
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the connection closed before the answer was complete",
            HttpRequestException h => Innermost(h),
            IOException io => "the connection broke (" + Innermost(io) + ")",
            _ => exception.Message,
        };
    }

    private static string Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds < 10 ? $"{span.TotalSeconds:0.##} s" : $"{span.TotalSeconds:0} s";

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(HttpServiceOptions options, string service)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        if (options.MaxRetries <= 0)
        {
            return builder.Build();
        }

        var cap = options.MaxRetryDelay;
        return builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = cap,
            ShouldHandle = args => new ValueTask<bool>(args.Outcome switch
            {
                { Exception: HttpRequestException or IOException or TimeoutException } => true,
                { Result: { } response } => IsTransientStatus(response.StatusCode),
                _ => false,
            }),
            DelayGenerator = args =>
            {
                var retryAfter = args.Outcome.Result is { } response ? RetryAfter(response, options.TimeProvider) : null;
                return new ValueTask<TimeSpan?>(retryAfter is { } delay ? (delay > cap ? cap : delay) : null);
            },
            OnRetry = args =>
            {
                var what = args.Outcome.Result is { } response
                    ? $"answered {(int)response.StatusCode} {response.StatusCode}"
                    : args.Outcome.Exception is { } e ? Describe(e) : "failed";
                args.Outcome.Result?.Dispose();
                try
                {
                    options.RetryNotice?.Invoke($"{service} {what}; retrying in {args.RetryDelay.TotalSeconds:0.#} s (retry {args.AttemptNumber + 1} of {options.MaxRetries}).");
                }
                catch (Exception)
                {
                    // A failing notice hook must not fail the request.
                }

                return default;
            },
        }).Build();
    }

    /// <summary>The server's <c>Retry-After</c> as a delay (never negative), or null when there is none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(clock);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
