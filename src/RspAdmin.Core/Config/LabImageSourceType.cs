namespace RspAdmin.Core.Config;

/// <summary>Where the lab images come from.</summary>
public enum LabImageSourceType
{
    /// <summary>A Docker Registry v2 (Docker Hub, ghcr.io, a private registry): tags are listed, digests looked up per tag.</summary>
    Docker = 0,

    /// <summary>Google Artifact Registry: every image is listed with its digest and tags.</summary>
    Google = 1,
}
