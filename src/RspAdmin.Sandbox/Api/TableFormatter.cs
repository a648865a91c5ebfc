using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Api;

/// <summary>
/// Server-side printing: a meta.k8s.io/v1 Table, answered when a client asks for <c>as=Table</c> in its
/// Accept header (kubectl get does). Columns follow the API server's for each resource.
/// </summary>
public sealed class TableFormatter(TimeProvider time)
{
    /// <summary>Whether the Accept header asks for a Table.</summary>
    public static bool Wanted(string? accept) => accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    /// <summary>Writes a Table of the given rows.</summary>
    /// <param name="includeObject"><c>None</c>, <c>Metadata</c> (the default) or <c>Object</c>.</param>
    public byte[] Write(ResourceKind kind, IEnumerable<StoredObject> rows, string? listResourceVersion, bool includeColumns, string? includeObject)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "Table");
            w.WriteString("apiVersion", "meta.k8s.io/v1");
            w.WriteStartObject("metadata");
            if (listResourceVersion is not null)
            {
                w.WriteString("resourceVersion", listResourceVersion);
            }

            w.WriteEndObject();
            w.WriteStartArray("columnDefinitions");
            if (includeColumns)
            {
                foreach (var c in Columns(kind))
                {
                    w.WriteStartObject();
                    w.WriteString("name", c.Name);
                    w.WriteString("type", c.Type);
                    w.WriteString("format", c.Name == "Name" ? "name" : string.Empty);
                    w.WriteString("description", c.Name);
                    w.WriteNumber("priority", c.Priority);
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var row in rows)
            {
                w.WriteStartObject();
                w.WriteStartArray("cells");
                foreach (var cell in Cells(kind, row.Value))
                {
                    if (cell is long n)
                    {
                        w.WriteNumberValue(n);
                    }
                    else
                    {
                        w.WriteStringValue(cell?.ToString() ?? string.Empty);
                    }
                }

                w.WriteEndArray();
                switch (includeObject)
                {
                    case "None":
                        break;
                    case "Object":
                        w.WritePropertyName("object");
                        w.WriteRawValue(row.Json, skipInputValidation: true);
                        break;
                    default:
                        w.WritePropertyName("object");
                        w.WriteRawValue(MetadataFormatter.Write(row), skipInputValidation: true);
                        break;
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static IEnumerable<(string Name, string Type, int Priority)> Columns(ResourceKind kind)
    {
        yield return ("Name", "string", 0);
        switch (kind)
        {
            case PodResourceKind:
                yield return ("Ready", "string", 0);
                yield return ("Status", "string", 0);
                yield return ("Restarts", "string", 0);
                yield return ("Age", "string", 0);
                yield return ("IP", "string", 1);
                yield return ("Node", "string", 1);
                break;
            case NodeResourceKind:
                yield return ("Status", "string", 0);
                yield return ("Roles", "string", 0);
                yield return ("Age", "string", 0);
                yield return ("Version", "string", 0);
                break;
            case NamespaceResourceKind:
                yield return ("Status", "string", 0);
                yield return ("Age", "string", 0);
                break;
            default:
                switch (kind.Kind)
                {
                    case "ConfigMap":
                        yield return ("Data", "integer", 0);
                        break;
                    case "Deployment":
                        yield return ("Ready", "string", 0);
                        yield return ("Up-to-date", "integer", 0);
                        yield return ("Available", "integer", 0);
                        break;
                    case "DaemonSet":
                        yield return ("Desired", "integer", 0);
                        yield return ("Current", "integer", 0);
                        yield return ("Ready", "integer", 0);
                        break;
                }

                yield return ("Age", "string", 0);
                break;
        }
    }

    private IEnumerable<object?> Cells(ResourceKind kind, IKubernetesObject<V1ObjectMeta> value)
    {
        yield return value.Metadata.Name;
        var age = Age(value.Metadata.CreationTimestamp);
        switch (value)
        {
            case V1Pod pod:
                var statuses = pod.Status?.ContainerStatuses ?? [];
                var total = pod.Spec?.Containers?.Count ?? 0;
                yield return $"{statuses.Count(s => s.Ready)}/{total}";
                yield return PodStatus(pod);
                yield return statuses.Sum(s => s.RestartCount).ToString(CultureInfo.InvariantCulture);
                yield return age;
                yield return pod.Status?.PodIP ?? "<none>";
                yield return pod.Spec?.NodeName ?? "<none>";
                break;
            case V1Node node:
                var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status == "True" ? "Ready" : "NotReady";
                yield return node.Spec?.Unschedulable == true ? ready + ",SchedulingDisabled" : ready;
                var roles = (node.Metadata.Labels ?? new Dictionary<string, string>()).Keys
                    .Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
                    .Select(k => k["node-role.kubernetes.io/".Length..]).Order(StringComparer.Ordinal).ToList();
                yield return roles.Count == 0 ? "<none>" : string.Join(",", roles);
                yield return age;
                yield return node.Status?.NodeInfo?.KubeletVersion ?? string.Empty;
                break;
            case V1Namespace ns:
                yield return ns.Status?.Phase ?? "Active";
                yield return age;
                break;
            case V1ConfigMap cm:
                yield return (long)((cm.Data?.Count ?? 0) + (cm.BinaryData?.Count ?? 0));
                yield return age;
                break;
            case V1Deployment d:
                yield return $"{d.Status?.ReadyReplicas ?? 0}/{d.Spec?.Replicas ?? 1}";
                yield return (long)(d.Status?.UpdatedReplicas ?? 0);
                yield return (long)(d.Status?.AvailableReplicas ?? 0);
                yield return age;
                break;
            case V1DaemonSet ds:
                yield return (long)(ds.Status?.DesiredNumberScheduled ?? 0);
                yield return (long)(ds.Status?.CurrentNumberScheduled ?? 0);
                yield return (long)(ds.Status?.NumberReady ?? 0);
                yield return age;
                break;
            default:
                yield return age;
                break;
        }
    }

    private static string PodStatus(V1Pod pod)
    {
        var reason = pod.Status?.Reason ?? pod.Status?.Phase ?? "Pending";
        foreach (var s in pod.Status?.ContainerStatuses ?? [])
        {
            if (s.State?.Waiting?.Reason is { Length: > 0 } waiting)
            {
                reason = waiting;
            }
            else if (s.State?.Terminated is { } terminated)
            {
                reason = terminated.Reason ?? (terminated.Signal is not null ? "Signal:" + terminated.Signal : "ExitCode:" + terminated.ExitCode);
            }
        }

        return pod.Metadata.DeletionTimestamp is not null ? "Terminating" : reason;
    }

    private string Age(DateTime? created)
    {
        if (created is null)
        {
            return "<unknown>";
        }

        var d = time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(created.Value, DateTimeKind.Utc);
        return HumanDuration(d);
    }

    /// <summary>The API server's short duration format (<c>45s</c>, <c>3m10s</c>, <c>5h2m</c>, <c>3d4h</c>).</summary>
    public static string HumanDuration(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(-1))
        {
            return "<invalid>";
        }

        if (d < TimeSpan.Zero)
        {
            return "0s";
        }

        var seconds = (long)d.TotalSeconds;
        if (seconds < 120)
        {
            return $"{seconds}s";
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }

        if (minutes < 180)
        {
            return $"{minutes}m";
        }

        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }

        if (hours < 24 * 365 * 8)
        {
            var dd = hours / 24 % 365;
            return dd == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{dd}d";
        }

        return $"{hours / 24 / 365}y";
    }
}
