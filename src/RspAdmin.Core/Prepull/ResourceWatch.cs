using k8s.Autorest;

namespace RspAdmin.Core.Prepull;

/// <summary>
/// One long-running watch shared by every pull: it resumes from the last resourceVersion when the
/// server ends the stream, and lists afresh (handing the list to <c>resync</c>) when the
/// resourceVersion has expired (410 Gone at the open, or an ERROR event with code 410 in the stream).
/// A watch the API refuses (401, 403, any status that is neither transient nor 410 Gone), or one that
/// keeps failing, is handed to <c>fatal</c> and ends: without it the pulls would never learn how their
/// pods ended.
/// </summary>
/// <remarks>
/// Events are read by <see cref="WatchStreamReader"/> straight from the response bytes into the few
/// fields the executor needs; bookmarks only move the resourceVersion on. <see cref="StartAsync"/>
/// does not wait for the stream to open: the resourceVersion it starts from makes sure no event is
/// missed however late it opens.
/// </remarks>
internal sealed class ResourceWatch : IAsyncDisposable
{
    private const int MaxFailures = 20;

    private readonly WatchApi _api;
    private readonly Action<WatchEventKind, WatchedObject> _onEvent;
    private readonly Action<IReadOnlyList<WatchedObject>> _resync;
    private readonly Action<Exception> _fatal;
    private readonly Action<string>? _log;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public ResourceWatch(
        WatchApi api,
        Action<WatchEventKind, WatchedObject> onEvent,
        Action<IReadOnlyList<WatchedObject>> resync,
        Action<Exception> fatal,
        Action<string>? log)
    {
        _api = api;
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
            resourceVersion = await ListAsync(cancellationToken).ConfigureAwait(false);
        }

        _loop = Task.Run(() => RunAsync(resourceVersion, _stop.Token), CancellationToken.None);
    }

    private async Task<string?> ListAsync(CancellationToken cancellationToken)
    {
        var list = await _api.ListAsync(cancellationToken).ConfigureAwait(false);
        _resync(list.Items is { } items ? items : Array.Empty<WatchedObject>());
        return list.Metadata?.ResourceVersion;
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
                    resourceVersion = await ListAsync(token).ConfigureAwait(false);
                    needList = false;
                }

                using var response = await _api.WatchAsync(resourceVersion, token).ConfigureAwait(false);
                var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    using var reader = new WatchStreamReader(stream) { Malformed = m => _log?.Invoke($"Watch: {m}.") };
                    var outcome = await ReadEventsAsync(reader, resourceVersion, token).ConfigureAwait(false);
                    resourceVersion = outcome.ResourceVersion;
                    if (outcome.Events > 0)
                    {
                        failures = 0;
                    }

                    if (outcome.Error is { } error)
                    {
                        if (error.Code == 410)
                        {
                            _log?.Invoke("Watch: the resourceVersion expired; listing again.");
                            needList = true;
                        }
                        else if (await FailedAsync(++failures, new IOException($"The watch reported an error: {error.Code} {error.Reason} {error.Message}".TrimEnd()), token).ConfigureAwait(false))
                        {
                            return;
                        }
                    }
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
                if (await FailedAsync(++failures, e, token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Delivers the stream's events until it ends or reports an error; returns the last resourceVersion
    /// seen, the ERROR event's Status if one ended it, and how many other events (bookmarks included) came.
    /// </summary>
    internal async Task<(string? ResourceVersion, WatchedObject? Error, int Events)> ReadEventsAsync(WatchStreamReader reader, string? resourceVersion, CancellationToken token)
    {
        var events = 0;
        while (await reader.ReadAsync(token).ConfigureAwait(false) is { } line)
        {
            var type = line.Type!.Value;
            var item = line.Object!;
            if (type == WatchEventKind.Error)
            {
                return (resourceVersion, item, events);
            }

            events++;
            resourceVersion = item.Metadata?.ResourceVersion ?? resourceVersion;
            if (type != WatchEventKind.Bookmark)
            {
                _onEvent(type, item);
            }
        }

        return (resourceVersion, null, events);
    }

    /// <summary>Logs a failure and waits before the next try; true (after handing it to <c>fatal</c>) when there were too many.</summary>
    private async Task<bool> FailedAsync(int failures, Exception e, CancellationToken token)
    {
        _log?.Invoke($"Watch: {e.Message}; reconnecting.");
        if (failures > MaxFailures)
        {
            _fatal(e);
            return true;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(failures, 6)))), token).ConfigureAwait(false);
        return false;
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
