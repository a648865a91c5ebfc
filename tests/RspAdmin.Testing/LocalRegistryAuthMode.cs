namespace RspAdmin.Testing;

/// <summary>How a <see cref="LocalRegistry"/> authenticates clients.</summary>
public enum LocalRegistryAuthMode
{
    /// <summary>Open: anyone may pull and push.</summary>
    None,

    /// <summary>htpasswd (bcrypt) Basic authentication.</summary>
    Basic,

    /// <summary>Bearer tokens from the harness's <see cref="TokenService"/>.</summary>
    Token,
}
