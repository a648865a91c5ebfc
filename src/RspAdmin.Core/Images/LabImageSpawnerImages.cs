namespace RspAdmin.Core.Images;

/// <summary>
/// The catalog in the shape of Nublado's <c>SpawnerImages</c> (<c>GET /spawner/v1/images</c>): the
/// image classes and every available image.
/// </summary>
public sealed record LabImageSpawnerImages(
    LabImageSpawnerImage? Recommended,
    LabImageSpawnerImage? LatestWeekly,
    LabImageSpawnerImage? LatestDaily,
    LabImageSpawnerImage? LatestRelease,
    IReadOnlyList<LabImageSpawnerImage> All);
