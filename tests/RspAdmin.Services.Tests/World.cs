using System.Diagnostics;
using RspAdmin.Core.Http;
using RspAdmin.Sandbox.Hosting;
using RspAdmin.Sandbox.Scenario;

namespace RspAdmin.Services.Tests;

/// <summary>
/// A sandbox world for one test: a Phalanx checkout (format D, environment idfdev) written here, the sandbox
/// rendering it, and every request log line and error message the clients produce (for the token-leak scan).
/// </summary>
internal sealed class World : IAsyncDisposable
{
    public const string Gafaelfawr = "gt-world-operator-7f3c9e1a";
    public const string ArgoToken = "argo-world-token-51d0b7";
    public const string VaultWrite = "hvs.world-write-2c8e41";
    public const string VaultUpdateOnly = "hvs.world-update-9ad0f3";
    public const string VaultRead = "hvs.world-read-6b7e22";

    public static readonly Dictionary<string, string> Phalanx = new()
    {
        ["environments/values.yaml"] = "applications:\n  nublado: false\n  nublado2: false\n  mobu: false\n  cachemachine: false\n  moneypenny: false\n",
        ["environments/values-idfdev.yaml"] = "name: idfdev\nvaultPathPrefix: secret/phalanx/idfdev\napplications:\n  nublado2: true\n  mobu: true\n  cachemachine: true\n  moneypenny: true\n",
        ["applications/nublado2/values.yaml"] = "jupyterhub:\n  hub:\n    db:\n      url: postgresql://jovyan@postgres.postgres/jupyterhub\n",
        ["applications/nublado2/values-idfdev.yaml"] = "jupyterhub:\n  hub: {}\n",
        ["applications/nublado/values.yaml"] = "jupyterhub:\n  hub:\n    db:\n      url: postgresql://nublado3@postgres.postgres/nublado3\n",
        ["applications/nublado/values-idfdev.yaml"] = "jupyterhub:\n  hub:\n    baseUrl: /n3\n",
        ["applications/mobu/values.yaml"] = "config:\n  autostart: []\n",
        ["applications/mobu/values-idfdev.yaml"] = "config:\n  autostart:\n    - name: recommended\n      count: 1\n      business:\n        type: NotebookRunner\n        options:\n          use_cachemachine: false\n    - name: tap\n      count: 2\n      business:\n        type: TAPQueryRunner\n",
        ["applications/cachemachine/values.yaml"] = "replicaCount: 1\n",
        ["applications/moneypenny/values.yaml"] = "replicaCount: 1\n",
    };

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    private World(SandboxHost host, string directory)
    {
        Host = host;
        Directory = directory;
    }

    public SandboxHost Host { get; }

    public string Directory { get; }

    public string PhalanxPath => Path.Combine(Directory, "phalanx");

    public Uri Address => Host.ApiAddress;

    public Uri ArgoUrl => new(Host.ApiAddress, "argo-cd");

    public Uri MobuUrl => new(Host.ApiAddress, "mobu");

    /// <summary>Every request log line so far.</summary>
    public IReadOnlyCollection<string> Log => _log;

    /// <summary>Options that log every request into <see cref="Log"/>, with short retries.</summary>
    public HttpServiceOptions Http => new()
    {
        RequestLog = e => _log.Enqueue(e.ToString() ?? string.Empty),
        RetryNotice = n => _log.Enqueue(n),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public void Note(string text) => _log.Enqueue(text);

    public static CancellationToken Bounded(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    public static async Task<World> StartAsync(string extra = "", CancellationToken cancellationToken = default, IReadOnlyDictionary<string, string>? phalanx = null, string argoApplications = "{}")
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("rspadmin-world-").FullName;
        var checkout = Path.Combine(dir, "phalanx");
        WriteCheckout(checkout, phalanx ?? Phalanx);
        var yaml = $$"""
            settings:
              namespaceTerminationSeconds: 0.2
              deploymentReadySeconds: 0.1
            phalanx: { path: {{checkout}}, environment: idfdev }
            argoCd:
              operationSeconds: 0.2
              tokens: [{{ArgoToken}}]
              applications: {{argoApplications}}
            gafaelfawr: { tokens: [{{Gafaelfawr}}] }
            vault:
              tokens:
                - { token: {{VaultWrite}}, capabilities: [read, list, create, update, patch, delete] }
                - { token: {{VaultUpdateOnly}}, capabilities: [read, list, create, update] }
                - { token: {{VaultRead}}, capabilities: [read, list] }
              secrets:
                phalanx/idfdev/nublado2: { crypto_key: c0ffee-crypto, proxy_token: c0ffee-proxy, hub_db_password: "" }
                phalanx/idfdev/gone: { a: b }
              deleted: [phalanx/idfdev/gone]
            {{extra}}
            """;
        var host = await SandboxHost.StartAsync(ScenarioLoader.Parse(yaml), new SandboxHostOptions { KubeconfigPath = Path.Combine(dir, "kubeconfig") }, cancellationToken);
        return new World(host, dir);
    }

    public static void WriteCheckout(string checkout, IReadOnlyDictionary<string, string> files)
    {
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(checkout, path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        Git(checkout, "init", "-q", "-b", "main");
        Git(checkout, "add", "-A");
        Git(checkout, "-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-q", "-m", "state");
    }

    /// <summary>Writes files in the checkout and commits them (what Argo CD renders changes).</summary>
    public void Commit(IReadOnlyDictionary<string, string> files)
    {
        foreach (var (path, text) in files)
        {
            File.WriteAllText(Path.Combine(PhalanxPath, path), text);
        }

        Git(PhalanxPath, "add", "-A");
        Git(PhalanxPath, "-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-q", "-m", "change");
    }

    /// <summary>Runs git in <paramref name="dir"/> and returns its standard output, trimmed; a failure throws with git's message.</summary>
    public static string Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(dir);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var error = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("git failed: " + error.Result);
        }

        return output.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
