namespace RspAdmin.Core.Images;

/// <summary>Progress of the digest lookups: <paramref name="Completed"/> of <paramref name="Total"/> done, the last one for <paramref name="Tag"/>.</summary>
public readonly record struct LabImageDigestProgress(int Completed, int Total, string Tag);
