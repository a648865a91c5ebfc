using System.Text.Json;
using k8s;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Api;

/// <summary>
/// Metadata-only answers: meta.k8s.io/v1 PartialObjectMetadata (and PartialObjectMetadataList for a list),
/// given when the Accept header asks for <c>as=PartialObjectMetadata</c> or <c>as=PartialObjectMetadataList</c>,
/// as the API server answers clients that watch only names, labels and versions (metadata informers).
/// </summary>
public static class MetadataFormatter
{
    public const string ApiVersion = "meta.k8s.io/v1";

    /// <summary>Whether the Accept header asks for metadata only (and not for a Table, which wins).</summary>
    public static bool Wanted(string? accept) =>
        accept is not null && accept.Contains("as=PartialObjectMetadata", StringComparison.Ordinal) && !TableFormatter.Wanted(accept);

    /// <summary>One object's metadata as a PartialObjectMetadata document.</summary>
    public static byte[] Write(StoredObject stored)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "PartialObjectMetadata");
            w.WriteString("apiVersion", ApiVersion);
            w.WritePropertyName("metadata");
            w.WriteRawValue(KubernetesJson.Serialize(stored.Value.Metadata), skipInputValidation: true);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
