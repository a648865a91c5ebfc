using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace RspAdmin.Core.Registry;

/// <summary>
/// An image reference <c>[registry/]repository[:tag][@digest]</c>, normalized as docker and skopeo read it
/// (the distribution reference grammar): the part before the first <c>/</c> is the registry only when it
/// holds a <c>.</c> or a <c>:</c> or is <c>localhost</c>; otherwise the reference names Docker Hub
/// (<c>docker.io</c>), where a one-component repository gets the <c>library/</c> prefix. Tags follow
/// <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>, repositories the distribution path grammar and digests
/// <c>algorithm:encoded</c> with the exact hex length for sha256 and sha512.
/// </summary>
public sealed partial class ImageReference : IEquatable<ImageReference>
{
    private const int MaxRepositoryLength = 255;

    private ImageReference(string registry, string repository, string? tag, string? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry, <c>host[:port]</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path, e.g. <c>lsst-sqre/sciplat-lab</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag, or null.</summary>
    public string? Tag { get; }

    /// <summary>The digest, or null.</summary>
    public string? Digest { get; }

    /// <summary>What to ask the registry for: the digest when there is one, else the tag, else <c>latest</c>.</summary>
    public string Reference => Digest ?? Tag ?? "latest";

    /// <summary>Builds a reference from parts, validating each.</summary>
    /// <exception cref="FormatException">A part does not follow the grammar.</exception>
    public static ImageReference Create(string registry, string repository, string? tag = null, string? digest = null)
    {
        var error = ValidateRegistry(registry) ?? ValidateRepository(repository)
            ?? (tag is null ? null : ValidateTag(tag)) ?? (digest is null ? null : ValidateDigest(digest));
        if (error is not null)
        {
            throw new FormatException(error);
        }

        return new ImageReference(registry, repository, tag, digest);
    }

    /// <summary>Parses a reference.</summary>
    /// <exception cref="FormatException">The text is not a valid reference; the message says why.</exception>
    public static ImageReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var reference, out var error) ? reference : throw new FormatException(error);
    }

    /// <summary>Parses a reference; never throws.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference) =>
        TryParse(text, out reference, out _);

    /// <summary>Parses a reference; never throws. <paramref name="error"/> says why parsing failed.</summary>
    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out ImageReference? reference,
        [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "An image reference must not be empty.";
            return false;
        }

        var (registry, rest) = SplitDomain(text);
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0 && rest.IndexOf('/', colon) < 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        error = ValidateRegistry(registry) ?? ValidateRepository(rest)
            ?? (tag is null ? null : ValidateTag(tag)) ?? (digest is null ? null : ValidateDigest(digest));
        if (error is not null)
        {
            error = $"'{text}' is not an image reference: {error}";
            return false;
        }

        if (registry == DockerHub && !rest.Contains('/', StringComparison.Ordinal))
        {
            rest = "library/" + rest;
        }

        reference = new ImageReference(registry, rest, tag, digest);
        return true;
    }

    /// <summary>The registry that references without one name: Docker Hub.</summary>
    public const string DockerHub = "docker.io";

    // As the distribution reference grammar normalizes names: the part before the first '/' is a registry
    // only when it has a '.' or a ':', is "localhost", or has upper-case letters; otherwise the whole name is
    // a Docker Hub repository. "index.docker.io" is Docker Hub's legacy name.
    private static (string Registry, string Remainder) SplitDomain(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            return (DockerHub, text);
        }

        var first = text[..slash];
        var isDomain = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost" || !string.Equals(first, first.ToLowerInvariant(), StringComparison.Ordinal)
            || first.Length == 0;
        if (!isDomain)
        {
            return (DockerHub, text);
        }

        return (string.Equals(first, "index.docker.io", StringComparison.OrdinalIgnoreCase) ? DockerHub : first, text[(slash + 1)..]);
    }

    /// <summary>True when <paramref name="tag"/> follows the tag grammar.</summary>
    public static bool IsValidTag(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    /// <summary>True when <paramref name="digest"/> follows the digest grammar.</summary>
    public static bool IsValidDigest(string? digest) => digest is not null && ValidateDigest(digest) is null;

    /// <summary>True when <paramref name="repository"/> follows the repository path grammar.</summary>
    public static bool IsValidRepository(string? repository) => repository is not null && ValidateRepository(repository) is null;

    /// <summary>Returns a copy with another tag (and no digest).</summary>
    public ImageReference WithTag(string tag) => Create(Registry, Repository, tag);

    /// <summary>Formats as <c>registry/repository[:tag][@digest]</c>.</summary>
    public override string ToString() =>
        Registry + "/" + Repository + (Tag is null ? string.Empty : ":" + Tag) + (Digest is null ? string.Empty : "@" + Digest);

    /// <inheritdoc />
    public bool Equals(ImageReference? other) =>
        other is not null
        && string.Equals(Registry, other.Registry, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Repository, other.Repository, StringComparison.Ordinal)
        && string.Equals(Tag, other.Tag, StringComparison.Ordinal)
        && string.Equals(Digest, other.Digest, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ImageReference);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Registry), Repository, Tag, Digest);

    private static string? ValidateRegistry(string registry)
    {
        if (registry.Length == 0)
        {
            return "the registry (before the first '/') is empty.";
        }

        return RegistryPattern().IsMatch(registry) && registry.Length <= 255
            ? null
            : $"the registry '{registry}' is not a host name or address with an optional port.";
    }

    private static string? ValidateRepository(string repository)
    {
        if (repository.Length == 0)
        {
            return "the repository is empty.";
        }

        if (repository.Length > MaxRepositoryLength)
        {
            return $"the repository is longer than {MaxRepositoryLength} characters.";
        }

        return RepositoryPattern().IsMatch(repository)
            ? null
            : $"the repository '{repository}' must be lower-case path components ([a-z0-9] separated by '.', '_', '__' or '-') joined by '/'.";
    }

    private static string? ValidateTag(string tag) =>
        TagPattern().IsMatch(tag)
            ? null
            : $"the tag '{tag}' must match [A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}}.";

    private static string? ValidateDigest(string digest)
    {
        var match = DigestPattern().Match(digest);
        if (!match.Success)
        {
            return $"the digest '{digest}' must be algorithm:encoded (e.g. sha256:<64 hex digits>).";
        }

        var algorithm = match.Groups["algorithm"].Value;
        var encoded = match.Groups["encoded"].Value;
        var hexLength = algorithm switch { "sha256" => 64, "sha512" => 128, _ => 0 };
        if (hexLength > 0 && (encoded.Length != hexLength || !LowerHexPattern().IsMatch(encoded)))
        {
            return $"the {algorithm} digest '{digest}' must have exactly {hexLength} lower-case hex digits.";
        }

        return null;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\A[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"\A(?<algorithm>[a-z0-9]+(?:[.+_-][a-z0-9]+)*):(?<encoded>[a-zA-Z0-9=_-]+)\z", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"\A[a-f0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex LowerHexPattern();

    // A DNS name (labels of letters, digits and inner hyphens) or a bracketed IPv6 address, with an optional port.
    [GeneratedRegex(@"\A(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryPattern();
}
