using System.Text.Json;
using System.Text.Json.Serialization;

namespace RspAdmin.Core.Prepull;

/// <summary>The type of a watch event.</summary>
internal enum WatchEventKind
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}

/// <summary>
/// One line of a Kubernetes watch stream, reduced to what the prepull executor reads: the event type
/// and the few fields of its object below. Every other field (the pod spec, managed fields, node
/// images...) is skipped by the reader without being kept.
/// </summary>
internal sealed class WatchLine
{
    /// <summary>ADDED, MODIFIED, DELETED, BOOKMARK or ERROR; null when missing or of another name.</summary>
    [JsonPropertyName("type")]
    [JsonConverter(typeof(WatchEventKindConverter))]
    public WatchEventKind? Type { get; set; }

    /// <summary>The pod or node; for an ERROR event, a Status.</summary>
    [JsonPropertyName("object")]
    public WatchedObject? Object { get; set; }
}

/// <summary>A list response (the resync after an expired watch): its resourceVersion and items.</summary>
internal sealed class WatchedList
{
    [JsonPropertyName("metadata")]
    public WatchedMetadata? Metadata { get; set; }

    [JsonPropertyName("items")]
    public List<WatchedObject>? Items { get; set; }
}

/// <summary>
/// A pod, a node or a Status, as far as the executor reads them. A Status (the object of an ERROR
/// event) has <see cref="Code"/>, <see cref="Reason"/> and <see cref="Message"/>; its <c>status</c> is
/// a string, which leaves <see cref="Status"/> null.
/// </summary>
internal sealed class WatchedObject
{
    [JsonPropertyName("kind")]
    [JsonConverter(typeof(KnownTextConverter))]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public WatchedMetadata? Metadata { get; set; }

    [JsonPropertyName("spec")]
    public WatchedPodSpec? Spec { get; set; }

    [JsonPropertyName("status")]
    [JsonConverter(typeof(PodStatusConverter))]
    public WatchedPodStatus? Status { get; set; }

    /// <summary>A Status's HTTP code (410 when the resourceVersion expired).</summary>
    [JsonPropertyName("code")]
    public int? Code { get; set; }

    /// <summary>A Status's reason (<c>Expired</c>, <c>Gone</c>...).</summary>
    [JsonPropertyName("reason")]
    [JsonConverter(typeof(KnownTextConverter))]
    public string? Reason { get; set; }

    /// <summary>A Status's message.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    public string? Name => Metadata?.Name;
}

internal sealed class WatchedMetadata
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    [JsonPropertyName("resourceVersion")]
    public string? ResourceVersion { get; set; }
}

internal sealed class WatchedPodSpec
{
    [JsonPropertyName("nodeName")]
    public string? NodeName { get; set; }
}

internal sealed class WatchedPodStatus
{
    [JsonPropertyName("phase")]
    [JsonConverter(typeof(KnownTextConverter))]
    public string? Phase { get; set; }

    [JsonPropertyName("reason")]
    [JsonConverter(typeof(KnownTextConverter))]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("containerStatuses")]
    public List<WatchedContainerStatus>? ContainerStatuses { get; set; }
}

internal sealed class WatchedContainerStatus
{
    [JsonPropertyName("state")]
    public WatchedContainerState? State { get; set; }
}

internal sealed class WatchedContainerState
{
    [JsonPropertyName("waiting")]
    public WatchedContainerEnd? Waiting { get; set; }

    [JsonPropertyName("terminated")]
    public WatchedContainerEnd? Terminated { get; set; }
}

/// <summary>A container's waiting or terminated state: its reason, message and (terminated) exit code.</summary>
internal sealed class WatchedContainerEnd
{
    [JsonPropertyName("reason")]
    [JsonConverter(typeof(KnownTextConverter))]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("exitCode")]
    public int? ExitCode { get; set; }
}

/// <summary>The source-generated metadata the watch reader deserializes with: no reflection, no V1Pod.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(WatchLine))]
[JsonSerializable(typeof(WatchedList))]
[JsonSerializable(typeof(WatchedObject))]
[JsonSerializable(typeof(WatchedPodStatus))]
internal sealed partial class WatchJsonContext : JsonSerializerContext
{
}

/// <summary>Reads the event type without allocating its text; a name it does not know reads as null.</summary>
internal sealed class WatchEventKindConverter : JsonConverter<WatchEventKind?>
{
    public override WatchEventKind? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return reader.ValueTextEquals("MODIFIED"u8) ? WatchEventKind.Modified
            : reader.ValueTextEquals("ADDED"u8) ? WatchEventKind.Added
            : reader.ValueTextEquals("DELETED"u8) ? WatchEventKind.Deleted
            : reader.ValueTextEquals("BOOKMARK"u8) ? WatchEventKind.Bookmark
            : reader.ValueTextEquals("ERROR"u8) ? WatchEventKind.Error
            : null;
    }

    public override void Write(Utf8JsonWriter writer, WatchEventKind? value, JsonSerializerOptions options) =>
        throw new NotSupportedException();
}

/// <summary>
/// Reads a string, handing out one shared instance for the values every event repeats (phases,
/// kinds, the usual container reasons) instead of a new string each time.
/// </summary>
internal sealed class KnownTextConverter : JsonConverter<string?>
{
    private static readonly (byte[] Utf8, string Text)[] Known = new[]
    {
        "Pending", "Running", "Succeeded", "Failed", "Unknown", "Pod", "Node", "Status",
        "ContainerCreating", "PodInitializing", "Completed", "Error", "ErrImagePull", "ImagePullBackOff",
        "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable", "Expired", "Gone",
    }.Select(t => (System.Text.Encoding.UTF8.GetBytes(t), t)).ToArray();

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, found {reader.TokenType}.");
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var span = reader.ValueSpan;
            foreach (var (utf8, text) in Known)
            {
                if (span.SequenceEqual(utf8))
                {
                    return text;
                }
            }
        }

        return reader.GetString();
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) =>
        throw new NotSupportedException();
}

/// <summary>
/// A pod's <c>status</c> is an object; a Status's <c>status</c> is the text <c>Success</c> or
/// <c>Failure</c>. Reads the first, and passes over anything else as null.
/// </summary>
internal sealed class PodStatusConverter : JsonConverter<WatchedPodStatus?>
{
    public override WatchedPodStatus? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return JsonSerializer.Deserialize(ref reader, WatchJsonContext.Default.WatchedPodStatus);
        }

        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, WatchedPodStatus? value, JsonSerializerOptions options) =>
        throw new NotSupportedException();
}
