using RspAdmin.Core.Http;

namespace RspAdmin.Core.Registry;

/// <summary>
/// The registry's use of the one HTTP stack (<see cref="ServiceHttpClient"/>): its retry policy, time limits
/// and request log, with failures reported as <see cref="RegistryException"/>s.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private readonly ServiceHttpClient _http;

    public RegistryTransport(HttpMessageHandler handler, bool disposeHandler, string registry, RegistryClientOptions options)
    {
        _http = new ServiceHttpClient(
            "Registry",
            registry,
            new HttpServiceOptions
            {
                MaxRetries = options.MaxRetries,
                RetryBaseDelay = options.RetryBaseDelay,
                MaxRetryDelay = options.MaxRetryDelay,
                RequestTimeout = options.RequestTimeout,
                TotalTimeout = options.TotalTimeout,
                RequestLog = options.RequestLog,
                RetryNotice = options.RetryNotice,
                TimeProvider = options.TimeProvider,
                MaxResponseBytes = options.MaxResponseBytes,
            },
            handler,
            disposeHandler,
            failure => new RegistryException(
                failure.Reason switch
                {
                    HttpFailureReason.Unreachable => RegistryErrorKind.Unreachable,
                    HttpFailureReason.Timeout => RegistryErrorKind.Timeout,
                    _ => RegistryErrorKind.RetriesExhausted,
                },
                registry,
                failure.Message + ".",
                failure.Request,
                failure.StatusCode,
                innerException: failure.Exception));
    }

    /// <summary>
    /// Sends the request that <paramref name="createRequest"/> builds (once per attempt) and returns the final
    /// response, whatever its status, unless retries or the time budget ran out.
    /// </summary>
    /// <exception cref="RegistryException"><see cref="RegistryErrorKind.RetriesExhausted"/>, <see cref="RegistryErrorKind.Unreachable"/> or <see cref="RegistryErrorKind.Timeout"/>.</exception>
    public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, string description, CancellationToken cancellationToken) =>
        _http.SendAsync(createRequest, cancellationToken);

    public void Dispose() => _http.Dispose();

    /// <summary>The request as <c>METHOD URL</c>, redacted.</summary>
    public static string Describe(HttpMethod method, Uri uri) => HttpRedaction.Describe(method, uri);

    /// <summary>The URL without user information or secret query values.</summary>
    public static string SafeUrl(Uri uri) => HttpRedaction.SafeUrl(uri);

    /// <summary>The server's <c>Retry-After</c> as a delay (never negative), or null when there is none.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock) => ServiceHttpClient.RetryAfter(response, clock);
}
