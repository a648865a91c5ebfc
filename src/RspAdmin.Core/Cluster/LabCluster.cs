using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// A connection to a Kubernetes cluster through the operator's kubeconfig (read, never written) or
/// the pod's service account. Reads the nodes the prepuller serves; the prepull executor uses
/// it to run prepull pods.
/// </summary>
public sealed class LabCluster : IDisposable
{
    private LabCluster(IKubernetes client, string server, string? context, string contextNamespace, bool inCluster, string? tlsServerName, string? kubeconfigPath, TimeSpan requestTimeout)
    {
        Client = client;
        TlsServerName = tlsServerName;
        KubeconfigPath = kubeconfigPath;
        RequestTimeout = requestTimeout;
        Server = server;
        Context = context;
        ContextNamespace = contextNamespace;
        InCluster = inCluster;
    }

    /// <summary>The API server address.</summary>
    public string Server { get; }

    /// <summary>The kubeconfig context used, or null in a pod.</summary>
    public string? Context { get; }

    /// <summary>The namespace of the context (or of the pod), <c>default</c> when it names none.</summary>
    public string ContextNamespace { get; }

    /// <summary>True when the pod's service account is used.</summary>
    public bool InCluster { get; }

    /// <summary>The kubeconfig file read, or null in a pod.</summary>
    public string? KubeconfigPath { get; }

    /// <summary>How long one API request may take.</summary>
    public TimeSpan RequestTimeout { get; }

    /// <summary>What a failure is about: the kubeconfig and context (or the service account) and the API server.</summary>
    public string Target => InCluster ? $"the pod's service account ({Server})" : $"{KubeconfigPath}, context {Context} ({Server})";

    internal IKubernetes Client { get; }

    /// <summary>The kubeconfig's tls-server-name (sent as the Host of requests made outside KubernetesClient), if any.</summary>
    internal string? TlsServerName { get; }

    /// <summary>Connects (no request is sent until the first call).</summary>
    /// <exception cref="ClusterException">No configuration, a missing or invalid kubeconfig, or an unknown context.</exception>
    public static LabCluster Connect(ClusterConnectionOptions? options = null)
    {
        options ??= new ClusterConnectionOptions();
        var path = Kubeconfig.Resolve(options.KubeconfigPath);
        KubernetesClientConfiguration configuration;
        var inCluster = false;
        if (path is null)
        {
            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new ClusterException(ClusterErrorReason.NoConfiguration,
                    "No kubeconfig was found (KUBECONFIG, ~/.kube/config) and this process is not running in a pod. Give -Kubeconfig.");
            }

            if (options.Context is not null)
            {
                throw new ClusterException(ClusterErrorReason.ContextNotFound,
                    $"Context '{options.Context}' was given, but there is no kubeconfig to take it from (running in a pod).");
            }

            configuration = KubernetesClientConfiguration.InClusterConfig();
            inCluster = true;
        }
        else
        {
            var contexts = Kubeconfig.ListContexts(path);
            if (options.Context is not null && !contexts.Contains(options.Context, StringComparer.Ordinal))
            {
                throw new ClusterException(ClusterErrorReason.ContextNotFound,
                    $"Context '{options.Context}' is not in {path}; it has: {(contexts.Count == 0 ? "no contexts" : string.Join(", ", contexts))}.", target: $"{path}, context {options.Context}");
            }

            try
            {
                configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context);
            }
            catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException or FormatException or YamlDotNet.Core.YamlException)
            {
                throw new ClusterException(ClusterErrorReason.KubeconfigInvalid, $"{path} cannot be used as a kubeconfig: {Kubeconfig.Explain(e)}", e, target: path);
            }
        }

        configuration.HttpClientTimeout = options.RequestTimeout;
        configuration.FirstMessageHandlerSetup = handler =>
        {
            if (handler is SocketsHttpHandler sockets)
            {
                sockets.MaxConnectionsPerServer = MaxConnectionsPerServer;
            }
        };
        var client = options.RequestLog is { } log
            ? new Kubernetes(configuration, new ClusterRequestLogHandler(log))
            : new Kubernetes(configuration);
        return new LabCluster(
            client, configuration.Host, inCluster ? null : configuration.CurrentContext, configuration.Namespace ?? "default", inCluster, configuration.TlsServerName, path, options.RequestTimeout);
    }

    /// <summary>
    /// The most HTTP/1.1 connections one cluster connection opens; further requests wait for a free one.
    /// Without a bound, a prepull at a throttle of a thousand nodes opens a connection per pull in flight
    /// (over HTTP/2 requests share one connection anyway). Each watch holds one connection while it runs.
    /// </summary>
    internal const int MaxConnectionsPerServer = 64;

    /// <summary>Lists the nodes that carry every label of <paramref name="nodeSelector"/> (all nodes when it is empty).</summary>
    public async Task<IReadOnlyList<ClusterNode>> GetNodesAsync(IReadOnlyDictionary<string, string>? nodeSelector, CancellationToken cancellationToken = default)
    {
        var listing = await ListNodesAsync(nodeSelector, cancellationToken).ConfigureAwait(false);
        return listing.Nodes;
    }

    /// <summary>The names of the cluster's nodes, sorted (for completion and checks).</summary>
    public async Task<IReadOnlyList<string>> GetNodeNamesAsync(CancellationToken cancellationToken = default)
    {
        var list = await CallAsync(token => Client.CoreV1.ListNodeAsync(cancellationToken: token), "list nodes", cancellationToken).ConfigureAwait(false);
        return list.Items.Select(n => n.Metadata?.Name).OfType<string>().Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The names of the cluster's namespaces, sorted.</summary>
    public async Task<IReadOnlyList<string>> GetNamespaceNamesAsync(CancellationToken cancellationToken = default)
    {
        var list = await CallAsync(token => Client.CoreV1.ListNamespaceAsync(cancellationToken: token), "list namespaces", cancellationToken).ConfigureAwait(false);
        return list.Items.Select(n => n.Metadata?.Name).OfType<string>().Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The label selector for a node selector: <c>k1=v1,k2=v2</c>, or null for none.</summary>
    public static string? LabelSelector(IReadOnlyDictionary<string, string>? nodeSelector) =>
        nodeSelector is null || nodeSelector.Count == 0
            ? null
            : string.Join(",", nodeSelector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    internal async Task<(IReadOnlyList<ClusterNode> Nodes, string? ResourceVersion)> ListNodesAsync(
        IReadOnlyDictionary<string, string>? nodeSelector, CancellationToken cancellationToken)
    {
        var labelSelector = LabelSelector(nodeSelector);
        if (Client is not Kubernetes)
        {
            var list = await CallAsync(
                token => Client.CoreV1.ListNodeAsync(labelSelector: labelSelector, cancellationToken: token),
                "list nodes", cancellationToken).ConfigureAwait(false);
            return (list.Items.Select(ToClusterNode).ToArray(), list.Metadata?.ResourceVersion);
        }

        // The fields a ClusterNode keeps, read straight from the response (see NodeListDocument).
        var http = new Prepull.KubernetesHttp(this);
        var path = labelSelector is null ? "api/v1/nodes" : $"api/v1/nodes?labelSelector={Uri.EscapeDataString(labelSelector)}";
        var document = await CallAsync(async token =>
        {
            // The request time-out, as KubernetesClient applies it to its own calls: the whole list, body included.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            if (RequestTimeout > TimeSpan.Zero)
            {
                timeout.CancelAfter(RequestTimeout);
            }

            using var response = await http.SendAsync(HttpMethod.Get, path, null, timeout.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await System.Text.Json.JsonSerializer.DeserializeAsync(stream, NodeListJsonContext.Default.NodeListDocument, timeout.Token).ConfigureAwait(false)
                    ?? new NodeListDocument();
            }
        }, "list nodes", cancellationToken).ConfigureAwait(false);
        var items = document.Items ?? [];
        var nodes = new ClusterNode[items.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = ToClusterNode(items[i]);
        }

        return (nodes, document.Metadata?.ResourceVersion);
    }

    private static ClusterNode ToClusterNode(NodeDocument node)
    {
        var labels = node.Metadata?.Labels is { } l ? new Dictionary<string, string>(l, StringComparer.Ordinal) : null;
        NodeTaint[]? taints = null;
        if (node.Spec?.Taints is { } nodeTaints)
        {
            taints = new NodeTaint[nodeTaints.Count];
            for (var i = 0; i < taints.Length; i++)
            {
                taints[i] = new NodeTaint(nodeTaints[i].Key!, nodeTaints[i].Value, nodeTaints[i].Effect!);
            }
        }

        List<NodeCachedImage>? images = null;
        if (node.Status?.Images is { } nodeImages)
        {
            images = new List<NodeCachedImage>(nodeImages.Count);
            foreach (var image in nodeImages)
            {
                if (image.Names is { Length: > 0 } names)
                {
                    images.Add(new NodeCachedImage(names, image.SizeBytes));
                }
            }
        }

        return new ClusterNode(node.Metadata?.Name!, labels, taints, images);
    }

    internal static ClusterNode ToClusterNode(V1Node node)
    {
        var labels = node.Metadata?.Labels is { } l ? new Dictionary<string, string>(l, StringComparer.Ordinal) : null;
        var taints = node.Spec?.Taints?.Select(t => new NodeTaint(t.Key, t.Value, t.Effect)).ToArray();
        var images = node.Status?.Images?
            .Where(i => i.Names is { Count: > 0 })
            .Select(i => new NodeCachedImage(i.Names.ToArray(), i.SizeBytes))
            .ToArray();
        return new ClusterNode(node.Metadata!.Name, labels, taints, images);
    }

    /// <summary>Runs an API call, turning failures into <see cref="ClusterException"/>.</summary>
    internal async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, what, cancellationToken, clock.Elapsed) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>The <see cref="ClusterException"/> for a failed call, or null to let it propagate (cancellation).</summary>
    internal ClusterException? Translate(Exception e, string what, CancellationToken cancellationToken, TimeSpan? elapsed = null)
    {
        var spent = elapsed is { } time ? $" after {time.TotalSeconds:0.#} s" : string.Empty;
        switch (e)
        {
            case ClusterException c:
                return c;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException or TimeoutException:
                return new ClusterException(
                    ClusterErrorReason.Timeout,
                    $"{Server}: cannot {what}: the API server did not answer within {RequestTimeout.TotalSeconds:0.#} s{spent}. Check that it is reachable and responsive, or allow longer with a larger request time-out.",
                    e,
                    target: Target);
            case HttpOperationException http:
                var status = (int)http.Response.StatusCode;
                var reason = http.Response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => ClusterErrorReason.Unauthorized,
                    HttpStatusCode.Forbidden => ClusterErrorReason.Forbidden,
                    _ => ClusterErrorReason.ApiError,
                };
                var body = ApiStatusMessage(http);
                return new ClusterException(reason, $"{Server}: cannot {what}: {status} {http.Response.ReasonPhrase}{(body is null ? string.Empty : ": " + body)}", e, status, Target);
            case HttpRequestException or IOException:
                return new ClusterException(ClusterErrorReason.Unreachable, $"{Server}: cannot {what}{spent}: {Plain(e)}. Check that the API server is running and reachable from here.", e, target: Target);
            default:
                return null;
        }
    }

    // What went wrong in words, without exception type names: the innermost socket or I/O message.
    private static string Plain(Exception e)
    {
        var inner = e;
        while (inner.InnerException is { } next && next is System.Net.Sockets.SocketException or IOException or HttpRequestException)
        {
            inner = next;
        }

        var text = inner is System.Net.Sockets.SocketException socket ? socket.SocketErrorCode switch
        {
            System.Net.Sockets.SocketError.ConnectionRefused => "the connection was refused",
            System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "the host name does not resolve",
            System.Net.Sockets.SocketError.TimedOut => "the connection timed out",
            _ => inner.Message,
        } : inner.Message;
        return text.TrimEnd('.');
    }

    internal static string? ApiStatusMessage(HttpOperationException e)
    {
        var content = e.Response?.Content;
        if (string.IsNullOrEmpty(content))
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1Status>(content)?.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();

    public override string ToString() => Context is null ? Server : $"{Context} ({Server})";
}
