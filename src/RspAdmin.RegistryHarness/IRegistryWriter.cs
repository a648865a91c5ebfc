namespace RspAdmin.RegistryHarness;

/// <summary>The two writes seeding needs: a blob upload and a manifest PUT. Each returns the digest.</summary>
public interface IRegistryWriter
{
    /// <summary>Uploads <paramref name="blob"/> to <paramref name="repository"/> (nothing when it is there already); returns its digest.</summary>
    Task<string> UploadBlobAsync(string repository, byte[] blob, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="manifest"/> with <paramref name="mediaType"/> as <paramref name="tag"/>; returns the digest the registry reports.</summary>
    Task<string> PutManifestAsync(string repository, string tag, byte[] manifest, string mediaType, CancellationToken cancellationToken);
}
