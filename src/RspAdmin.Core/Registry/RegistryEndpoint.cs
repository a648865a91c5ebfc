using System.Net;

namespace RspAdmin.Core.Registry;

/// <summary>
/// Where a registry lives and whether it may be reached insecurely. Docker's rule: loopback registries
/// (<c>localhost</c>, 127.0.0.0/8, <c>::1</c>) are spoken to over plain HTTP; any other host over HTTPS with
/// certificate validation. <c>AllowInsecure</c> turns validation off, and is also required for an explicit
/// <c>http://</c> registry that is not on loopback.
/// </summary>
internal sealed class RegistryEndpoint
{
    private RegistryEndpoint(string registry, Uri baseAddress, bool skipCertificateValidation)
    {
        Registry = registry;
        BaseAddress = baseAddress;
        SkipCertificateValidation = skipCertificateValidation;
    }

    /// <summary>The registry as <c>host[:port]</c> (what error messages and the credential lookup use).</summary>
    public string Registry { get; }

    /// <summary><c>scheme://host[:port]/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>True when HTTPS certificates are not validated (insecure registry over HTTPS).</summary>
    public bool SkipCertificateValidation { get; }

    /// <summary>
    /// Resolves <paramref name="registry"/> (<c>host[:port]</c>, or with an explicit <c>http://</c> or
    /// <c>https://</c> prefix) into an endpoint.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a registry host.</exception>
    /// <exception cref="RegistryException"><see cref="RegistryErrorKind.InsecureRegistryRefused"/> for plain HTTP off loopback without <paramref name="allowInsecure"/>.</exception>
    public static RegistryEndpoint Resolve(string registry, bool allowInsecure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registry);
        var text = registry.Trim().TrimEnd('/');
        string? scheme = null;
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            scheme = Uri.UriSchemeHttp;
            text = text["http://".Length..];
        }
        else if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            scheme = Uri.UriSchemeHttps;
            text = text["https://".Length..];
        }

        if (text.Length == 0 || text.Contains('/') || text.Contains('@')
            || !Uri.TryCreate("http://" + text + "/", UriKind.Absolute, out var probe)
            || probe.PathAndQuery != "/")
        {
            throw new ArgumentException($"'{registry}' is not a registry host[:port].", nameof(registry));
        }

        var loopback = IsLoopback(probe.Host);
        scheme ??= loopback ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        if (scheme == Uri.UriSchemeHttp && !loopback && !allowInsecure)
        {
            throw new RegistryException(
                RegistryErrorKind.InsecureRegistryRefused,
                text,
                "plain HTTP is only used for loopback registries; set AllowInsecure to use it for this host.");
        }

        var builder = new UriBuilder(scheme, probe.Host, probe.IsDefaultPort ? -1 : probe.Port, "/");
        return new RegistryEndpoint(text, builder.Uri, allowInsecure && scheme == Uri.UriSchemeHttps && !loopback);
    }

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and <c>::1</c>.</summary>
    public static bool IsLoopback(string host)
    {
        var bare = host.Trim('[', ']');
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>True when <paramref name="uri"/> has the same scheme, host and port as the registry.</summary>
    public bool IsSameOrigin(Uri uri) =>
        Uri.Compare(uri, BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>True when a request to <paramref name="uri"/> may carry credentials: HTTPS, loopback, or insecure allowed.</summary>
    public static bool IsAcceptableTransport(Uri uri, bool allowInsecure) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (IsLoopback(uri.Host) || allowInsecure));
}
