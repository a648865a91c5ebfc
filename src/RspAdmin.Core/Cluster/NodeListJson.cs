using System.Text.Json.Serialization;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// A node list as far as <see cref="ClusterNode"/> reads it: names, labels, taints and cached images,
/// read by the source-generated <see cref="NodeListJsonContext"/> instead of KubernetesClient's full
/// V1Node models (whose quantities, conditions and timestamps a thousand-node list would parse for nothing).
/// </summary>
internal sealed class NodeListDocument
{
    [JsonPropertyName("metadata")]
    public NodeListMetadata? Metadata { get; set; }

    [JsonPropertyName("items")]
    public List<NodeDocument>? Items { get; set; }
}

internal sealed class NodeListMetadata
{
    [JsonPropertyName("resourceVersion")]
    public string? ResourceVersion { get; set; }
}

internal sealed class NodeDocument
{
    [JsonPropertyName("metadata")]
    public NodeDocumentMetadata? Metadata { get; set; }

    [JsonPropertyName("spec")]
    public NodeDocumentSpec? Spec { get; set; }

    [JsonPropertyName("status")]
    public NodeDocumentStatus? Status { get; set; }
}

internal sealed class NodeDocumentMetadata
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("labels")]
    public Dictionary<string, string>? Labels { get; set; }
}

internal sealed class NodeDocumentSpec
{
    [JsonPropertyName("taints")]
    public List<NodeDocumentTaint>? Taints { get; set; }
}

internal sealed class NodeDocumentTaint
{
    [JsonPropertyName("key")]
    public string? Key { get; set; }

    [JsonPropertyName("value")]
    public string? Value { get; set; }

    [JsonPropertyName("effect")]
    public string? Effect { get; set; }
}

internal sealed class NodeDocumentStatus
{
    [JsonPropertyName("images")]
    public List<NodeDocumentImage>? Images { get; set; }
}

internal sealed class NodeDocumentImage
{
    [JsonPropertyName("names")]
    public string[]? Names { get; set; }

    [JsonPropertyName("sizeBytes")]
    public long? SizeBytes { get; set; }
}

/// <summary>The source-generated metadata the node list is read with.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(NodeListDocument))]
internal sealed partial class NodeListJsonContext : JsonSerializerContext
{
}
