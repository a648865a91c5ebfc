using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RspAdmin.Core.BinderHub;

/// <summary>
/// The image name BinderHub pushes for a GitHub repository at a ref:
/// <c>lower(replace("_", "-", image_prefix + safe_slug + ":" + ref))</c>, where <c>safe_slug</c> is the
/// build slug <c>&lt;org&gt;-&lt;repo&gt;</c> escaped (ASCII letters and digits kept, every other byte of
/// its UTF-8 form written <c>-XX</c>), cut to <c>255 - len(image_prefix) - 7</c> characters, then
/// <c>-</c> and the first six hex digits of the SHA-256 of the build slug.
/// </summary>
public static partial class BinderImageName
{
    /// <summary>The pushed image name.</summary>
    /// <exception cref="RspException"><c>BinderHub.BadRepository</c> when the repository is not one fancy-profiles accepts; <c>BinderHub.BadRef</c> for an empty ref.</exception>
    public static string For(string repository, string gitRef, string imagePrefix)
    {
        ArgumentNullException.ThrowIfNull(imagePrefix);
        var (org, repo) = ParseRepository(repository);
        if (string.IsNullOrWhiteSpace(gitRef))
        {
            throw new RspException("BinderHub.BadRef", ErrorKind.InvalidArgument, "The git ref is empty.", gitRef,
                "Give the commit the image is built from (BinderHub names the image after the resolved commit).");
        }

        var buildSlug = org + "-" + repo;
        var limit = 255 - imagePrefix.Length;
        var escaped = Escape(buildSlug);
        var keep = Math.Max(0, limit - 7);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(buildSlug))).ToLowerInvariant()[..6];
        var safeSlug = escaped[..Math.Min(escaped.Length, keep)] + "-" + hash;
        return (imagePrefix + safeSlug + ":" + gitRef).Replace('_', '-').ToLowerInvariant();
    }

    /// <summary>
    /// The organization and repository of a GitHub repository as fancy-profiles accepts it:
    /// <c>org/repo</c> or <c>[http[s]://][www.]github.com/org/repo[/]</c>.
    /// </summary>
    /// <exception cref="RspException"><c>BinderHub.BadRepository</c>.</exception>
    public static (string Organization, string Repository) ParseRepository(string repository)
    {
        var match = repository is null ? null : RepositoryForm().Match(repository);
        if (match is null || !match.Success)
        {
            throw new RspException("BinderHub.BadRepository", ErrorKind.InvalidArgument,
                $"'{repository}' is not a GitHub repository: provide it as 'organization/repository'.", repository,
                "Write the repository as org/repo or https://github.com/org/repo.");
        }

        return (match.Groups["org"].Value, match.Groups["repo"].Value);
    }

    /// <summary>escapism's escape with safe characters ASCII letters and digits and escape character '-'.</summary>
    internal static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length * 2);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && char.IsAsciiLetterOrDigit((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var count = rune.EncodeToUtf8(bytes);
            for (var i = 0; i < count; i++)
            {
                builder.Append('-').Append(bytes[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\A(?:(?:https?://)?(?:www\.)?github\.com/)?(?<org>[^/\s]+)/(?<repo>[^/\s]+)/?\z")]
    private static partial Regex RepositoryForm();
}
