using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using RspAdmin.Core.Prepull;

namespace RspAdmin.Core.Tests.Prepull;

/// <summary>
/// The watch reader: pod and node events, bookmarks and ERROR events read from raw watch lines into the
/// few fields the executor uses; unknown fields skipped, malformed lines reported and passed over.
/// </summary>
public class WatchStreamReaderTests
{
    private static Gen<T> Pick<T>(params T[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    // A pod event shaped as the API server sends it (managed fields, spec, conditions, several containers).
    private const string PendingPod =
        """{"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"prepull-w-2024-52-node1","namespace":"nublado","uid":"7c0e4b1a-0001","resourceVersion":"1041","creationTimestamp":"2024-12-30T10:00:00Z","labels":{"nublado.lsst.io/category":"prepuller"},"managedFields":[{"manager":"rspadmin","operation":"Update","apiVersion":"v1","time":"2024-12-30T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:containers":{"k:{\"name\":\"prepull\"}":{".":{}}}}}}]},"spec":{"nodeName":"node1","restartPolicy":"Never","containers":[{"name":"prepull","image":"registry.example/lsstsqre/sciplat-lab:w_2024_52","command":["/bin/true"],"resources":{"limits":{"cpu":"10m"}}}],"tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule"}]},"status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True"}],"hostIP":"10.0.0.1","containerStatuses":[{"name":"prepull","ready":false,"restartCount":0,"image":"x","imageID":"","started":false,"state":{"waiting":{"reason":"ContainerCreating"}}}],"qosClass":"BestEffort"}}}""";

    private static List<WatchLine> ReadAll(string text, List<string>? malformed = null, int chunk = int.MaxValue, int bufferSize = 16 * 1024)
    {
        using var reader = new WatchStreamReader(new ChunkedStream(Encoding.UTF8.GetBytes(text), chunk), bufferSize) { Malformed = m => malformed?.Add(m) };
        var events = new List<WatchLine>();
        while (reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } e)
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public void A_pod_event_yields_type_name_uid_resource_version_node_phase_and_waiting_reason()
    {
        var e = Assert.Single(ReadAll(PendingPod + "\n"));

        Assert.Equal(WatchEventKind.Modified, e.Type);
        var pod = e.Object!;
        Assert.Equal("Pod", pod.Kind);
        Assert.Equal("prepull-w-2024-52-node1", pod.Name);
        Assert.Equal("7c0e4b1a-0001", pod.Metadata!.Uid);
        Assert.Equal("1041", pod.Metadata.ResourceVersion);
        Assert.Equal("node1", pod.Spec!.NodeName);
        Assert.Equal("Pending", pod.Status!.Phase);
        Assert.Equal("ContainerCreating", Assert.Single(pod.Status.ContainerStatuses!).State!.Waiting!.Reason);
        Assert.Null(pod.Code);
        Assert.Equal((null, null), PodWaiter.Evaluate(pod));
    }

    [Fact]
    public void Ended_pods_are_read_with_their_reasons()
    {
        const string text = """
            {"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"a","uid":"1","resourceVersion":"5"},"status":{"phase":"Succeeded","containerStatuses":[{"state":{"terminated":{"reason":"Completed","exitCode":0}}}]}}}
            {"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"b","uid":"2","resourceVersion":"6"},"status":{"phase":"Failed","containerStatuses":[{"state":{"waiting":null}},{"state":{"terminated":{"reason":"Error","exitCode":137,"message":"killed"}}}]}}}
            {"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"c","uid":"3","resourceVersion":"7"},"status":{"phase":"Pending","containerStatuses":[{"state":{"waiting":{"reason":"ErrImagePull","message":"manifest unknown"}}}]}}}
            {"type":"DELETED","object":{"kind":"Pod","metadata":{"name":"d","uid":"4","resourceVersion":"8"},"status":{"phase":"Failed","reason":"Evicted","message":"The node was low on resource: ephemeral-storage."}}}
            """;

        var events = ReadAll(text);

        Assert.Equal([WatchEventKind.Modified, WatchEventKind.Modified, WatchEventKind.Modified, WatchEventKind.Deleted], events.Select(e => e.Type!.Value));
        Assert.Equal((PrepullOutcome.Pulled, null), PodWaiter.Evaluate(events[0].Object!));
        Assert.Equal((PrepullOutcome.Failed, "Error (exit code 137): killed"), PodWaiter.Evaluate(events[1].Object!));
        Assert.Equal((PrepullOutcome.Failed, "ErrImagePull: manifest unknown"), PodWaiter.Evaluate(events[2].Object!));
        Assert.Equal((PrepullOutcome.Failed, "Evicted: The node was low on resource: ephemeral-storage."), PodWaiter.Evaluate(events[3].Object!));
    }

    [Fact]
    public void Unknown_fields_at_every_level_and_any_field_order_are_read_past()
    {
        const string text = """
            {"object":{"future":{"a":[1,2,{"b":null}],"c":"\"quoted\" } {"},"status":{"extra":[[]],"phase":"Running","containerStatuses":[{"state":{"running":{"startedAt":"2024-12-30T10:00:00Z"},"waiting":{"reason":"PodInitializing","x":1.5e3}},"more":true}]},"metadata":{"annotations":{"k":"v"},"uid":"u","name":"n"},"kind":"Pod","spec":{"nodeName":"node7","nodeSelector":{"a":"b"}}},"type":"ADDED","extraTop":{"deep":{"deeper":[false]}}}
            """;

        var e = Assert.Single(ReadAll(text));

        Assert.Equal(WatchEventKind.Added, e.Type);
        Assert.Equal("n", e.Object!.Name);
        Assert.Equal("u", e.Object.Metadata!.Uid);
        Assert.Equal("node7", e.Object.Spec!.NodeName);
        Assert.Equal("Running", e.Object.Status!.Phase);
        Assert.Equal("PodInitializing", e.Object.Status.ContainerStatuses![0].State!.Waiting!.Reason);
    }

    [Fact]
    public void Escaped_text_reads_as_its_value()
    {
        var e = Assert.Single(ReadAll("""{"type":"MODIFIED","object":{"metadata":{"name":"p\u002d1"},"status":{"phase":"\u0053ucceeded"}}}"""));

        Assert.Equal("p-1", e.Object!.Name);
        Assert.Equal("Succeeded", e.Object.Status!.Phase);
        Assert.Equal(PrepullOutcome.Pulled, PodWaiter.Evaluate(e.Object).Outcome);
    }

    [Fact]
    public void An_error_event_carries_its_status_code_reason_and_message()
    {
        const string text = """
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (1041)","reason":"Expired","code":410,"details":{"causes":[]}}}
            """;

        var e = Assert.Single(ReadAll(text));

        Assert.Equal(WatchEventKind.Error, e.Type);
        Assert.Equal("Status", e.Object!.Kind);
        Assert.Equal(410, e.Object.Code);
        Assert.Equal("Expired", e.Object.Reason);
        Assert.Equal("too old resource version: 1 (1041)", e.Object.Message);
        Assert.Null(e.Object.Status);
    }

    [Fact]
    public void A_bookmark_carries_only_its_resource_version()
    {
        const string text = """
            {"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"2077","annotations":{"k8s.io/initial-events-end":"true"}}}}
            """;

        var e = Assert.Single(ReadAll(text));

        Assert.Equal(WatchEventKind.Bookmark, e.Type);
        Assert.Equal("2077", e.Object!.Metadata!.ResourceVersion);
        Assert.Null(e.Object.Name);
        Assert.Null(e.Object.Status);
    }

    [Fact]
    public void Malformed_lines_are_reported_and_passed_over_and_the_next_event_is_read()
    {
        var lines = new[]
        {
            "not json at all",
            """{"type":"MODIFIED","object":{"metadata":{"name":"cut""",
            """{"object":{"metadata":{"name":"no-type"}}}""",
            """{"type":"RESIZED","object":{"metadata":{"name":"unknown-type"}}}""",
            """{"type":"ADDED"}""",
            """[1,2,3]""",
            """{"type":"MODIFIED","object":{"metadata":{"name":5}}}""",
            """{"type":"MODIFIED","object":{"metadata":{"name":"x"},"status":{"phase":["Running"]}}}""",
            """{"type":"MODIFIED","object":{"metadata":{"name":"x"},"code":"410"}}""",
            "",
            "   ",
            """{"type":"MODIFIED","object":{"metadata":{"name":"good","resourceVersion":"9"},"status":{"phase":"Succeeded"}}}""",
        };
        var malformed = new List<string>();

        var events = ReadAll(string.Join("\n", lines), malformed);

        var e = Assert.Single(events);
        Assert.Equal("good", e.Object!.Name);
        Assert.Equal(9, malformed.Count);
        Assert.All(malformed, m => Assert.Contains("passed over", m, StringComparison.Ordinal));
    }

    [Fact]
    public void A_node_status_object_is_read_past_as_a_pod_status_without_keeping_its_images()
    {
        const string text = """
            {"type":"DELETED","object":{"kind":"Node","metadata":{"name":"node3","resourceVersion":"77","labels":{"nublado.lsst.io/lab":"true"}},"spec":{"taints":[{"key":"k","effect":"NoSchedule"}]},"status":{"images":[{"names":["a@sha256:0","a:w_2024_52"],"sizeBytes":4200000000}],"nodeInfo":{"kubeletVersion":"v1.31.0"},"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}]}}}
            """;

        var e = Assert.Single(ReadAll(text));

        Assert.Equal(WatchEventKind.Deleted, e.Type);
        Assert.Equal("node3", e.Object!.Name);
        Assert.Null(e.Object.Spec!.NodeName);
        Assert.Null(e.Object.Status!.Phase);
        Assert.Null(e.Object.Status.ContainerStatuses);
    }

    [Theory]
    [InlineData(1, 256)]
    [InlineData(7, 256)]
    [InlineData(4096, 256)]
    [InlineData(int.MaxValue, 16 * 1024)]
    public void Events_split_across_reads_and_longer_than_the_buffer_read_the_same(int chunk, int bufferSize)
    {
        var text = PendingPod + "\r\n\n" + PendingPod.Replace("\"1041\"", "\"1042\"", StringComparison.Ordinal) + "\n"
            + PendingPod.Replace("\"1041\"", "\"1043\"", StringComparison.Ordinal); // the last line has no line break

        var events = ReadAll(text, chunk: chunk, bufferSize: bufferSize);

        Assert.Equal(["1041", "1042", "1043"], events.Select(e => e.Object!.Metadata!.ResourceVersion));
        Assert.All(events, e => Assert.Equal("node1", e.Object!.Spec!.NodeName));
    }

    [Fact]
    public async Task The_watch_delivers_events_moves_on_at_bookmarks_and_stops_at_an_error()
    {
        const string text = """
            {"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"10"}}}
            {"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"15"}}}
            {"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"20"}}}
            {"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"25"}}}
            {"type":"ERROR","object":{"kind":"Status","status":"Failure","reason":"Expired","code":410}}
            {"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"30"}}}
            """;
        var delivered = new List<(WatchEventKind, string?)>();
        await using var watch = new ResourceWatch(null!, (t, o) => delivered.Add((t, o.Name)), _ => { }, _ => { }, null);
        using var reader = new WatchStreamReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        var (resourceVersion, error, events) = await watch.ReadEventsAsync(reader, "1", CancellationToken.None);

        Assert.Equal([(WatchEventKind.Added, "a"), (WatchEventKind.Modified, "a")], delivered);
        Assert.Equal("25", resourceVersion);
        Assert.Equal(410, error!.Code);
        Assert.Equal(4, events);
    }

    [Fact]
    public void The_watch_query_names_the_selector_the_resource_version_and_bookmarks()
    {
        const string pods = "api/v1/namespaces/nublado/pods";
        const string selector = "nublado.lsst.io/category=prepuller";

        Assert.Equal($"{pods}?allowWatchBookmarks=true&labelSelector=nublado.lsst.io%2Fcategory%3Dprepuller&resourceVersion=1041&watch=true", WatchApi.Query(pods, selector, watch: true, "1041"));
        Assert.Equal($"{pods}?labelSelector=nublado.lsst.io%2Fcategory%3Dprepuller", WatchApi.Query(pods, selector, watch: false, null));
        Assert.Equal("api/v1/nodes?allowWatchBookmarks=true&watch=true", WatchApi.Query("api/v1/nodes", null, watch: true, null));
    }

    // Generated events: any pod state, with unknown fields added at any level and the fields in any order.
    private static readonly Gen<string> Text = Gen.String[Gen.Char["abcXYZ09-_ \"\\/é"], 0, 12];

    /// <summary>A value of any JSON kind for a field the reader does not know.</summary>
    private static JsonNode Junk(Random random) => random.Next(5) switch
    {
        0 => JsonValue.Create(random.Next()),
        1 => JsonValue.Create(new string('"', random.Next(3)) + "} {\\" + random.Next()),
        2 => new JsonArray(1, "two", new JsonObject { ["three"] = null }, new JsonArray()),
        3 => new JsonObject { ["nested"] = new JsonObject { ["phase"] = "Failed", ["code"] = 500, ["status"] = "Failure" } },
        _ => JsonValue.Create(random.NextDouble() * 1e300),
    };

    private sealed record PodCase(string Type, string Name, string Uid, string Rv, string Node, string Phase, string? Waiting, string? Terminated, int Exit);

    private static readonly Gen<PodCase> Cases =
        from type in Pick("ADDED", "MODIFIED", "DELETED")
        from name in Text
        from uid in Text
        from rv in Gen.Long[0, long.MaxValue].Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture))
        from node in Text
        from phase in Pick("Pending", "Running", "Succeeded", "Failed", "Unknown", "Pénding")
        from waiting in Pick<string?>(null, "ContainerCreating", "ErrImagePull", "ImagePullBackOff", "SomethingNew")
        from terminated in Pick<string?>(null, "Completed", "Error", "OOMKilled")
        from exit in Gen.Int[-1, 255]
        select new PodCase(type, name, uid, rv, node, phase, waiting, terminated, exit);

    private static JsonObject Shuffle(JsonObject o, Random random)
    {
        var entries = o.Select(p => (p.Key, Value: p.Value?.DeepClone())).ToList();
        for (var i = random.Next(3); i > 0; i--)
        {
            entries.Add(($"unknown{i}", Junk(random)));
        }

        var shuffled = new JsonObject();
        foreach (var (key, value) in entries.OrderBy(_ => random.Next()))
        {
            shuffled[key] = value is JsonObject child ? Shuffle(child, random) : value;
        }

        return shuffled;
    }

    private static JsonObject EventOf(PodCase c)
    {
        var state = new JsonObject();
        if (c.Waiting is not null)
        {
            state["waiting"] = new JsonObject { ["reason"] = c.Waiting, ["message"] = "m" };
        }

        if (c.Terminated is not null)
        {
            state["terminated"] = new JsonObject { ["reason"] = c.Terminated, ["exitCode"] = c.Exit };
        }

        return new JsonObject
        {
            ["type"] = c.Type,
            ["object"] = new JsonObject
            {
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject { ["name"] = c.Name, ["uid"] = c.Uid, ["resourceVersion"] = c.Rv },
                ["spec"] = new JsonObject { ["nodeName"] = c.Node },
                ["status"] = new JsonObject
                {
                    ["phase"] = c.Phase,
                    ["containerStatuses"] = new JsonArray(new JsonObject { ["state"] = state }),
                },
            },
        };
    }

    [Fact]
    public void Generated_events_with_unknown_fields_in_any_order_read_as_their_fields()
    {
        Gen.Select(Cases, Gen.Int, Gen.Int[1, 64]).Sample((c, seed, chunk) =>
        {
            var line = Shuffle(EventOf(c), new Random(seed)).ToJsonString();

            var e = Assert.Single(ReadAll(line + "\n" + line + "\n", chunk: chunk, bufferSize: 256).Take(1));

            Assert.Equal(c.Type, e.Type!.Value.ToString().ToUpperInvariant());
            Assert.Equal(c.Name, e.Object!.Name);
            Assert.Equal(c.Uid, e.Object.Metadata!.Uid);
            Assert.Equal(c.Rv, e.Object.Metadata.ResourceVersion);
            Assert.Equal(c.Node, e.Object.Spec!.NodeName);
            Assert.Equal(c.Phase, e.Object.Status!.Phase);
            var state = e.Object.Status.ContainerStatuses![0].State!;
            Assert.Equal(c.Waiting, state.Waiting?.Reason);
            Assert.Equal(c.Terminated, state.Terminated?.Reason);
            Assert.Equal(c.Terminated is null ? null : c.Exit, state.Terminated?.ExitCode);
        }, iter: 300);
    }

    [Fact]
    public void Any_cut_or_corruption_of_an_event_never_throws()
    {
        var line = PendingPod;
        Gen.Select(Gen.Int[0, line.Length], Gen.Int[0, line.Length - 1], Gen.Char).Sample((cut, at, c) =>
        {
            var corrupted = line[..at] + c + line[(at + 1)..];
            var malformed = new List<string>();
            var events = ReadAll(line[..cut] + "\n" + corrupted + "\n" + line + "\n", malformed);
            Assert.Equal("1041", events[^1].Object!.Metadata!.ResourceVersion);
            Assert.True(events.Count + malformed.Count >= 2);
        }, iter: 1000);
    }

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
