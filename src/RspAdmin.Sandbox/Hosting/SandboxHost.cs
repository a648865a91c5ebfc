using k8s.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RspAdmin.Sandbox.Api;
using RspAdmin.Sandbox.Kubelet;
using RspAdmin.Sandbox.Registry;
using RspAdmin.Sandbox.Scenario;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Hosting;

/// <summary>
/// A running sandbox: the simulated API server on 127.0.0.1, its store and kubelets, and the registry it
/// started (if any). Start one with <see cref="StartAsync"/>; dispose it to stop everything and remove temporary files.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly LocalRegistry? _registry;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private SandboxHost(WebApplication app, HttpClient http, LocalRegistry? registry, CancellationTokenSource stopping, ObjectStore store, KubeletSimulator kubelets, RequestCounter requests, FaultInjector faults, Uri apiAddress, string? registryAddress, string? kubeconfigPath, IReadOnlyDictionary<string, string> seededDigests)
    {
        _app = app;
        _http = http;
        _registry = registry;
        _stopping = stopping;
        Store = store;
        Kubelets = kubelets;
        Requests = requests;
        Faults = faults;
        ApiAddress = apiAddress;
        RegistryAddress = registryAddress;
        KubeconfigPath = kubeconfigPath;
        SeededDigests = seededDigests;
    }

    /// <summary>The API server's base address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri ApiAddress { get; }

    /// <summary>The registry pods pull from (<c>host:port</c>), or null when the scenario has none.</summary>
    public string? RegistryAddress { get; }

    /// <summary>The kubeconfig written at start, or null.</summary>
    public string? KubeconfigPath { get; }

    /// <summary>Digests of the seeded images, by <c>repository:tag</c>.</summary>
    public IReadOnlyDictionary<string, string> SeededDigests { get; }

    public ObjectStore Store { get; }

    public KubeletSimulator Kubelets { get; }

    public RequestCounter Requests { get; }

    public FaultInjector Faults { get; }

    /// <summary>The line the executable prints once ready.</summary>
    public string ReadyLine => $"READY api={ApiAddress.ToString().TrimEnd('/')} kubeconfig={KubeconfigPath ?? "none"} registry={RegistryAddress ?? "none"}";

    public static async Task<SandboxHost> StartAsync(SandboxScenario scenario, SandboxHostOptions options, CancellationToken cancellationToken = default)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = TimeSpan.FromSeconds(30) };
        LocalRegistry? registry = null;
        var stopping = new CancellationTokenSource();
        WebApplication? app = null;
        KubeletSimulator? kubelets = null;
        try
        {
            var settings = scenario.Settings;
            var images = new ImageCatalog();
            var seeded = new Dictionary<string, string>(StringComparer.Ordinal);
            var registryAddress = scenario.Registry?.Address;
            if (scenario.Registry is { Start: true } started)
            {
                registry = await LocalRegistry.StartAsync(http, cancellationToken).ConfigureAwait(false);
                registryAddress = registry.Address;
                await SeedAsync(http, registry.Address, started.Repositories, images, seeded, cancellationToken).ConfigureAwait(false);
            }

            var store = new ObjectStore(new ResourceCatalog(), settings.EventLogCapacity);
            foreach (var ns in SystemNamespaces.Concat(scenario.Namespaces).Distinct(StringComparer.Ordinal))
            {
                store.Create(store.Catalog.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
            }

            var registryClient = new ImageRegistryClient(http, images);
            kubelets = new KubeletSimulator(store, registryClient, new KubeletSettings
            {
                BackOffBase = TimeSpan.FromSeconds(settings.ImagePullBackOffSeconds),
                BackOffMax = TimeSpan.FromSeconds(settings.ImagePullBackOffMaxSeconds),
                RunDuration = TimeSpan.FromSeconds(settings.ContainerRunSeconds),
                PendingPods = scenario.Faults.PendingPods,
            });
            foreach (var node in scenario.Nodes)
            {
                foreach (var name in ScenarioLoader.ExpandNames(node))
                {
                    kubelets.AddNode(await BuildNodeAsync(node, name, settings, registryAddress, registryClient, cancellationToken).ConfigureAwait(false));
                }
            }

            var requests = new RequestCounter();
            var faults = new FaultInjector();
            foreach (var f in scenario.Faults.Api)
            {
                faults.Add(new ApiFault(f.Method, f.Path, f.Status, f.Count, f.Skip, f.Message));
            }

            var namespaces = new NamespaceLifecycle(store, TimeSpan.FromSeconds(settings.NamespaceTerminationSeconds), stopping.Token);
            app = SandboxApi.Build(options.Port, store, namespaces, requests, faults, kubelets, stopping.Token);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var port = new Uri(address).Port;
            var apiAddress = new Uri($"http://127.0.0.1:{port}/");
            kubelets.Start();
            if (options.KubeconfigPath is not null)
            {
                KubeconfigWriter.Write(options.KubeconfigPath, apiAddress);
            }

            return new SandboxHost(app, http, registry, stopping, store, kubelets, requests, faults, apiAddress, registryAddress, options.KubeconfigPath is null ? null : Path.GetFullPath(options.KubeconfigPath), seeded);
        }
        catch
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            if (kubelets is not null)
            {
                await kubelets.DisposeAsync().ConfigureAwait(false);
            }

            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            if (registry is not null)
            {
                await registry.DisposeAsync().ConfigureAwait(false);
            }

            http.Dispose();
            stopping.Dispose();
            throw;
        }
    }

    private static async Task SeedAsync(HttpClient http, string address, IEnumerable<ScenarioRepository> repositories, ImageCatalog images, Dictionary<string, string> seeded, CancellationToken cancellationToken)
    {
        var seeder = new RegistrySeeder(http, address);
        foreach (var repo in repositories)
        {
            var manifests = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var tag in repo.Tags)
            {
                var (manifest, digest) = await seeder.PushImageAsync(repo.Name, tag, cancellationToken).ConfigureAwait(false);
                manifests[tag] = manifest;
                seeded[$"{repo.Name}:{tag}"] = digest;
                if ((repo.TagSizes.TryGetValue(tag, out var s) ? s : repo.SizeBytes) is { } size)
                {
                    images.SetSize(digest, size);
                }
            }

            foreach (var (alias, target) in repo.Aliases)
            {
                seeded[$"{repo.Name}:{alias}"] = await seeder.PutManifestAsync(repo.Name, alias, manifests[target], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<SimulatedNode> BuildNodeAsync(ScenarioNode spec, string name, ScenarioSettings settings, string? registryAddress, ImageRegistryClient registry, CancellationToken cancellationToken)
    {
        var node = new SimulatedNode(name)
        {
            Labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal),
            Taints = spec.Taints.Select(t => new V1Taint { Key = t.Key, Value = t.Value, Effect = t.Effect }).ToList(),
            PullLatency = TimeSpan.FromSeconds(spec.PullLatencySeconds ?? settings.PullLatencySeconds),
            MaxImages = spec.NodeStatusMaxImages ?? NodeImageStatus.DefaultMaxImages,
            VanishAfter = spec.VanishAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            VanishAfterPulls = spec.VanishAfterPulls,
        };
        foreach (var image in spec.Images)
        {
            if (image.Ref is null)
            {
                node.AddCachedImage(CachedImage.FromNames(image.Names, image.SizeBytes ?? 0));
                continue;
            }

            var reference = ImageReference.Parse($"{registryAddress}/{image.Ref}");
            var resolution = await registry.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
            if (!resolution.Found)
            {
                throw new SandboxException("Sandbox.ScenarioInvalid", $"node '{name}': cached image '{image.Ref}' is not in the registry {registryAddress}: {resolution.Error}");
            }

            var names = new List<string> { $"{reference.Name}@{resolution.Digest}" };
            if (reference.Tag is not null)
            {
                names.Add($"{reference.Name}:{reference.Tag}");
            }

            node.AddCachedImage(CachedImage.FromNames(names, image.SizeBytes ?? resolution.SizeBytes));
        }

        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Store.CompleteAllWatches();
        await Kubelets.DisposeAsync().ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        if (_registry is not null)
        {
            await _registry.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
        _stopping.Dispose();
    }
}
