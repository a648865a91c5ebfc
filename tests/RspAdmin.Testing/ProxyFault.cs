namespace RspAdmin.Testing;

/// <summary>A fault to inject for the next <see cref="Times"/> requests whose path contains <see cref="PathContains"/>.</summary>
/// <param name="Kind">What to do instead of forwarding.</param>
public sealed record ProxyFault(ProxyFaultKind Kind)
{
    /// <summary>How many matching requests get the fault. Default 1.</summary>
    public int Times { get; init; } = 1;

    /// <summary>Only requests whose path contains this text; null: any request.</summary>
    public string? PathContains { get; init; }

    /// <summary>The <c>Retry-After</c> value for <see cref="ProxyFaultKind.TooManyRequests"/> (seconds or an HTTP date); null: none.</summary>
    public string? RetryAfter { get; init; } = "1";

    /// <summary>How long <see cref="ProxyFaultKind.Stall"/> waits before answering. Default 10 s.</summary>
    public TimeSpan StallFor { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The status <see cref="ProxyFaultKind.Respond"/> answers. Default 500.</summary>
    public int Status { get; init; } = 500;

    /// <summary>The body <see cref="ProxyFaultKind.Respond"/> answers (JSON). Default empty.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The <c>Location</c> header <see cref="ProxyFaultKind.Respond"/> sends, or null.</summary>
    public string? Location { get; init; }
}
