namespace RspAdmin.Core.Http;

/// <summary>Settings of a <see cref="ServiceHttpClient"/>: retries, time limits and what it reports.</summary>
public sealed record HttpServiceOptions
{
    /// <summary>Retries after the first attempt for 429, 502, 503, 504, dropped connections and time-outs. Default 4; 0 disables.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Base of the jittered exponential back-off between retries. Default 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest pause between two attempts, also the cap on a server's <c>Retry-After</c>. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one attempt, from sending to the last byte of the response. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time allowed for one call with all its retries and pauses; null for no limit beyond the retries.
    /// A cmdlet's <c>-Timeout</c> sets it. When it runs out the call fails with <c>&lt;Area&gt;.Timeout</c>.
    /// </summary>
    public TimeSpan? TotalTimeout { get; init; }

    /// <summary>Skip HTTPS certificate validation (self-signed test services). Default false.</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>Called once per HTTP exchange (including retries). Must not throw; may be called concurrently.</summary>
    public Action<HttpRequestLogEntry>? RequestLog { get; init; }

    /// <summary>Called before each retry with a one-line, secret-free notice (what failed and when the next try is).</summary>
    public Action<string>? RetryNotice { get; init; }

    /// <summary>The clock for retry pauses and budgets. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The largest response body accepted. Default 64 MiB.</summary>
    public long MaxResponseBytes { get; init; } = 64L * 1024 * 1024;
}
