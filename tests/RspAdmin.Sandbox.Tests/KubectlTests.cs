using System.Text.Json;
using k8s;
using k8s.Models;
using RspAdmin.Sandbox.Tests.Support;

namespace RspAdmin.Sandbox.Tests;

/// <summary>The real kubectl against the kubeconfig the sandbox writes (HOME in a scratch folder).</summary>
public sealed class KubectlTests
{
    private const string Scenario = """
        namespaces: [nublado]
        nodes:
          - name: node
            count: 2
          - name: tainted
            taints:
              - { key: some-taint, effect: NoSchedule }
        faults:
          pendingPods: ["nublado/*"]
        """;

    private static async Task<(int ExitCode, string Stdout, string Stderr)> KubectlAsync(InProcessSandbox sandbox, CancellationToken ct, params string[] args)
    {
        var home = Path.Combine(sandbox.Directory, "home");
        Directory.CreateDirectory(home);
        return await ProcessRunner.RunAsync(ProcessRunner.Find("kubectl")!, args, new Dictionary<string, string>
        {
            ["KUBECONFIG"] = sandbox.Host.KubeconfigPath!,
            ["HOME"] = home,
        }, ct);
    }

    [SkippableFact]
    public async Task Get_describe_and_delete_with_kubectl()
    {
        Skip.If(ProcessRunner.Find("kubectl") is null, "Skipped: kubectl is not installed.");
        var ct = InProcessSandbox.Bounded(90);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        await sandbox.Client.CoreV1.CreateNamespacedPodAsync(InProcessSandbox.PrepullPod("prepull-w-2077-43-node1", "nublado", "node1", "registry.invalid.example/sketchbook:w_2077_43"), "nublado", cancellationToken: ct);

        var get = await KubectlAsync(sandbox, ct, "get", "nodes,pods", "-A");
        Assert.True(get.ExitCode == 0, get.Stderr);
        var lines = get.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("node/node1 ", StringComparison.Ordinal) && l.Contains(" Ready ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("node/tainted ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("nublado ", StringComparison.Ordinal) && l.Contains("pod/prepull-w-2077-43-node1", StringComparison.Ordinal) && l.Contains("Pending", StringComparison.Ordinal));

        var json = await KubectlAsync(sandbox, ct, "get", "pod", "prepull-w-2077-43-node1", "-n", "nublado", "-o", "json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        var pod = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("Pod", pod.GetProperty("kind").GetString());
        Assert.Equal("node1", pod.GetProperty("spec").GetProperty("nodeName").GetString());
        Assert.Equal("/bin/true", pod.GetProperty("spec").GetProperty("containers")[0].GetProperty("command")[0].GetString());

        var delete = await KubectlAsync(sandbox, ct, "delete", "pod", "prepull-w-2077-43-node1", "-n", "nublado");
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Contains("pod \"prepull-w-2077-43-node1\" deleted", delete.Stdout);
        Assert.Empty((await sandbox.Client.CoreV1.ListNamespacedPodAsync("nublado", cancellationToken: ct)).Items);
    }

    [SkippableFact]
    public async Task Apply_creates_a_pod_and_configmaps_are_listed()
    {
        Skip.If(ProcessRunner.Find("kubectl") is null, "Skipped: kubectl is not installed.");
        var ct = InProcessSandbox.Bounded(90);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "lab-config" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "nublado", cancellationToken: ct);
        var manifest = Path.Combine(sandbox.Directory, "pod.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: applied
              namespace: nublado
            spec:
              nodeName: node2
              restartPolicy: Never
              containers:
                - name: c
                  image: registry.invalid.example/sketchbook:w_2077_43
                  command: ["/bin/true"]
            """, ct);
        var apply = await KubectlAsync(sandbox, ct, "apply", "-f", manifest);
        Assert.True(apply.ExitCode == 0, apply.Stderr);
        Assert.Contains("pod/applied created", apply.Stdout);
        var applied = await sandbox.Client.CoreV1.ReadNamespacedPodAsync("applied", "nublado", cancellationToken: ct);
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", applied.Metadata.Annotations.Keys);

        var again = await KubectlAsync(sandbox, ct, "apply", "-f", manifest);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("pod/applied unchanged", again.Stdout);

        var cms = await KubectlAsync(sandbox, ct, "get", "cm", "-n", "nublado");
        Assert.True(cms.ExitCode == 0, cms.Stderr);
        Assert.Contains(cms.Stdout.Split('\n'), l => l.StartsWith("lab-config ", StringComparison.Ordinal) && l.Contains(" 1 ", StringComparison.Ordinal));
    }
}
