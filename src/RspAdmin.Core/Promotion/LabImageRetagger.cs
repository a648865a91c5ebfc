using RspAdmin.Core.Registry;

namespace RspAdmin.Core.Promotion;

/// <summary>
/// Gives a manifest a second tag without changing it: one <c>GET</c> of the source tag with every manifest
/// media type accepted, one <c>PUT</c> of exactly those bytes with the same <c>Content-Type</c> under the new
/// tag, and one <c>HEAD</c> of the new tag to check that the registry reports the same digest. Docker image
/// manifests, OCI image manifests and multi-architecture indexes or manifest lists all keep their digest, so
/// nothing is pushed but the manifest itself.
/// </summary>
/// <remarks>
/// Nothing is written when any step before the <c>PUT</c> fails (a missing or malformed source, an unexpected
/// digest, a refused tag). After the <c>PUT</c>, a digest other than the source's is a
/// <see cref="LabImagePromotionErrorReason.VerificationFailed"/> error that says what the registry now holds.
/// </remarks>
public static class LabImageRetagger
{
    /// <summary>
    /// Checks both tags against the tag grammar and that they differ.
    /// </summary>
    /// <exception cref="LabImagePromotionException"><c>Promotion.InvalidTag</c> or <c>Promotion.SameTag</c>.</exception>
    public static void ValidateTags(string sourceTag, string newTag)
    {
        foreach (var tag in new[] { sourceTag, newTag })
        {
            if (!ImageReference.IsValidTag(tag))
            {
                throw new LabImagePromotionException(
                    LabImagePromotionErrorReason.InvalidTag,
                    $"'{tag}' is not a tag: tags are 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.",
                    tag);
            }
        }

        if (string.Equals(sourceTag, newTag, StringComparison.Ordinal))
        {
            throw new LabImagePromotionException(LabImagePromotionErrorReason.SameTag, $"The new tag is the source tag '{sourceTag}'; there is nothing to copy.", sourceTag);
        }
    }

    /// <summary>
    /// Reads the manifest of <paramref name="tag"/> exactly as stored (one <c>GET</c>), and checks its digest
    /// against <paramref name="expectedDigest"/> when one is given.
    /// </summary>
    /// <exception cref="LabImagePromotionException"><c>Promotion.TagNotFound</c> when the tag does not exist; <c>Promotion.DigestChanged</c> when the digest is not the expected one.</exception>
    /// <exception cref="RegistryException">Any other registry failure (unreachable, authentication, a missing repository...).</exception>
    public static async Task<ManifestContent> ReadAsync(
        RegistryClient client, string repository, string tag, string? expectedDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ManifestContent manifest;
        try
        {
            manifest = await client.GetManifestAsync(repository, tag, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.Reason == RegistryErrorKind.ManifestNotFound)
        {
            throw new LabImagePromotionException(
                LabImagePromotionErrorReason.TagNotFound,
                $"{client.Registry}/{repository} has no tag '{tag}'. Nothing was changed.",
                $"{client.Registry}/{repository}:{tag}",
                e);
        }

        if (expectedDigest is not null && !string.Equals(expectedDigest, manifest.Digest, StringComparison.Ordinal))
        {
            throw new LabImagePromotionException(
                LabImagePromotionErrorReason.DigestChanged,
                $"{client.Registry}/{repository}:{tag} is {manifest.Digest} now, not the expected {expectedDigest}: it was pushed again since it was approved. Nothing was changed.",
                $"{client.Registry}/{repository}:{tag}");
        }

        return manifest;
    }

    /// <summary>
    /// Stores <paramref name="manifest"/> (read from <paramref name="sourceTag"/>) under <paramref name="newTag"/>
    /// with its own media type (one <c>PUT</c>), then checks with one <c>HEAD</c> that the registry reports the
    /// manifest's digest for the new tag.
    /// </summary>
    /// <exception cref="LabImagePromotionException"><c>Promotion.VerificationFailed</c> when the registry reports another digest (or none) afterwards; the message says what it holds.</exception>
    /// <exception cref="RegistryException">The registry refused the <c>PUT</c> (nothing changed).</exception>
    public static async Task<LabImageRetagResult> WriteAsync(
        RegistryClient client, string repository, string sourceTag, ManifestContent manifest, string newTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(manifest);
        var target = $"{client.Registry}/{repository}:{newTag}";
        try
        {
            await client.PutManifestAsync(repository, newTag, manifest.Bytes, manifest.MediaType, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.Reason == RegistryErrorKind.DigestMismatch)
        {
            // The registry stored something, but says it is not these bytes: find out what the tag names now.
            throw await VerificationFailureAsync(client, repository, newTag, manifest.Digest, target, e, cancellationToken).ConfigureAwait(false);
        }

        ManifestDescriptor stored;
        try
        {
            stored = await client.HeadManifestAsync(repository, newTag, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e)
        {
            throw new LabImagePromotionException(
                LabImagePromotionErrorReason.VerificationFailed,
                $"The registry accepted {target} as {manifest.Digest}, but reading it back failed ({e.Message}); check what it names before relying on it.",
                target,
                e);
        }

        if (!string.Equals(stored.Digest, manifest.Digest, StringComparison.Ordinal))
        {
            throw new LabImagePromotionException(
                LabImagePromotionErrorReason.VerificationFailed,
                $"The registry now holds {stored.Digest} under {target}, not {manifest.Digest} ({sourceTag}): the tag was changed, but not to the copied manifest.",
                target)
            {
                RegistryDigest = stored.Digest,
            };
        }

        return new LabImageRetagResult(client.Registry, repository, sourceTag, newTag, manifest.Digest, manifest.MediaType, manifest.Bytes.Length);
    }

    /// <summary>
    /// Copies <paramref name="sourceTag"/> to <paramref name="newTag"/>: exactly one <c>GET</c>, one <c>PUT</c>
    /// and one verifying <c>HEAD</c> (plus any authentication exchanges the registry asks for).
    /// </summary>
    /// <param name="client">A client of the registry.</param>
    /// <param name="repository">Repository path.</param>
    /// <param name="sourceTag">The tag to copy.</param>
    /// <param name="newTag">The tag to create or move.</param>
    /// <param name="expectedDigest">When given, refuse unless the source has this digest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="LabImagePromotionException">A refusal or a failed verification (see <see cref="LabImagePromotionErrorReason"/>).</exception>
    /// <exception cref="RegistryException">Any other registry failure.</exception>
    public static async Task<LabImageRetagResult> CopyAsync(
        RegistryClient client, string repository, string sourceTag, string newTag, string? expectedDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ValidateTags(sourceTag, newTag);
        var manifest = await ReadAsync(client, repository, sourceTag, expectedDigest, cancellationToken).ConfigureAwait(false);
        return await WriteAsync(client, repository, sourceTag, manifest, newTag, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LabImagePromotionException> VerificationFailureAsync(
        RegistryClient client, string repository, string tag, string expected, string target, Exception cause, CancellationToken cancellationToken)
    {
        string holds;
        string? digest = null;
        try
        {
            digest = (await client.HeadManifestAsync(repository, tag, cancellationToken).ConfigureAwait(false)).Digest;
            holds = $"now holds {digest} under {target}";
        }
        catch (RegistryException e) when (e.Reason == RegistryErrorKind.ManifestNotFound)
        {
            holds = $"holds no manifest under {target}";
        }
        catch (RegistryException e)
        {
            holds = $"could not be asked what {target} names ({e.Message})";
        }

        return new LabImagePromotionException(
            LabImagePromotionErrorReason.VerificationFailed,
            $"The registry stored the manifest under another digest than {expected} ({cause.Message}); it {holds}.",
            target,
            cause)
        {
            RegistryDigest = digest,
        };
    }
}
