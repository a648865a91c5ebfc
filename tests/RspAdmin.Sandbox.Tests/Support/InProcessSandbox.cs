using k8s;
using k8s.Models;
using RspAdmin.Sandbox.Hosting;
using RspAdmin.Sandbox.Scenario;

namespace RspAdmin.Sandbox.Tests.Support;

/// <summary>An in-process sandbox for one test, with a KubernetesClient built from the kubeconfig it wrote.</summary>
internal sealed class InProcessSandbox : IAsyncDisposable
{
    public const string NoRegistryMessage = "Skipped: docker-registry is not installed (Debian package docker-registry).";

    private readonly string _directory;

    private InProcessSandbox(SandboxHost host, string directory)
    {
        Host = host;
        _directory = directory;
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath!));
    }

    public SandboxHost Host { get; }

    public IKubernetes Client { get; }

    public string Directory => _directory;

    public static bool RegistryInstalled => RspAdmin.RegistryHarness.DockerRegistryProcess.IsInstalled;

    public static async Task<InProcessSandbox> StartAsync(string scenarioYaml, CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("rspadmin-sandbox-test-").FullName;
        var scenario = ScenarioLoader.Parse(scenarioYaml);
        var host = await SandboxHost.StartAsync(scenario, new SandboxHostOptions { KubeconfigPath = Path.Combine(directory, "kubeconfig") }, cancellationToken);
        return new InProcessSandbox(host, directory);
    }

    /// <summary>A token that cancels after <paramref name="seconds"/>, bounding every wait in a test.</summary>
    public static CancellationToken Bounded(int seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>A pod like the prepuller's: bound to a node, <c>/bin/true</c>, restartPolicy Never.</summary>
    public static V1Pod PrepullPod(string name, string ns, string node, string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["nublado.lsst.io/category"] = "prepuller" } },
        Spec = new V1PodSpec
        {
            NodeName = node,
            RestartPolicy = "Never",
            Containers = [new V1Container { Name = "prepull", Image = image, Command = ["/bin/true"], WorkingDir = "/tmp" }],
        },
    };

    /// <summary>The namespace's current list resourceVersion, to watch from before creating something.</summary>
    public async Task<string> PodsRevisionAsync(string ns, CancellationToken cancellationToken) =>
        (await Client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: cancellationToken)).ResourceVersion();

    /// <summary>Watches one pod (from <paramref name="resourceVersion"/>, so no revision is missed) until <paramref name="done"/> holds.</summary>
    public async Task<V1Pod> WaitForPodAsync(string ns, string name, Func<V1Pod, bool> done, CancellationToken cancellationToken, string? resourceVersion = null)
    {
        var response = Client.CoreV1.WatchListNamespacedPodAsync(ns, fieldSelector: "metadata.name=" + name, resourceVersion: resourceVersion, cancellationToken: cancellationToken);
        await foreach (var (_, pod) in response)
        {
            if (done(pod))
            {
                return pod;
            }
        }

        throw new InvalidOperationException($"The watch on pod {ns}/{name} ended before the expected state.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
