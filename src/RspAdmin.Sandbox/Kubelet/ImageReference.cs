namespace RspAdmin.Sandbox.Kubelet;

/// <summary>
/// A container image reference <c>[registry/]repository[:tag][@digest]</c>, as a container runtime reads it:
/// the first component is a registry when it contains a dot or a colon or is <c>localhost</c>; otherwise the
/// image is on <c>docker.io</c> (single-component names under <c>library/</c>).
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public static ImageReference Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        string? digest = null;
        var at = text.IndexOf('@');
        var rest = text;
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            rest = text[..at];
        }

        string? tag = null;
        var slash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > slash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var firstSlash = rest.IndexOf('/');
        string registry, repository;
        if (firstSlash > 0 && (rest[..firstSlash].Contains('.') || rest[..firstSlash].Contains(':') || rest[..firstSlash] == "localhost"))
        {
            registry = rest[..firstSlash];
            repository = rest[(firstSlash + 1)..];
        }
        else
        {
            registry = "docker.io";
            repository = firstSlash > 0 ? rest : "library/" + rest;
        }

        if (tag is null && digest is null)
        {
            tag = "latest";
        }

        return new ImageReference(registry, repository, tag, digest);
    }

    /// <summary><c>registry/repository</c>, the name prefix a node reports.</summary>
    public string Name => Registry + "/" + Repository;

    /// <summary>Whether the registry is on this machine's loopback interface (the only registries the sandbox contacts).</summary>
    public bool IsLoopbackRegistry
    {
        get
        {
            var host = Registry;
            if (host.StartsWith('['))
            {
                return host.StartsWith("[::1]", StringComparison.Ordinal);
            }

            var colon = host.IndexOf(':');
            if (colon >= 0)
            {
                host = host[..colon];
            }

            return host == "localhost" || host.StartsWith("127.", StringComparison.Ordinal);
        }
    }

    public override string ToString() => Name + (Tag is null ? string.Empty : ":" + Tag) + (Digest is null ? string.Empty : "@" + Digest);
}
