using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using RspAdmin.Sandbox.Api;
using RspAdmin.Sandbox.Tests.Support;

namespace RspAdmin.Sandbox.Tests;

/// <summary>The simulated API through KubernetesClient, without a registry.</summary>
public sealed class ApiTests
{
    private const string Scenario = """
        settings:
          namespaceTerminationSeconds: 0.3
          imagePullBackOffSeconds: 0.1
          pullLatencySeconds: 0.01
        namespaces: [nublado]
        nodes:
          - name: node
            count: 3
            labels: { nublado: eligible }
          - name: tainted
            taints:
              - { key: some-taint, value: some-value, effect: NoSchedule }
        faults:
          pendingPods: ["stuck-*"]
        """;

    private const string UnreachableImage = "registry.invalid.example/library/sketchbook:w_2077_43";

    private static string Reason(HttpOperationException e) =>
        JsonDocument.Parse(e.Response.Content).RootElement.GetProperty("reason").GetString()!;

    [Fact]
    public async Task Metadata_only_answers_carry_the_metadata_and_nothing_else_on_get_list_and_watch()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        using var http = new HttpClient { BaseAddress = sandbox.Host.ApiAddress };
        const string accept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

        async Task<JsonElement> GetAsync(string path, string? acceptHeader)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (acceptHeader is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", acceptHeader);
            }

            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
        }

        var full = await GetAsync("/api/v1/nodes/node1", null);
        var one = await GetAsync("/api/v1/nodes/node1", accept);
        Assert.Equal(("PartialObjectMetadata", "meta.k8s.io/v1"), (one.GetProperty("kind").GetString(), one.GetProperty("apiVersion").GetString()));
        Assert.Equal(["apiVersion", "kind", "metadata"], one.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        // The metadata is the object's own, field for field.
        Assert.True(JsonElement.DeepEquals(full.GetProperty("metadata"), one.GetProperty("metadata")));

        var list = await GetAsync("/api/v1/nodes?labelSelector=nublado%3Deligible", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");
        Assert.Equal("PartialObjectMetadataList", list.GetProperty("kind").GetString());
        Assert.Equal(["node1", "node2", "node3"], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.False(i.TryGetProperty("status", out _)));

        // A watch from the list's resourceVersion: a node's image cache changes, and the event carries its metadata only.
        var rv = list.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        using var watchRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/nodes?watch=true&resourceVersion={rv}");
        watchRequest.Headers.TryAddWithoutValidation("Accept", accept);
        using var watch = await http.SendAsync(watchRequest, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync(ct));
        sandbox.Host.Kubelets.PublishNodeImages(sandbox.Host.Kubelets.Nodes["node2"]);
        var line = await reader.ReadLineAsync(ct);
        var e = JsonDocument.Parse(line!).RootElement;
        Assert.Equal("MODIFIED", e.GetProperty("type").GetString());
        var obj = e.GetProperty("object");
        Assert.Equal(("PartialObjectMetadata", "node2"), (obj.GetProperty("kind").GetString(), obj.GetProperty("metadata").GetProperty("name").GetString()));
        Assert.False(obj.TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Nodes_are_listed_with_labels_and_taints_and_watched()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var nodes = await sandbox.Client.CoreV1.ListNodeAsync(cancellationToken: ct);
        Assert.Equal(["node1", "node2", "node3", "tainted"], nodes.Items.Select(n => n.Metadata.Name));
        Assert.Equal("eligible", nodes.Items[0].Metadata.Labels["nublado"]);
        var taint = Assert.Single(nodes.Items[3].Spec.Taints);
        Assert.Equal(("some-taint", "some-value", "NoSchedule"), (taint.Key, taint.Value, taint.Effect));
        Assert.False(string.IsNullOrEmpty(nodes.ResourceVersion()));

        var selected = await sandbox.Client.CoreV1.ListNodeAsync(labelSelector: "nublado=eligible", cancellationToken: ct);
        Assert.Equal(3, selected.Items.Count);

        var seen = new List<(WatchEventType, string)>();
        var watch = sandbox.Client.CoreV1.WatchListNodeAsync(cancellationToken: ct);
        await foreach (var (type, node) in watch)
        {
            seen.Add((type, node.Metadata.Name));
            if (seen.Count == 4)
            {
                sandbox.Host.Kubelets.Vanish("node2");
            }

            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.Equal(4, seen.Count(s => s.Item1 == WatchEventType.Added));
        Assert.Equal((WatchEventType.Deleted, "node2"), seen[^1]);
        var after = await sandbox.Client.CoreV1.ListNodeAsync(cancellationToken: ct);
        Assert.DoesNotContain(after.Items, n => n.Metadata.Name == "node2");
    }

    [Fact]
    public async Task Duplicate_create_is_409_AlreadyExists_and_missing_objects_are_404()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var created = await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, "nublado", cancellationToken: ct);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, "nublado", cancellationToken: ct));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Equal("AlreadyExists", Reason(conflict));

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.ReadNamespacedPodAsync("nope", "nublado", cancellationToken: ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Equal("NotFound", Reason(missing));

        // A stale resourceVersion on update is a 409 Conflict.
        created.Data["k"] = "v2";
        await sandbox.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c1", "nublado", cancellationToken: ct);
        created.Data["k"] = "v3";
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c1", "nublado", cancellationToken: ct));
        Assert.Equal("Conflict", Reason(stale));
    }

    [Fact]
    public async Task GenerateName_and_dry_run()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var pod = InProcessSandbox.PrepullPod("ignored", "nublado", "node1", UnreachableImage);
        pod.Metadata.Name = null;
        pod.Metadata.GenerateName = "prepull-";
        var dry = await sandbox.Client.CoreV1.CreateNamespacedPodAsync(pod, "nublado", dryRun: "All", cancellationToken: ct);
        Assert.StartsWith("prepull-", dry.Metadata.Name);
        Assert.Empty((await sandbox.Client.CoreV1.ListNamespacedPodAsync("nublado", cancellationToken: ct)).Items);

        var real = await sandbox.Client.CoreV1.CreateNamespacedPodAsync(pod, "nublado", cancellationToken: ct);
        Assert.Matches("^prepull-[a-z0-9]{5}$", real.Metadata.Name);
        await sandbox.Client.CoreV1.DeleteNamespacedPodAsync(real.Metadata.Name, "nublado", dryRun: "All", cancellationToken: ct);
        Assert.Single((await sandbox.Client.CoreV1.ListNamespacedPodAsync("nublado", cancellationToken: ct)).Items);
    }

    [Fact]
    public async Task Label_and_field_selectors_filter_lists()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        foreach (var (name, node, tier) in new[] { ("a", "node1", "user"), ("b", "node2", "user"), ("c", "node2", "system") })
        {
            var pod = InProcessSandbox.PrepullPod(name, "nublado", node, UnreachableImage);
            pod.Metadata.Labels["tier"] = tier;
            await sandbox.Client.CoreV1.CreateNamespacedPodAsync(pod, "nublado", cancellationToken: ct);
        }

        async Task<string[]> Names(string? labels = null, string? fields = null) =>
            (await sandbox.Client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: labels, fieldSelector: fields, cancellationToken: ct)).Items.Select(p => p.Metadata.Name).ToArray();

        Assert.Equal(["a", "b"], await Names("tier=user"));
        Assert.Equal(["c"], await Names("tier!=user"));
        Assert.Equal(["c"], await Names("tier in (system, other),nublado.lsst.io/category"));
        Assert.Equal(["c"], await Names("tier notin (user)"));
        Assert.Equal(["a", "b", "c"], await Names("nublado.lsst.io/category"));
        Assert.Empty(await Names("!nublado.lsst.io/category"));
        Assert.Equal(["b", "c"], await Names(fields: "spec.nodeName=node2"));
        Assert.Equal(["b"], await Names("tier=user", "spec.nodeName=node2"));
        Assert.Equal(["a", "b", "c"], await Names(fields: "metadata.namespace=nublado,status.phase=Pending"));
        Assert.Empty(await Names(fields: "status.phase=Succeeded"));
        Assert.Equal(["a"], await Names(fields: "metadata.name=a"));

        var bad = await Assert.ThrowsAsync<HttpOperationException>(() => Names(fields: "spec.hostname=x"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Response.StatusCode);

        // deletecollection honours the selector.
        await sandbox.Client.CoreV1.DeleteCollectionNamespacedPodAsync("nublado", labelSelector: "tier=user", cancellationToken: ct);
        Assert.Equal(["c"], await Names());
    }

    [Fact]
    public async Task Unreachable_image_gives_ErrImagePull_then_ImagePullBackOff_and_a_held_pod_stays_Pending()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var rv = await sandbox.PodsRevisionAsync("nublado", ct);
        await sandbox.Client.CoreV1.CreateNamespacedPodAsync(InProcessSandbox.PrepullPod("stuck-1", "nublado", "node1", UnreachableImage), "nublado", cancellationToken: ct);
        await sandbox.Client.CoreV1.CreateNamespacedPodAsync(InProcessSandbox.PrepullPod("unknown", "nublado", "node1", UnreachableImage), "nublado", cancellationToken: ct);
        var reasons = new List<string>();
        await sandbox.WaitForPodAsync("nublado", "unknown", p =>
        {
            var reason = p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason;
            if (reason is not null && (reasons.Count == 0 || reasons[^1] != reason))
            {
                reasons.Add(reason);
            }

            Assert.Equal("Pending", p.Status?.Phase);
            return reason == "ImagePullBackOff";
        }, ct, rv);
        Assert.Equal(["ContainerCreating", "ErrImagePull", "ImagePullBackOff"], reasons);

        var stuck = await sandbox.Client.CoreV1.ReadNamespacedPodAsync("stuck-1", "nublado", cancellationToken: ct);
        Assert.Equal("Pending", stuck.Status.Phase);
        Assert.Null(stuck.Status.ContainerStatuses);
    }

    [Fact]
    public async Task Namespace_deletion_goes_through_Terminating_then_removes_its_contents()
    {
        var ct = InProcessSandbox.Bounded();
        // Long enough that the namespace is still Terminating when the next request arrives on a loaded machine.
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario.Replace("namespaceTerminationSeconds: 0.3", "namespaceTerminationSeconds: 3", StringComparison.Ordinal), ct);
        await sandbox.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "scratch" } }, cancellationToken: ct);
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, "scratch", cancellationToken: ct);
        var list = await sandbox.Client.CoreV1.ListNamespaceAsync(cancellationToken: ct);

        var deleted = await sandbox.Client.CoreV1.DeleteNamespaceAsync("scratch", cancellationToken: ct);
        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "d" } }, "scratch", cancellationToken: ct));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Response.StatusCode);

        var phases = new List<(WatchEventType, string?)>();
        var watch = sandbox.Client.CoreV1.WatchListNamespaceAsync(fieldSelector: "metadata.name=scratch", resourceVersion: list.ResourceVersion(), cancellationToken: ct);
        await foreach (var (type, ns) in watch)
        {
            phases.Add((type, ns.Status?.Phase));
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.Equal((WatchEventType.Modified, "Terminating"), phases[0]);
        Assert.Equal(WatchEventType.Deleted, phases[^1].Item1);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.ReadNamespacedConfigMapAsync("c", "scratch", cancellationToken: ct));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Watch_resumes_from_a_resourceVersion()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "before" } }, "nublado", cancellationToken: ct);
        var list = await sandbox.Client.CoreV1.ListNamespacedConfigMapAsync("nublado", cancellationToken: ct);
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after" } }, "nublado", cancellationToken: ct);
        await sandbox.Client.CoreV1.DeleteNamespacedConfigMapAsync("after", "nublado", cancellationToken: ct);

        var events = new List<(WatchEventType, string)>();
        var watch = sandbox.Client.CoreV1.WatchListNamespacedConfigMapAsync("nublado", resourceVersion: list.ResourceVersion(), cancellationToken: ct);
        await foreach (var (type, cm) in watch)
        {
            events.Add((type, cm.Metadata.Name));
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "after"), (WatchEventType.Deleted, "after")], events);

        // A watch with timeoutSeconds ends by itself.
        var timed = sandbox.Client.CoreV1.WatchListNamespacedConfigMapAsync("nublado", resourceVersion: list.ResourceVersion(), timeoutSeconds: 1, cancellationToken: ct);
        var count = 0;
        await foreach (var _ in timed)
        {
            count++;
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task Injected_faults_answer_409_429_and_500_for_the_given_count()
    {
        var ct = InProcessSandbox.Bounded();
        var scenario = Scenario + """

              api:
                - { method: GET, path: /api/v1/nodes, status: 500, count: 1 }
            """;
        await using var sandbox = await InProcessSandbox.StartAsync(scenario, ct);
        var internalError = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.ListNodeAsync(cancellationToken: ct));
        Assert.Equal(HttpStatusCode.InternalServerError, internalError.Response.StatusCode);
        Assert.Equal("InternalError", Reason(internalError));
        Assert.Equal(4, (await sandbox.Client.CoreV1.ListNodeAsync(cancellationToken: ct)).Items.Count);

        sandbox.Host.Faults.Add(new ApiFault("POST", "/api/v1/namespaces/*/pods", 409, count: 1));
        sandbox.Host.Faults.Add(new ApiFault("DELETE", "/api/v1/namespaces/nublado/pods/**", 429, count: 2));
        var pod = InProcessSandbox.PrepullPod("p", "nublado", "node1", UnreachableImage);
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.CreateNamespacedPodAsync(pod, "nublado", cancellationToken: ct));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        await sandbox.Client.CoreV1.CreateNamespacedPodAsync(pod, "nublado", cancellationToken: ct);

        for (var i = 0; i < 2; i++)
        {
            var throttled = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.DeleteNamespacedPodAsync("p", "nublado", cancellationToken: ct));
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Response.StatusCode);
            Assert.Equal("TooManyRequests", Reason(throttled));
        }

        await sandbox.Client.CoreV1.DeleteNamespacedPodAsync("p", "nublado", cancellationToken: ct);
        Assert.Empty((await sandbox.Client.CoreV1.ListNamespacedPodAsync("nublado", cancellationToken: ct)).Items);

        // Every request is counted with its status, faults included.
        var requests = sandbox.Host.Requests;
        Assert.Equal(2, requests.Count("GET", "/api/v1/nodes"));
        using var http = new HttpClient();
        var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(sandbox.Host.ApiAddress, "sandbox/v1/requests"), ct)).RootElement;
        var rows = json.GetProperty("requests").EnumerateArray().Select(r => (r.GetProperty("method").GetString(), r.GetProperty("path").GetString(), r.GetProperty("status").GetInt32(), r.GetProperty("count").GetInt64())).ToList();
        Assert.Contains(("DELETE", "/api/v1/namespaces/nublado/pods/p", 429, 2L), rows);
        Assert.Contains(("POST", "/api/v1/namespaces/nublado/pods", 409, 1L), rows);
        Assert.Contains(("GET", "/api/v1/nodes", 500, 1L), rows);
        Assert.Equal(requests.Total, json.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_node_vanishes_after_the_scenario_delay()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync("""
            nodes:
              - name: steady
              - name: fleeting
                vanishAfterSeconds: 0.5
            """, ct);
        // Watch from the start of the store's history: on a loaded machine the node may vanish before the watch opens.
        var watch = sandbox.Client.CoreV1.WatchListNodeAsync(resourceVersion: "1", cancellationToken: ct);
        await foreach (var (type, node) in watch)
        {
            if (type == WatchEventType.Deleted)
            {
                Assert.Equal("fleeting", node.Metadata.Name);
                break;
            }
        }

        Assert.Equal(["steady"], (await sandbox.Client.CoreV1.ListNodeAsync(cancellationToken: ct)).Items.Select(n => n.Metadata.Name));
    }

    [Fact]
    public async Task A_watch_sends_its_response_headers_before_any_event_so_clients_know_it_is_open()
    {
        var ct = InProcessSandbox.Bounded();
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var revision = await sandbox.PodsRevisionAsync("nublado", ct);
        using var http = new HttpClient { BaseAddress = sandbox.Host.ApiAddress };

        // Nothing changes in the namespace, so the only way the headers can arrive is at the start of the watch.
        using var response = await http.GetAsync(
            $"/api/v1/namespaces/nublado/pods?watch=true&resourceVersion={revision}", HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        await sandbox.Client.CoreV1.CreateNamespacedPodAsync(
            InProcessSandbox.PrepullPod("after-open", "nublado", "node1", "127.0.0.1:1/library/x:y"), "nublado", cancellationToken: ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var first = JsonDocument.Parse((await reader.ReadLineAsync(ct))!).RootElement;
        Assert.Equal("ADDED", first.GetProperty("type").GetString());
        Assert.Equal("after-open", first.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString());
    }
}
