namespace RspAdmin.Core.Prepull;

/// <summary>An object that owns the prepull pods (Nublado's controller pod), so that they are garbage-collected with it.</summary>
/// <param name="ApiVersion">The owner's apiVersion, e.g. <c>v1</c>.</param>
/// <param name="Kind">The owner's kind, e.g. <c>Pod</c>.</param>
/// <param name="Name">The owner's name.</param>
/// <param name="Uid">The owner's uid.</param>
public sealed record PrepullPodOwner(string ApiVersion, string Kind, string Name, string Uid);
