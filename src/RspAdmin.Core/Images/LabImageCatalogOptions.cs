namespace RspAdmin.Core.Images;

/// <summary>How <see cref="LabImageCatalogBuilder"/> builds a catalog.</summary>
public sealed class LabImageCatalogOptions
{
    /// <summary>Which tags to look up digests for (default: the prepull set).</summary>
    public LabImageDigestMode ResolveDigest { get; init; } = LabImageDigestMode.PrepullSet;

    /// <summary>At most this many digest lookups run at once (default 8, at least 1).</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>List architecture-specific images (<c>-amd64</c>, <c>-arm64</c>) in <see cref="LabImageCatalog.All"/>; hidden by default.</summary>
    public bool IncludeArchitectureSpecific { get; init; }

    /// <summary>Told after each digest lookup.</summary>
    public IProgress<LabImageDigestProgress>? Progress { get; init; }

    /// <summary>The clock for the dropdown's age filters (default: the system clock).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
