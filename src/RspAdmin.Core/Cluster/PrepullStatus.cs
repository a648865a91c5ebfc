using System.Text.Json;
using RspAdmin.Core.Config;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// Nublado's prepuller status (<c>GET /spawner/v1/prepulls</c>): the prepull-set images that every
/// eligible node holds, those some eligible node lacks, and every selector-matched node.
/// </summary>
public sealed class PrepullStatus
{
    internal PrepullStatus(LabImageConfig config, IReadOnlyList<PrepullStatusImage> prepulled, IReadOnlyList<PrepullStatusImage> pending, IReadOnlyList<LabNode> nodes)
    {
        Config = config;
        Prepulled = Text.List(prepulled);
        Pending = Text.List(pending);
        Nodes = Text.List(nodes);
    }

    /// <summary>The image settings in effect.</summary>
    public LabImageConfig Config { get; }

    /// <summary>Images on every eligible node, in menu order.</summary>
    public IReadOnlyList<PrepullStatusImage> Prepulled { get; }

    /// <summary>Images some eligible node lacks, in menu order.</summary>
    public IReadOnlyList<PrepullStatusImage> Pending { get; }

    /// <summary>Every node the lab node selector matched, by name.</summary>
    public IReadOnlyList<LabNode> Nodes { get; }

    /// <summary>Prepulled then pending images.</summary>
    public IReadOnlyList<PrepullStatusImage> Images => Text.List(Prepulled.Concat(Pending));

    /// <summary>True when nothing is pending.</summary>
    public bool Complete => Pending.Count == 0;

    /// <summary>The prepulled images' tags, for display.</summary>
    public string PrepulledSummary => Prepulled.Count == 0 ? "(none)" : string.Join(", ", Prepulled.Select(i => i.Tag));

    /// <summary>Each pending image with the eligible nodes that miss it, for display.</summary>
    public string PendingSummary => Pending.Count == 0
        ? "(none)"
        : string.Join("; ", Pending.Select(i => $"{i.Tag} (missing on {string.Join(", ", i.Missing)})"));

    /// <summary>The nodes, ineligible ones marked, for display.</summary>
    public string NodeSummary => string.Join(", ", Nodes.Select(n => n.Eligible ? n.Name : $"{n.Name} (ineligible)"));

    /// <summary>The status as the controller's JSON (snake_case keys, durations in seconds).</summary>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WritePropertyName("config");
            WriteConfig(w, Config);
            w.WriteStartObject("images");
            WriteImages(w, "prepulled", Prepulled);
            WriteImages(w, "pending", Pending);
            w.WriteEndObject();
            w.WriteStartArray("nodes");
            foreach (var node in Nodes)
            {
                w.WriteStartObject();
                w.WriteString("name", node.Name);
                w.WriteBoolean("eligible", node.Eligible);
                if (node.Comment is null)
                {
                    w.WriteNull("comment");
                }
                else
                {
                    w.WriteString("comment", node.Comment);
                }

                WriteStrings(w, "cached", node.Cached);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public override string ToString() => $"{Prepulled.Count} prepulled, {Pending.Count} pending on {Nodes.Count} nodes";

    private static void WriteImages(Utf8JsonWriter w, string name, IReadOnlyList<PrepullStatusImage> images)
    {
        w.WriteStartArray(name);
        foreach (var image in images)
        {
            w.WriteStartObject();
            w.WriteString("reference", image.Reference);
            w.WriteString("tag", image.Tag);
            w.WriteString("name", image.Name);
            if (image.Digest is null)
            {
                w.WriteNull("digest");
            }
            else
            {
                w.WriteString("digest", image.Digest);
            }

            if (image.Size is null)
            {
                w.WriteNull("size");
            }
            else
            {
                w.WriteNumber("size", image.Size.Value);
            }

            WriteStrings(w, "nodes", image.Nodes);
            WriteStrings(w, "missing", image.Missing);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteConfig(Utf8JsonWriter w, LabImageConfig config)
    {
        w.WriteStartObject();
        w.WriteStartObject("source");
        if (config.Source.Kind == LabImageSourceType.Google)
        {
            w.WriteString("type", "google");
            w.WriteString("location", config.Source.Location);
            w.WriteString("project_id", config.Source.ProjectId);
            w.WriteString("repository", config.Source.GoogleRepository);
            w.WriteString("image", config.Source.Image);
        }
        else
        {
            w.WriteString("type", "docker");
            w.WriteString("registry", config.Source.Registry);
            w.WriteString("repository", config.Source.Repository);
        }

        w.WriteEndObject();
        w.WriteNumber("refresh_interval", config.RefreshInterval.TotalSeconds);
        w.WriteNumber("prepull_timeout", config.PrepullTimeout.TotalSeconds);
        w.WriteString("recommended_tag", config.RecommendedTag);
        w.WriteNumber("num_releases", config.NumReleases);
        w.WriteNumber("num_weeklies", config.NumWeeklies);
        w.WriteNumber("num_dailies", config.NumDailies);
        if (config.Cycle is null)
        {
            w.WriteNull("cycle");
        }
        else
        {
            w.WriteNumber("cycle", config.Cycle.Value);
        }

        WriteStrings(w, "pin", config.Pin);
        WriteStrings(w, "alias_tags", config.AliasTags);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
