namespace RspAdmin.Core.Prepull;

/// <summary>How to run a prepull plan.</summary>
public sealed class PrepullExecutorOptions
{
    /// <summary>How many nodes pull at the same time (each node pulls one image at a time).</summary>
    public int ThrottleLimit { get; init; } = 100;

    /// <summary>How long one pull may take, from pod creation until the pod ends.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long deleting the pods may take after a pull, a failure or a cancellation.</summary>
    public TimeSpan CleanupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a request refused with 429, 500, 502, 503 or 504 is retried.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first pause before a retry (doubled each time, or the server's Retry-After).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Told when a node starts or finishes a pull (called synchronously on pool threads).</summary>
    public Action<PrepullProgress>? Progress { get; init; }

    /// <summary>Told each result as it is known (called on pool threads).</summary>
    public Action<PrepullResult>? ResultAvailable { get; init; }

    /// <summary>Told things worth a verbose line (called on pool threads).</summary>
    public Action<string>? Log { get; init; }
}
