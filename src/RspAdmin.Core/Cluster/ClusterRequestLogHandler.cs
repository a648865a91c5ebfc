using System.Diagnostics;

namespace RspAdmin.Core.Cluster;

/// <summary>
/// A handler in the Kubernetes client's pipeline that reports each API request (method, path, status, time)
/// to a log callback. It sees only the request line and the status, so nothing secret can reach the log.
/// </summary>
internal sealed class ClusterRequestLogHandler : DelegatingHandler
{
    private readonly Action<ClusterRequestLogEntry> _log;

    public ClusterRequestLogHandler(Action<ClusterRequestLogEntry> log)
    {
        _log = log;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var path = request.RequestUri is { } uri ? uri.PathAndQuery : string.Empty;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Report(new ClusterRequestLogEntry(request.Method.Method, path, (int)response.StatusCode, clock.Elapsed, null));
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            var failure = e is OperationCanceledException ? "no answer (cancelled or timed out)" : "no answer (" + (e.InnerException?.Message ?? e.Message).TrimEnd('.') + ")";
            Report(new ClusterRequestLogEntry(request.Method.Method, path, null, clock.Elapsed, failure));
            throw;
        }
    }

    private void Report(ClusterRequestLogEntry entry)
    {
        try
        {
            _log(entry);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The listener is gone; the request itself is unaffected.
        }
    }
}
