namespace RspAdmin.Testing;

/// <summary>A fault <see cref="FaultProxy"/> can inject in place of the registry's answer.</summary>
public enum ProxyFaultKind
{
    /// <summary>401 with a Bearer challenge saying the token expired (only for requests that carry a Bearer token).</summary>
    ExpiredToken,

    /// <summary>429 with <c>Retry-After</c>.</summary>
    TooManyRequests,

    /// <summary>503.</summary>
    ServiceUnavailable,

    /// <summary>The connection is reset (TCP RST) instead of answering.</summary>
    ConnectionReset,

    /// <summary>200 with a truncated JSON body.</summary>
    MalformedJson,

    /// <summary>No answer for <see cref="ProxyFault.StallFor"/> (the client is expected to time out), then the real one.</summary>
    Stall,

    /// <summary>Answers <see cref="ProxyFault.Status"/> with <see cref="ProxyFault.Body"/> (and <c>Location</c> when <see cref="ProxyFault.Location"/> is set) instead of forwarding.</summary>
    Respond,
}
