using RspAdmin.Core.Config;
using RspAdmin.Core.Registry;

namespace RspAdmin.Core.Images;

/// <summary>
/// Reads a lab image catalog from a registry: lists the repository's tags, resolves the digests the
/// digest mode asks for, and builds the catalog Nublado would compute from the same configuration.
/// </summary>
public static class LabImageCatalogService
{
    /// <summary>Builds the catalog of the configured source.</summary>
    /// <exception cref="RegistryException">The registry could not be read; the kind says why.</exception>
    public static async Task<LabImageCatalog> LoadAsync(
        LabImageConfig config,
        RegistryAccess access,
        LabImageCatalogOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(options);

        // A Google Artifact Registry answers the registry API too; its listing gives every digest,
        // which the registry API only gives tag by tag, so it needs them all.
        if (config.Source.Kind == LabImageSourceType.Google && options.ResolveDigest == LabImageDigestMode.PrepullSet)
        {
            options = new LabImageCatalogOptions
            {
                ResolveDigest = LabImageDigestMode.All,
                MaxConcurrency = options.MaxConcurrency,
                IncludeArchitectureSpecific = options.IncludeArchitectureSpecific,
                Progress = options.Progress,
                TimeProvider = options.TimeProvider,
            };
        }

        using var client = access.CreateClient(config.Registry);
        var tags = await client.ListTagsAsync(config.Repository, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await new LabImageCatalogBuilder(config).BuildAsync(
            tags,
            async (tag, token) => (await client.HeadManifestAsync(config.Repository, tag, token).ConfigureAwait(false)).Digest,
            options,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Looks up one image by reference. The tag is required; a digest in the reference must match
    /// what the registry holds for the tag.
    /// </summary>
    /// <exception cref="RegistryException">The registry could not be read, the image does not exist, or the digest differs.</exception>
    /// <exception cref="RspException"><c>Reference.NoTag</c>: the reference has a digest but no tag.</exception>
    public static async Task<LabImage> GetImageAsync(
        ImageReference reference,
        RegistryAccess access,
        IReadOnlyCollection<string> aliasTags,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(access);
        if (reference.Tag is null)
        {
            throw new RspException(
                "Reference.NoTag", ErrorKind.InvalidArgument, $"The reference {reference} has no tag; name the image by tag (a digest alone does not say which tag it is).", reference.ToString());
        }

        using var client = access.CreateClient(reference.Registry);
        var descriptor = await client.HeadManifestAsync(reference.Repository, reference.Tag, cancellationToken).ConfigureAwait(false);
        if (reference.Digest is not null && !string.Equals(reference.Digest, descriptor.Digest, StringComparison.Ordinal))
        {
            throw new RegistryException(
                RegistryErrorKind.DigestMismatch,
                reference.Registry,
                $"holds {descriptor.Digest} for {reference.Repository}:{reference.Tag}, not {reference.Digest}.",
                $"HEAD {reference.Repository}:{reference.Tag}");
        }

        var tag = aliasTags.Contains(reference.Tag) ? LabImageTagParser.ParseAlias(reference.Tag) : LabImageTagParser.Parse(reference.Tag);
        // Size is what nodes report for the pulled image; the registry's manifest length is not that.
        return new LabImage(tag, reference.Registry, reference.Repository, descriptor.Digest);
    }
}
