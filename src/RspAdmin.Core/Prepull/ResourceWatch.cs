using k8s;
using k8s.Autorest;
using k8s.Models;

namespace RspAdmin.Core.Prepull;

/// <summary>
/// One long-running watch shared by every pull: it resumes from the last resourceVersion when the
/// server ends the stream, and lists afresh (handing the list to <c>resync</c>) when the
/// resourceVersion has expired. A watch the API refuses (401, 403, any status that is neither
/// transient nor 410 Gone), or one that keeps failing, is handed to <c>fatal</c> and ends: without
/// it the pulls would never learn how their pods ended.
/// </summary>
/// <remarks>
/// The server answers a watch with its headers at once, but KubernetesClient returns a watch response
/// only after reading its first event (it peeks the first line to tell a Status from an event), so
/// opening a watch cannot be awaited before something happens: <see cref="StartAsync"/> does not wait
/// for it, and the resourceVersion it starts from makes sure no event is missed.
/// </remarks>
internal sealed class ResourceWatch<T, TList> : IAsyncDisposable
    where T : IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly Func<string?, CancellationToken, Task<HttpOperationResponse<TList>>> _open;
    private readonly Func<CancellationToken, Task<TList>> _list;
    private readonly Action<WatchEventType, T> _onEvent;
    private readonly Action<IReadOnlyList<T>> _resync;
    private readonly Action<Exception> _fatal;
    private readonly Action<string>? _log;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public ResourceWatch(
        Func<string?, CancellationToken, Task<HttpOperationResponse<TList>>> open,
        Func<CancellationToken, Task<TList>> list,
        Action<WatchEventType, T> onEvent,
        Action<IReadOnlyList<T>> resync,
        Action<Exception> fatal,
        Action<string>? log)
    {
        _open = open;
        _list = list;
        _onEvent = onEvent;
        _resync = resync;
        _fatal = fatal;
        _log = log;
    }

    /// <summary>
    /// Starts watching from <paramref name="resourceVersion"/>; without one, lists first (handing the
    /// list to <c>resync</c>) and watches from the list's. Returns at once: events after that
    /// resourceVersion are delivered however late the stream opens.
    /// </summary>
    public async Task StartAsync(string? resourceVersion, CancellationToken cancellationToken)
    {
        if (resourceVersion is null)
        {
            var list = await _list(cancellationToken).ConfigureAwait(false);
            resourceVersion = list.Metadata?.ResourceVersion;
            _resync(list.Items.ToList());
        }

        _loop = Task.Run(() => RunAsync(resourceVersion, _stop.Token), CancellationToken.None);
    }

    private async Task RunAsync(string? resourceVersion, CancellationToken token)
    {
        var failures = 0;
        var needList = false;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    var list = await _list(token).ConfigureAwait(false);
                    resourceVersion = list.Metadata?.ResourceVersion;
                    _resync(list.Items.ToList());
                    needList = false;
                }

                var response = await _open(resourceVersion, token).ConfigureAwait(false);
                failures = 0;
                var expired = false;
                // The response-based WatchAsync is marked obsolete in favour of calls that open the
                // request themselves; this one keeps the open and the stream apart, so open errors
                // (410 Gone, 403) are told from stream errors.
#pragma warning disable CS0618
                var events = Task.FromResult(response).WatchAsync<T, TList>(e => _log?.Invoke($"Watch: {e.Message}"), token);
#pragma warning restore CS0618
                await foreach (var (type, item) in events.ConfigureAwait(false))
                {
                    if (type == WatchEventType.Error)
                    {
                        expired = true;
                        break;
                    }

                    resourceVersion = item.Metadata?.ResourceVersion ?? resourceVersion;
                    if (type != WatchEventType.Bookmark)
                    {
                        _onEvent(type, item);
                    }
                }

                if (expired)
                {
                    _log?.Invoke("Watch: the resourceVersion expired; listing again.");
                    needList = true;
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (HttpOperationException e) when ((int)e.Response.StatusCode == 410)
            {
                needList = true;
            }
            catch (OperationCanceledException)
            {
                // The request timeout ended a quiet stream; resume from the last resourceVersion.
            }
            catch (HttpOperationException e) when (!IsTransient(e.Response.StatusCode))
            {
                _log?.Invoke($"Watch: refused: {e.Message}.");
                _fatal(e);
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or System.Text.Json.JsonException)
            {
                failures++;
                _log?.Invoke($"Watch: {e.Message}; reconnecting.");
                if (failures > 20)
                {
                    _fatal(e);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(failures, 6)))), token).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransient(System.Net.HttpStatusCode status) => (int)status is 429 or >= 500;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpOperationException or HttpRequestException or IOException)
            {
                // The watch is being dropped; its errors no longer matter.
            }
        }

        _stop.Dispose();
    }
}
