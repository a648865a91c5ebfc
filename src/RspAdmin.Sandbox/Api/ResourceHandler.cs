using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Api;

/// <summary>
/// Serves <c>/api/**</c> and <c>/apis/**</c>: discovery, and get, list, watch, create, update, patch, delete and
/// deletecollection of the served resources, with label and field selectors, dry runs, resourceVersion
/// preconditions and Status errors as the API server returns them.
/// </summary>
public sealed class ResourceHandler(ObjectStore store, DiscoveryDocuments discovery, NamespaceLifecycle namespaces, TableFormatter tables, CancellationToken stopping)
{
    private static readonly byte[] EventPrefixAdded = Encoding.UTF8.GetBytes("{\"type\":\"ADDED\",\"object\":");
    private static readonly byte[] EventPrefixModified = Encoding.UTF8.GetBytes("{\"type\":\"MODIFIED\",\"object\":");
    private static readonly byte[] EventPrefixDeleted = Encoding.UTF8.GetBytes("{\"type\":\"DELETED\",\"object\":");
    private static readonly byte[] EventPrefixBookmark = Encoding.UTF8.GetBytes("{\"type\":\"BOOKMARK\",\"object\":");
    private static readonly byte[] EventPrefixError = Encoding.UTF8.GetBytes("{\"type\":\"ERROR\",\"object\":");
    private static readonly byte[] EventSuffix = Encoding.UTF8.GetBytes("}\n");

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            if (!context.Response.HasStarted)
            {
                await StatusWriter.WriteFailureAsync(context, e).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            // The client went away or the sandbox is stopping.
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        string[] rest;
        if (segments[0] == "api")
        {
            if (segments.Length == 1)
            {
                await GetOnly(context, discovery.CoreVersions(context.Request.Host.Value ?? "127.0.0.1")).ConfigureAwait(false);
                return;
            }

            (group, version, rest) = (string.Empty, segments[1], segments[2..]);
        }
        else
        {
            if (segments.Length == 1)
            {
                await GetOnly(context, discovery.Groups()).ConfigureAwait(false);
                return;
            }

            if (segments.Length == 2)
            {
                await NotFoundAsync(context).ConfigureAwait(false);
                return;
            }

            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }

        if (rest.Length == 0)
        {
            var resources = discovery.Resources(group, version);
            if (resources is null)
            {
                await NotFoundAsync(context).ConfigureAwait(false);
                return;
            }

            await GetOnly(context, resources).ConfigureAwait(false);
            return;
        }

        var request = ResourceRequest.Resolve(store.Catalog, group, version, rest);
        if (request is null || (request.Subresource is not null && request.Subresource != "status"))
        {
            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var method = context.Request.Method;
        var query = context.Request.Query;
        var watch = request.LegacyWatch || query["watch"] is var w && (w == "true" || w == "1");
        if (request.Name is null)
        {
            switch (method)
            {
                case "GET" when watch:
                    await WatchAsync(context, request).ConfigureAwait(false);
                    return;
                case "GET":
                    await ListAsync(context, request).ConfigureAwait(false);
                    return;
                case "POST" when request.Namespace is not null || !request.Kind.Namespaced:
                    await CreateAsync(context, request).ConfigureAwait(false);
                    return;
                case "DELETE" when request.Namespace is not null || !request.Kind.Namespaced:
                    await DeleteCollectionAsync(context, request).ConfigureAwait(false);
                    return;
            }
        }
        else
        {
            switch (method)
            {
                case "GET" when watch:
                    await WatchAsync(context, request).ConfigureAwait(false);
                    return;
                case "GET":
                    await GetAsync(context, request).ConfigureAwait(false);
                    return;
                case "PUT":
                    await ReplaceAsync(context, request).ConfigureAwait(false);
                    return;
                case "PATCH":
                    await PatchAsync(context, request).ConfigureAwait(false);
                    return;
                case "DELETE" when request.Subresource is null:
                    await DeleteAsync(context, request).ConfigureAwait(false);
                    return;
            }
        }

        await StatusWriter.WriteFailureAsync(context, 405, $"the server does not allow this method on the requested resource").ConfigureAwait(false);
    }

    private static Task GetOnly(HttpContext context, byte[] body) =>
        context.Request.Method == "GET"
            ? StatusWriter.WriteJsonAsync(context, 200, body)
            : StatusWriter.WriteFailureAsync(context, 405, "the server does not allow this method on the requested resource");

    private static Task NotFoundAsync(HttpContext context) =>
        StatusWriter.WriteFailureAsync(context, 404, "the server could not find the requested resource");

    private async Task GetAsync(HttpContext context, ResourceRequest request)
    {
        var stored = store.Get(request.Kind, request.Namespace, request.Name!);
        if (TableFormatter.Wanted(context.Request.Headers.Accept))
        {
            await StatusWriter.WriteJsonAsync(context, 200, tables.Write(request.Kind, [stored], null, includeColumns: true, context.Request.Query["includeObject"])).ConfigureAwait(false);
            return;
        }

        await StatusWriter.WriteJsonAsync(context, 200, MetadataFormatter.Wanted(context.Request.Headers.Accept) ? MetadataFormatter.Write(stored) : stored.Json).ConfigureAwait(false);
    }

    private (LabelSelector Labels, FieldSelector Fields) Selectors(HttpContext context, ResourceRequest request)
    {
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"]);
        var fieldText = (string?)context.Request.Query["fieldSelector"];
        if (request.Name is not null)
        {
            fieldText = string.IsNullOrEmpty(fieldText) ? "metadata.name=" + request.Name : fieldText + ",metadata.name=" + request.Name;
        }

        var probe = request.Kind.Deserialize("{}");
        probe.Metadata ??= new V1ObjectMeta();
        return (labels, FieldSelector.Parse(fieldText, request.Kind, probe));
    }

    // The value the field selector requires of the kind's indexed field (a pod's node), to narrow a
    // list or deletecollection through the index; null when it requires none.
    private static string? IndexKey(ResourceRequest request, FieldSelector fields) =>
        request.Kind.IndexedField is { } field ? fields.RequiredValue(field) : null;

    private static bool Matches(ResourceKind kind, LabelSelector labels, FieldSelector fields, StoredObject o) =>
        labels.Matches(o.Value.Metadata.Labels) && fields.Matches(kind, o.Value);

    private List<StoredObject> Select(ResourceRequest request, LabelSelector labels, FieldSelector fields, out long revision)
    {
        var snapshot = store.List(request.Kind, request.Namespace, IndexKey(request, fields));
        revision = snapshot.ResourceVersion;
        if (labels.IsEmpty && fields.IsEmpty)
        {
            return snapshot.Items as List<StoredObject> ?? snapshot.Items.ToList();
        }

        return snapshot.Items.Where(o => Matches(request.Kind, labels, fields, o)).ToList();
    }

    private async Task ListAsync(HttpContext context, ResourceRequest request)
    {
        var (labels, fields) = Selectors(context, request);
        var items = Select(request, labels, fields, out var revision);
        var rv = revision.ToString(CultureInfo.InvariantCulture);
        if (TableFormatter.Wanted(context.Request.Headers.Accept))
        {
            await StatusWriter.WriteJsonAsync(context, 200, tables.Write(request.Kind, items, rv, includeColumns: true, context.Request.Query["includeObject"])).ConfigureAwait(false);
            return;
        }

        await WriteListAsync(context, request.Kind, items, rv, MetadataFormatter.Wanted(context.Request.Headers.Accept)).ConfigureAwait(false);
    }

    private static async Task WriteListAsync(HttpContext context, ResourceKind kind, IReadOnlyList<StoredObject> items, string resourceVersion, bool metadataOnly = false)
    {
        var (listKind, apiVersion) = metadataOnly ? ("PartialObjectMetadataList", MetadataFormatter.ApiVersion) : (kind.Kind + "List", kind.ApiVersion);
        var head = Encoding.UTF8.GetBytes($"{{\"kind\":\"{listKind}\",\"apiVersion\":\"{apiVersion}\",\"metadata\":{{\"resourceVersion\":\"{resourceVersion}\"}},\"items\":[");
        var bodies = metadataOnly ? items.Select(MetadataFormatter.Write).ToList() : items.Select(i => i.Json).ToList();
        var length = head.Length + 2L + bodies.Sum(b => (long)b.Length) + Math.Max(0, items.Count - 1);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = length;
        var body = context.Response.BodyWriter;
        body.Write(head);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                body.Write(","u8);
            }

            body.Write(bodies[i]);
            if (body.UnflushedBytes > 64 * 1024)
            {
                await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }

        body.Write("]}"u8);
        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static bool IsDryRun(HttpContext context, JsonElement? options = null)
    {
        var values = context.Request.Query["dryRun"].ToList();
        if (options is { } o && o.TryGetProperty("dryRun", out var d) && d.ValueKind == JsonValueKind.Array)
        {
            values.AddRange(d.EnumerateArray().Select(e => e.GetString()));
        }

        foreach (var v in values)
        {
            if (v != "All")
            {
                throw StoreException.BadRequest($"Invalid dry run value \"{v}\": supported values are \"All\"");
            }
        }

        return values.Count > 0;
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        if (contentType.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.Ordinal) || contentType.StartsWith("application/cbor", StringComparison.Ordinal))
        {
            throw new StoreException(415, "UnsupportedMediaType", $"the sandbox accepts JSON request bodies only, not {contentType.Split(';')[0]}; with kubectl, create objects from files (kubectl apply -f / kubectl create -f), which send JSON");
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static IKubernetesObject<V1ObjectMeta> ParseObject(ResourceKind kind, string body)
    {
        try
        {
            var value = kind.Deserialize(body);
            value.Metadata ??= new V1ObjectMeta();
            return value;
        }
        catch (JsonException e)
        {
            throw StoreException.BadRequest($"the body of the request is not a valid {kind.Kind}: {e.Message}");
        }
        catch (FormatException e)
        {
            throw StoreException.BadRequest(e.Message);
        }
    }

    private async Task CreateAsync(HttpContext context, ResourceRequest request)
    {
        var dryRun = IsDryRun(context);
        var value = ParseObject(request.Kind, await ReadBodyAsync(context).ConfigureAwait(false));
        if (request.Kind.Namespaced)
        {
            if (string.IsNullOrEmpty(value.Metadata.NamespaceProperty))
            {
                value.Metadata.NamespaceProperty = request.Namespace;
            }
            else if (value.Metadata.NamespaceProperty != request.Namespace)
            {
                throw StoreException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
        }

        var stored = store.Create(request.Kind, value, dryRun);
        await StatusWriter.WriteJsonAsync(context, 201, stored.Json).ConfigureAwait(false);
    }

    private async Task ReplaceAsync(HttpContext context, ResourceRequest request)
    {
        var dryRun = IsDryRun(context);
        var value = ParseObject(request.Kind, await ReadBodyAsync(context).ConfigureAwait(false));
        if (request.Kind.Namespaced && !string.IsNullOrEmpty(value.Metadata.NamespaceProperty) && value.Metadata.NamespaceProperty != request.Namespace)
        {
            throw StoreException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var stored = store.Replace(request.Kind, request.Namespace, request.Name!, value, dryRun, statusOnly: request.Subresource == "status");
        await StatusWriter.WriteJsonAsync(context, 200, stored.Json).ConfigureAwait(false);
    }

    private async Task PatchAsync(HttpContext context, ResourceRequest request)
    {
        var dryRun = IsDryRun(context);
        var patch = await ReadBodyAsync(context).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var current = store.Get(request.Kind, request.Namespace, request.Name!);
            var patched = JsonPatcher.Apply(JsonNode.Parse(current.Json)!, patch, context.Request.ContentType);
            var value = ParseObject(request.Kind, patched.ToJsonString());
            try
            {
                var stored = store.Replace(request.Kind, request.Namespace, request.Name!, value, dryRun, statusOnly: request.Subresource == "status");
                await StatusWriter.WriteJsonAsync(context, 200, stored.Json).ConfigureAwait(false);
                return;
            }
            catch (StoreException e) when (e.Code == 409 && attempt < 5 && value.Metadata.ResourceVersion == current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                // Someone else wrote in between; patches without an explicit resourceVersion are retried.
            }
        }
    }

    private static async Task<JsonElement?> ReadDeleteOptionsAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw StoreException.BadRequest("the DeleteOptions body is not valid JSON: " + e.Message);
        }
    }

    private static string? Precondition(JsonElement? options, string field) =>
        options is { } o && o.TryGetProperty("preconditions", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private async Task DeleteAsync(HttpContext context, ResourceRequest request)
    {
        var options = await ReadDeleteOptionsAsync(context).ConfigureAwait(false);
        var dryRun = IsDryRun(context, options);
        if (request.Kind is NamespaceResourceKind)
        {
            var terminating = namespaces.BeginTermination(request.Name!, dryRun, Precondition(options, "uid"));
            await StatusWriter.WriteJsonAsync(context, 200, terminating.Json).ConfigureAwait(false);
            return;
        }

        var deleted = store.Delete(request.Kind, request.Namespace, request.Name!, dryRun, Precondition(options, "uid"), Precondition(options, "resourceVersion"));
        if (request.Kind is PodResourceKind)
        {
            await StatusWriter.WriteJsonAsync(context, 200, deleted.Json).ConfigureAwait(false);
            return;
        }

        await StatusWriter.WriteJsonAsync(context, 200, StatusWriter.Success(deleted.Name, request.Kind, deleted.Value.Metadata.Uid)).ConfigureAwait(false);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceRequest request)
    {
        var options = await ReadDeleteOptionsAsync(context).ConfigureAwait(false);
        var dryRun = IsDryRun(context, options);
        var (labels, fields) = Selectors(context, request);
        if (request.Kind is NamespaceResourceKind)
        {
            await StatusWriter.WriteFailureAsync(context, 405, "the server does not allow this method on the requested resource").ConfigureAwait(false);
            return;
        }

        var deleted = store.DeleteAll(request.Kind, request.Namespace, o => Matches(request.Kind, labels, fields, o), dryRun, IndexKey(request, fields));
        await WriteListAsync(context, request.Kind, deleted, store.Revision.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpContext context, ResourceRequest request)
    {
        var query = context.Request.Query;
        var (labels, fields) = Selectors(context, request);
        var sendInitialEvents = query["sendInitialEvents"] == "true";
        var allowBookmarks = query["allowWatchBookmarks"] == "true";
        long? from = null;
        var rvText = (string?)query["resourceVersion"];
        if (!sendInitialEvents && !string.IsNullOrEmpty(rvText) && rvText != "0")
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
            {
                throw StoreException.BadRequest($"invalid resource version \"{rvText}\"");
            }

            from = rv;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        if (int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var asTable = TableFormatter.Wanted(context.Request.Headers.Accept);
        var metadataOnly = MetadataFormatter.Wanted(context.Request.Headers.Accept);
        var includeObject = (string?)query["includeObject"];
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var body = context.Response.BodyWriter;

        WatchSubscription subscription;
        long revisionAtStart = store.Revision;
        try
        {
            subscription = store.Watch(request.Kind, request.Namespace, from);
        }
        catch (StoreException e) when (e.Code == 410)
        {
            body.Write(EventPrefixError);
            body.Write(StatusWriter.Failure(410, e.Reason, e.Message));
            body.Write(EventSuffix);
            await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using (subscription)
        {
            await context.Response.StartAsync(timeout.Token).ConfigureAwait(false);
            await body.FlushAsync(timeout.Token).ConfigureAwait(false);
            var pendingInitialBookmark = sendInitialEvents && allowBookmarks;
            var firstTableEvent = true;
            try
            {
                var reader = subscription.Events;
                while (true)
                {
                    if (pendingInitialBookmark && !reader.TryPeek(out _))
                    {
                        WriteBookmark(body, request.Kind, revisionAtStart);
                        pendingInitialBookmark = false;
                    }

                    while (reader.TryRead(out var e))
                    {
                        if (pendingInitialBookmark && e.ResourceVersion > revisionAtStart)
                        {
                            WriteBookmark(body, request.Kind, revisionAtStart);
                            pendingInitialBookmark = false;
                        }

                        var (prefix, obj) = Filter(request.Kind, labels, fields, e);
                        if (prefix is null)
                        {
                            continue;
                        }

                        body.Write(prefix);
                        body.Write(asTable ? tables.Write(request.Kind, [obj!], null, firstTableEvent, includeObject) : metadataOnly ? MetadataFormatter.Write(obj!) : obj!.Json);
                        body.Write(EventSuffix);
                        firstTableEvent = false;
                    }

                    if (pendingInitialBookmark)
                    {
                        WriteBookmark(body, request.Kind, revisionAtStart);
                        pendingInitialBookmark = false;
                    }

                    await body.FlushAsync(timeout.Token).ConfigureAwait(false);
                    if (!await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Timeout, client disconnect or shutdown: end the stream.
            }
        }
    }

    private static void WriteBookmark(System.IO.Pipelines.PipeWriter body, ResourceKind kind, long revision)
    {
        body.Write(EventPrefixBookmark);
        body.Write(Encoding.UTF8.GetBytes(
            $"{{\"kind\":\"{kind.Kind}\",\"apiVersion\":\"{kind.ApiVersion}\",\"metadata\":{{\"resourceVersion\":\"{revision}\",\"annotations\":{{\"k8s.io/initial-events-end\":\"true\"}}}}}}"));
        body.Write(EventSuffix);
    }

    private static (byte[]? Prefix, StoredObject? Object) Filter(ResourceKind kind, LabelSelector labels, FieldSelector fields, StoreEvent e)
    {
        var nowMatches = Matches(kind, labels, fields, e.Object);
        switch (e.Type)
        {
            case StoreEventType.Added:
                return nowMatches ? (EventPrefixAdded, e.Object) : (null, null);
            case StoreEventType.Deleted:
                return e.Previous is null || Matches(kind, labels, fields, e.Previous) ? (EventPrefixDeleted, e.Object) : (null, null);
            default:
                var before = e.Previous is not null && Matches(kind, labels, fields, e.Previous);
                return (before, nowMatches) switch
                {
                    (true, true) => (EventPrefixModified, e.Object),
                    (false, true) => (EventPrefixAdded, e.Object),
                    (true, false) => (EventPrefixDeleted, e.Object),
                    _ => (null, null),
                };
        }
    }
}
