namespace RspAdmin.Core.Toolforge;

/// <summary>
/// The image catalog (<c>images-v1.yaml</c>, or the pre-2022 list): entries in file order, the text
/// they were read from, and where that text lives (a file, or the ConfigMap with its resourceVersion).
/// </summary>
public sealed class ToolforgeImageConfig
{
    /// <summary>The entries, in file order.</summary>
    public required IReadOnlyList<ToolforgeImageEntry> Entries { get; init; }

    /// <summary>The catalog text (the value of the data key, or the file's text).</summary>
    public required string Text { get; init; }

    /// <summary>A file path, or <c>configmap/tf-public/image-config</c> and the cluster.</summary>
    public required string Source { get; init; }

    /// <summary>The file, or null for a ConfigMap.</summary>
    public string? Path { get; init; }

    /// <summary>The ConfigMap's resourceVersion when read from a cluster (used for optimistic concurrency), else null.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>The API server the ConfigMap was read from, or null.</summary>
    public string? Server { get; init; }

    /// <summary>The kubeconfig context used, or null.</summary>
    public string? Context { get; init; }

    /// <summary>The data key the catalog was read from (a ConfigMap or a ConfigMap manifest file), or null for a bare file.</summary>
    public string? DataKey { get; init; }

    /// <summary>The newest schema generation of any entry (1, 2 or 3), 0 when empty.</summary>
    public int Generation => Entries.Count == 0 ? 0 : Entries.Max(e => e.Generation);

    /// <summary>Problems met while reading that did not stop it (only when read leniently).</summary>
    public IReadOnlyList<ToolforgeConfigFinding> ReadFindings { get; init; } = [];

    /// <summary>The entry named <paramref name="name"/> (first in file order), or null.</summary>
    public ToolforgeImageEntry? this[string name] => Entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    /// <inheritdoc />
    public override string ToString() => ResourceVersion is null ? Source : $"{Source} (resourceVersion {ResourceVersion})";
}
