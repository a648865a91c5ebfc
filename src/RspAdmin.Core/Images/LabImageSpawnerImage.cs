namespace RspAdmin.Core.Images;

/// <summary>
/// One image as Nublado's spawner API lists it (<c>PrepulledImage</c>): reference, tag, display
/// name, digest when known, the other tags of the image (alias target included) and whether it is
/// prepulled.
/// </summary>
public sealed record LabImageSpawnerImage(string Reference, string Tag, string Name, string? Digest, IReadOnlyList<string> Aliases, bool Prepulled)
{
    /// <summary>Projects a catalog image.</summary>
    public static LabImageSpawnerImage From(LabImage image, bool prepulled)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new LabImageSpawnerImage(image.Reference, image.Tag, image.DisplayName, image.Digest, image.AllOtherTags, prepulled);
    }
}
