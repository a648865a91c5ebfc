namespace RspAdmin.Core.Http;

/// <summary>
/// Keeps credentials out of everything the HTTP stack reports: URLs lose their user information and the
/// values of query parameters whose names suggest a secret; header values are never reported at all.
/// </summary>
public static class HttpRedaction
{
    /// <summary>What replaces a secret value.</summary>
    public const string Mask = "REDACTED";

    private static readonly string[] SecretWords = ["token", "password", "passwd", "secret", "key", "signature", "sig", "credential", "auth", "code"];

    /// <summary>Whether a query parameter or header of this name carries a secret.</summary>
    public static bool IsSecretName(string name)
    {
        foreach (var word in SecretWords)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The URL without user information and with secret query values masked.</summary>
    public static string SafeUrl(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            return uri.OriginalString;
        }

        var needsUser = !string.IsNullOrEmpty(uri.UserInfo);
        var query = uri.Query;
        var safeQuery = RedactQuery(query);
        if (!needsUser && ReferenceEquals(query, safeQuery))
        {
            return uri.AbsoluteUri;
        }

        var builder = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty, Query = safeQuery.TrimStart('?') };
        return builder.Uri.AbsoluteUri;
    }

    /// <summary>The request as <c>METHOD URL</c>, redacted.</summary>
    public static string Describe(HttpMethod method, Uri uri) => method.Method + " " + SafeUrl(uri);

    private static string RedactQuery(string query)
    {
        if (query.Length <= 1)
        {
            return query;
        }

        var parts = query.TrimStart('?').Split('&');
        var changed = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && IsSecretName(Uri.UnescapeDataString(parts[i][..eq])))
            {
                parts[i] = parts[i][..(eq + 1)] + Mask;
                changed = true;
            }
        }

        return changed ? "?" + string.Join('&', parts) : query;
    }
}
