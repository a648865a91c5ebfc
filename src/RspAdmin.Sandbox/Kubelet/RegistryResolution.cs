namespace RspAdmin.Sandbox.Kubelet;

/// <summary>The outcome of resolving an image against its registry: a digest and size, or the reason it cannot be pulled.</summary>
public sealed record RegistryResolution(string? Digest, long SizeBytes, string? Error)
{
    public bool Found => Error is null;

    public static RegistryResolution Failed(string error) => new(null, 0, error);
}
