namespace RspAdmin.Testing;

/// <summary>Settings of a <see cref="LocalRegistry"/>.</summary>
public sealed class LocalRegistryOptions
{
    /// <summary>How clients authenticate. Default <see cref="LocalRegistryAuthMode.None"/>.</summary>
    public LocalRegistryAuthMode AuthMode { get; init; }

    /// <summary>The user of the Basic and Token modes. Default <c>rspuser</c>.</summary>
    public string UserName { get; init; } = "rspuser";

    /// <summary>The password of the Basic and Token modes; null: a random one.</summary>
    public string? Password { get; init; }

    /// <summary>In Token mode, whether anonymous callers get pull-only tokens. Default false.</summary>
    public bool AllowAnonymousPull { get; init; }

    /// <summary>How long to wait for <c>GET /v2/</c> to answer after starting. Default 20 s.</summary>
    /// <summary>A fixed port on 127.0.0.1, or 0 for a free one.</summary>
    public int Port { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
