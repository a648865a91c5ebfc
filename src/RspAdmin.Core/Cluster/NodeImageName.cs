namespace RspAdmin.Core.Cluster;

/// <summary>
/// Reads the names kubelet reports for a cached image the way Nublado does: the digest of an entry
/// is the digest of its first name of the form <c>registry/repository[:tag][@digest]</c> that has
/// one. Registry, repository and tag are not compared: matching is by digest only.
/// </summary>
public static class NodeImageName
{
    /// <summary>The digest of the first name that parses and carries a digest, or null.</summary>
    public static string? DigestOf(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (TrySplit(name, out _, out _, out var digest) && digest is not null)
            {
                return digest;
            }
        }

        return null;
    }

    /// <summary>
    /// Splits <c>registry/repository[:tag][@digest]</c>. Fails for anything else, such as
    /// <c>&lt;none&gt;@&lt;none&gt;</c>.
    /// </summary>
    public static bool TrySplit(string? name, out string repository, out string? tag, out string? digest)
    {
        repository = string.Empty;
        tag = null;
        digest = null;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var rest = name;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var candidate = rest[(at + 1)..];
            if (!IsDigest(candidate))
            {
                return false;
            }

            digest = candidate;
            rest = rest[..at];
        }

        var slash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > slash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (tag.Length == 0 || !tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        if (slash <= 0 || rest.Length == 0 || rest.EndsWith('/') || !rest.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or ':'))
        {
            return false;
        }

        repository = rest;
        return true;
    }

    private static bool IsDigest(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        return text[..colon].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '.' or '_' or '-')
            && text[(colon + 1)..].All(c => char.IsAsciiLetterOrDigit(c) || c is '=' or '_' or '-');
    }
}
