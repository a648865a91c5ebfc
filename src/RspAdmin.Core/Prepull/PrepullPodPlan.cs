using k8s;
using k8s.Models;
using RspAdmin.Core.Config;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Prepull;

/// <summary>
/// One prepull pod: bound to a node, it pulls one image by digest and runs <c>/bin/true</c>.
/// The shape is Nublado's: label <c>nublado.lsst.io/category: prepuller</c>, <c>restartPolicy:
/// Never</c>, tiny requests and limits, the lab tolerations and pull secret.
/// </summary>
public sealed class PrepullPodPlan
{
    /// <summary>The label every prepull pod carries.</summary>
    public const string CategoryLabel = "nublado.lsst.io/category";

    /// <summary>The value of <see cref="CategoryLabel"/>.</summary>
    public const string CategoryValue = "prepuller";

    private readonly LabImageConfig _config;
    private readonly PrepullPodOwner? _owner;

    internal PrepullPodPlan(LabImage image, string nodeName, bool nodeEligible, string podNamespace, LabImageConfig config, PrepullPodOwner? owner)
    {
        Image = image;
        NodeName = nodeName;
        NodeEligible = nodeEligible;
        Namespace = podNamespace;
        PodName = NameFor(image.Tag, nodeName);
        _config = config;
        _owner = owner;
    }

    /// <summary>The pod name: <c>prepull-{tag}-{node}</c>.</summary>
    public string PodName { get; }

    /// <summary>The pod namespace.</summary>
    public string Namespace { get; }

    /// <summary>The node the pod is bound to.</summary>
    public string NodeName { get; }

    /// <summary>Whether the lab tolerations tolerate the node.</summary>
    public bool NodeEligible { get; }

    /// <summary>The image pulled.</summary>
    public LabImage Image { get; }

    /// <summary>The tag pulled.</summary>
    public string Tag => Image.Tag;

    /// <summary>The reference the pod runs (with the digest).</summary>
    public string Reference => Image.ReferenceWithDigest;

    /// <summary>
    /// Nublado's pod name: <c>prepull-</c>, the tag with <c>_</c> turned into <c>-</c> and other
    /// characters outside <c>[A-Za-z0-9_.-]</c> removed, <c>-</c>, the node name; at most 253 characters.
    /// </summary>
    public static string NameFor(string tag, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(nodeName);
        var cleaned = new string(tag.Replace('_', '-').Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').ToArray());
        var name = $"prepull-{cleaned}-{nodeName}";
        return name.Length > 253 ? name[..253] : name;
    }

    /// <summary>The pod manifest as JSON.</summary>
    public string ToJson() => KubernetesJson.Serialize(ToPod());

    public override string ToString() => $"{Namespace}/{PodName}";

    /// <summary>
    /// The manifest of <see cref="ToJson"/> written straight to UTF-8, without building a V1Pod: what the
    /// executor sends for each pull.
    /// </summary>
    internal byte[] ToJsonUtf8()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", "v1");
            w.WriteString("kind", "Pod");
            w.WriteStartObject("metadata");
            w.WriteString("name", PodName);
            w.WriteString("namespace", Namespace);
            w.WriteStartObject("labels");
            w.WriteString(CategoryLabel, CategoryValue);
            w.WriteEndObject();
            if (_owner is not null)
            {
                w.WriteStartArray("ownerReferences");
                w.WriteStartObject();
                w.WriteString("apiVersion", _owner.ApiVersion);
                w.WriteString("kind", _owner.Kind);
                w.WriteString("name", _owner.Name);
                w.WriteString("uid", _owner.Uid);
                w.WriteBoolean("blockOwnerDeletion", true);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteStartObject("spec");
            w.WriteStartArray("containers");
            w.WriteStartObject();
            w.WriteString("name", "prepull");
            w.WriteString("image", Reference);
            w.WriteStartArray("command");
            w.WriteStringValue("/bin/true");
            w.WriteEndArray();
            w.WriteString("workingDir", "/tmp");
            w.WriteStartObject("resources");
            foreach (var section in new[] { "limits", "requests" })
            {
                w.WriteStartObject(section);
                w.WriteString("cpu", "1m");
                w.WriteString("memory", "16Mi");
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            if (!string.IsNullOrEmpty(_config.PullSecret))
            {
                w.WriteStartArray("imagePullSecrets");
                w.WriteStartObject();
                w.WriteString("name", _config.PullSecret);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteString("nodeName", NodeName);
            w.WriteString("restartPolicy", "Never");
            if (_config.Tolerations.Count > 0)
            {
                w.WriteStartArray("tolerations");
                foreach (var t in _config.Tolerations)
                {
                    w.WriteStartObject();
                    WriteIfSet(w, "key", t.Key);
                    WriteIfSet(w, "operator", t.Operator);
                    WriteIfSet(w, "value", t.Value);
                    WriteIfSet(w, "effect", t.Effect);
                    if (t.TolerationSeconds is { } seconds)
                    {
                        w.WriteNumber("tolerationSeconds", seconds);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteIfSet(System.Text.Json.Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    internal V1Pod ToPod()
    {
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new ResourceQuantity("1m"),
            ["memory"] = new ResourceQuantity("16Mi"),
        };
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = PodName,
                NamespaceProperty = Namespace,
                Labels = new Dictionary<string, string> { [CategoryLabel] = CategoryValue },
                OwnerReferences = _owner is null
                    ? null
                    : new List<V1OwnerReference>
                    {
                        new() { ApiVersion = _owner.ApiVersion, Kind = _owner.Kind, Name = _owner.Name, Uid = _owner.Uid, BlockOwnerDeletion = true },
                    },
            },
            Spec = new V1PodSpec
            {
                Containers = new List<V1Container>
                {
                    new()
                    {
                        Name = "prepull",
                        Image = Reference,
                        Command = new List<string> { "/bin/true" },
                        WorkingDir = "/tmp",
                        Resources = new V1ResourceRequirements
                        {
                            Limits = new Dictionary<string, ResourceQuantity>(resources),
                            Requests = new Dictionary<string, ResourceQuantity>(resources),
                        },
                    },
                },
                ImagePullSecrets = string.IsNullOrEmpty(_config.PullSecret)
                    ? null
                    : new List<V1LocalObjectReference> { new() { Name = _config.PullSecret } },
                NodeName = NodeName,
                RestartPolicy = "Never",
                Tolerations = _config.Tolerations.Count == 0
                    ? null
                    : _config.Tolerations.Select(t => new V1Toleration
                    {
                        Key = t.Key,
                        OperatorProperty = t.Operator,
                        Value = t.Value,
                        Effect = t.Effect,
                        TolerationSeconds = t.TolerationSeconds,
                    }).ToList(),
            },
        };
    }
}
