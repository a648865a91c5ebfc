using System.Diagnostics;
using System.Net;
using Polly;
using Polly.Retry;

namespace RspAdmin.Core.Registry;

/// <summary>
/// Sends one HTTP request with the retry policy: 429, 502, 503 and 504 answers, dropped connections
/// (<see cref="HttpRequestException"/>, <see cref="IOException"/>) and per-attempt time-outs are retried with
/// jittered exponential back-off, honouring <c>Retry-After</c> (seconds or an HTTP date, capped). Every
/// attempt is reported to the request log. Responses come back fully buffered.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryClientOptions _options;
    private readonly string _registry;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RegistryTransport(HttpMessageHandler handler, bool disposeHandler, string registry, RegistryClientOptions options)
    {
        _options = options;
        _registry = registry;
        _http = new HttpClient(handler, disposeHandler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = options.MaxResponseBytes,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("RspAdmin/" + typeof(RegistryTransport).Assembly.GetName().Version?.ToString(3));
        _pipeline = BuildPipeline(options);
    }

    /// <summary>
    /// Sends the request that <paramref name="createRequest"/> builds (once per attempt) and returns the final
    /// response, whatever its status, unless retries ran out.
    /// </summary>
    /// <exception cref="RegistryException"><see cref="RegistryErrorKind.RetriesExhausted"/> or <see cref="RegistryErrorKind.Unreachable"/>.</exception>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, string description, CancellationToken cancellationToken)
    {
        var attempt = 0;
        var answered = false;
        Outcome<HttpResponseMessage> outcome;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                async (ctx, _) =>
                {
                    attempt++;
                    try
                    {
                        var response = await SendOnceAsync(createRequest, attempt, ctx.CancellationToken).ConfigureAwait(false);
                        answered = true;
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

        if (outcome.Exception is OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (outcome.Exception is { } exception)
        {
            if (exception is RegistryException)
            {
                throw exception;
            }

            var kind = answered ? RegistryErrorKind.RetriesExhausted : RegistryErrorKind.Unreachable;
            var what = answered ? "kept failing" : "cannot be reached";
            throw new RegistryException(
                kind,
                _registry,
                $"{what} after {attempt} attempt(s): {Describe(exception)}.",
                description,
                innerException: exception);
        }

        var result = outcome.Result!;
        if (IsTransientStatus(result.StatusCode))
        {
            var status = result.StatusCode;
            result.Dispose();
            throw new RegistryException(
                RegistryErrorKind.RetriesExhausted,
                _registry,
                $"answered {(int)status} {status} to all {attempt} attempt(s).",
                description,
                status);
        }

        return result;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The request as <c>METHOD URL</c> with any user information removed from the URL.</summary>
    public static string Describe(HttpMethod method, Uri uri) => method.Method + " " + SafeUrl(uri);

    /// <summary>The URL without user information.</summary>
    public static string SafeUrl(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri.AbsoluteUri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> createRequest, int attempt, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
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
            throw new TimeoutException($"no complete answer within {_options.RequestTimeout.TotalSeconds:0.###} s", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            Log(request, null, clock.Elapsed, attempt, Describe(ex));
            throw;
        }
    }

    private void Log(HttpRequestMessage request, HttpStatusCode? status, TimeSpan elapsed, int attempt, string? failure)
    {
        var log = _options.RequestLog;
        if (log is null || request.RequestUri is null)
        {
            return;
        }

        try
        {
            log(new RegistryRequestLogEntry(request.Method.Method, SafeUrl(request.RequestUri), status, elapsed, attempt, failure));
        }
        catch (Exception)
        {
            // A failing log hook must not fail the request.
        }
    }

    private static string Describe(Exception exception)
    {
        // Exception messages from the HTTP stack name hosts and socket errors, never headers.
        var inner = exception.InnerException is { } i && i.Message != exception.Message ? " (" + i.Message + ")" : string.Empty;
        return exception.GetType().Name + ": " + exception.Message + inner;
    }

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(RegistryClientOptions options)
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
                args.Outcome.Result?.Dispose();
                return default;
            },
        }).Build();
    }

    /// <summary>The server's <c>Retry-After</c> as a delay (never negative), or null when there is none.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock)
    {
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
