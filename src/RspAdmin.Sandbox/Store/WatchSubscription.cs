using System.Threading.Channels;

namespace RspAdmin.Sandbox.Store;

/// <summary>
/// One watcher's feed from the store: events of one resource (optionally one namespace) in
/// resourceVersion order. Dispose it to stop receiving events.
/// </summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly Channel<StoreEvent> _channel = Channel.CreateUnbounded<StoreEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<WatchSubscription> _unsubscribe;
    private int _disposed;

    internal WatchSubscription(ResourceKind kind, string? namespaceFilter, Action<WatchSubscription> unsubscribe)
    {
        Kind = kind;
        NamespaceFilter = namespaceFilter;
        _unsubscribe = unsubscribe;
    }

    public ResourceKind Kind { get; }

    /// <summary>The namespace watched, or null for all namespaces.</summary>
    public string? NamespaceFilter { get; }

    /// <summary>The events, in order. Completes when the subscription is disposed or the store shuts down.</summary>
    public ChannelReader<StoreEvent> Events => _channel.Reader;

    internal bool Accepts(StoreEvent e) => NamespaceFilter is null || e.Object.Namespace == NamespaceFilter;

    internal void Publish(StoreEvent e) => _channel.Writer.TryWrite(e);

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
            Complete();
        }
    }
}
