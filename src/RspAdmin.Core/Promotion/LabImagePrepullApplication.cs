namespace RspAdmin.Core.Promotion;

/// <summary>The Phalanx application whose values keep an image prepulled.</summary>
public enum LabImagePrepullApplication
{
    /// <summary>Nublado v3: <c>controller.config.images.pin</c> in <c>applications/nublado/values-ENV.yaml</c>.</summary>
    Nublado,

    /// <summary>Legacy cachemachine (Nublado v2): a <c>SimpleRepoMan</c> image in <c>applications/cachemachine/values-ENV.yaml</c>.</summary>
    Cachemachine,
}
