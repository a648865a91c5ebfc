using k8s;
using k8s.Models;
using RspAdmin.Sandbox.Tests.Support;

namespace RspAdmin.Sandbox.Tests;

/// <summary>The simulated kubelets against a real docker-registry started on loopback by the sandbox.</summary>
public sealed class KubeletRegistryTests
{
    private const string Scenario = """
        settings:
          pullLatencySeconds: 0.05
          imagePullBackOffSeconds: 0.1
        registry:
          start: true
          repositories:
            - name: library/sketchbook
              tags: [w_2077_43, w_2077_44, d_2077_10_23, tiny]
              aliases: { recommended: w_2077_43 }
              sizeBytes: 3000000000
              tagSizes: { tiny: 10 }
        namespaces: [nublado]
        nodes:
          - name: node1
            images:
              - ref: library/sketchbook:w_2077_43
          - name: capped
            nodeStatusMaxImages: 1
            images:
              - ref: library/sketchbook:w_2077_43
          - name: fragile
            vanishAfterPulls: 1
        """;

    [SkippableFact]
    public async Task Prepull_pod_succeeds_and_the_node_reports_the_image_by_digest_and_tag()
    {
        Skip.IfNot(InProcessSandbox.RegistryInstalled, InProcessSandbox.NoRegistryMessage);
        var ct = InProcessSandbox.Bounded(60);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var registry = sandbox.Host.RegistryAddress!;
        var digest = sandbox.Host.SeededDigests["library/sketchbook:d_2077_10_23"];
        Assert.Equal(sandbox.Host.SeededDigests["library/sketchbook:w_2077_43"], sandbox.Host.SeededDigests["library/sketchbook:recommended"]);

        var before = await sandbox.Client.CoreV1.ReadNodeAsync("node1", cancellationToken: ct);
        var cached = Assert.Single(before.Status.Images);
        Assert.Equal($"{registry}/library/sketchbook@{sandbox.Host.SeededDigests["library/sketchbook:w_2077_43"]}", cached.Names[0]);

        var nodeEvents = new List<V1Node>();
        var nodeWatch = Task.Run(async () =>
        {
            var watch = sandbox.Client.CoreV1.WatchListNodeAsync(fieldSelector: "metadata.name=node1", resourceVersion: before.ResourceVersion(), cancellationToken: ct);
            await foreach (var (type, node) in watch)
            {
                Assert.Equal(WatchEventType.Modified, type);
                nodeEvents.Add(node);
                return;
            }
        }, ct);

        // The prepuller's pod: tag and digest, /bin/true, restartPolicy Never, bound to the node.
        var image = $"{registry}/library/sketchbook:d_2077_10_23@{digest}";
        var rv = await sandbox.PodsRevisionAsync("nublado", ct);
        await sandbox.Client.CoreV1.CreateNamespacedPodAsync(InProcessSandbox.PrepullPod("prepull-d-2077-10-23-node1", "nublado", "node1", image), "nublado", cancellationToken: ct);
        var phases = new List<string>();
        var done = await sandbox.WaitForPodAsync("nublado", "prepull-d-2077-10-23-node1", p =>
        {
            if (phases.Count == 0 || phases[^1] != p.Status.Phase)
            {
                phases.Add(p.Status.Phase);
            }

            return p.Status.Phase is "Succeeded" or "Failed";
        }, ct, rv);
        Assert.Equal(["Pending", "Running", "Succeeded"], phases);
        var terminated = done.Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal("Completed", terminated.Reason);

        await nodeWatch;
        var after = await sandbox.Client.CoreV1.ReadNodeAsync("node1", cancellationToken: ct);
        Assert.Equal(2, after.Status.Images.Count);
        var pulled = after.Status.Images.Single(i => i.Names.Contains($"{registry}/library/sketchbook@{digest}"));
        Assert.Equal([$"{registry}/library/sketchbook@{digest}", $"{registry}/library/sketchbook:d_2077_10_23"], pulled.Names);
        Assert.Equal(3_000_000_000L, pulled.SizeBytes);
        Assert.Contains(nodeEvents.Single().Status.Images, i => i.Names.Contains($"{registry}/library/sketchbook@{digest}"));
    }

    [SkippableFact]
    public async Task Unknown_tag_gives_ErrImagePull_then_ImagePullBackOff()
    {
        Skip.IfNot(InProcessSandbox.RegistryInstalled, InProcessSandbox.NoRegistryMessage);
        var ct = InProcessSandbox.Bounded(60);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var image = $"{sandbox.Host.RegistryAddress}/library/sketchbook:w_1999_01";
        var rv = await sandbox.PodsRevisionAsync("nublado", ct);
        await sandbox.Client.CoreV1.CreateNamespacedPodAsync(InProcessSandbox.PrepullPod("missing", "nublado", "node1", image), "nublado", cancellationToken: ct);
        var reasons = new List<string>();
        await sandbox.WaitForPodAsync("nublado", "missing", p =>
        {
            Assert.Equal("Pending", p.Status.Phase);
            var waiting = p.Status.ContainerStatuses?.Single().State.Waiting;
            if (waiting?.Reason is { } reason && (reasons.Count == 0 || reasons[^1] != reason))
            {
                reasons.Add(reason);
                if (reason == "ErrImagePull")
                {
                    Assert.Contains("not found", waiting.Message);
                }
            }

            return reasons.Contains("ImagePullBackOff");
        }, ct, rv);
        Assert.Equal(["ContainerCreating", "ErrImagePull", "ImagePullBackOff"], reasons);
        var node = await sandbox.Client.CoreV1.ReadNodeAsync("node1", cancellationToken: ct);
        Assert.Single(node.Status.Images);
    }

    [SkippableFact]
    public async Task Node_status_cap_hides_smaller_images_and_a_fragile_node_vanishes_after_its_pull()
    {
        Skip.IfNot(InProcessSandbox.RegistryInstalled, InProcessSandbox.NoRegistryMessage);
        var ct = InProcessSandbox.Bounded(60);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var registry = sandbox.Host.RegistryAddress!;

        // nodeStatusMaxImages 1: the 10-byte image is pulled but the larger cached one keeps the only slot.
        await sandbox.Client.CoreV1.CreateNamespacedPodAsync(InProcessSandbox.PrepullPod("tiny", "nublado", "capped", $"{registry}/library/sketchbook:tiny"), "nublado", cancellationToken: ct);
        await sandbox.WaitForPodAsync("nublado", "tiny", p => p.Status.Phase == "Succeeded", ct);
        var capped = await sandbox.Client.CoreV1.ReadNodeAsync("capped", cancellationToken: ct);
        var only = Assert.Single(capped.Status.Images);
        Assert.Contains($"{registry}/library/sketchbook:w_2077_43", only.Names);
        Assert.Equal(2, sandbox.Host.Kubelets.Nodes["capped"].Images.Count);

        var watch = sandbox.Client.CoreV1.WatchListNodeAsync(fieldSelector: "metadata.name=fragile", cancellationToken: ct);
        await sandbox.Client.CoreV1.CreateNamespacedPodAsync(InProcessSandbox.PrepullPod("last", "nublado", "fragile", $"{registry}/library/sketchbook:w_2077_44"), "nublado", cancellationToken: ct);
        await foreach (var (type, _) in watch)
        {
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.DoesNotContain((await sandbox.Client.CoreV1.ListNodeAsync(cancellationToken: ct)).Items, n => n.Metadata.Name == "fragile");
        var stranded = await sandbox.Client.CoreV1.ReadNamespacedPodAsync("last", "nublado", cancellationToken: ct);
        Assert.NotEqual("Succeeded", stranded.Status.Phase);
    }
}
