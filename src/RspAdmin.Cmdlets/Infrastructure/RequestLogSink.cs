using RspAdmin.Core.Http;

namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>
/// Forwards a registry client's request log to the verbose stream of whichever engine call is running, so one
/// client can serve several <see cref="RspCmdlet"/> RunAsync calls (a read, a confirmation, a write).
/// </summary>
internal sealed class RequestLogSink
{
    private volatile RspCmdlet.PipelineMessages? _current;

    /// <summary>The messages of the running call; null between calls (entries are then dropped).</summary>
    public RspCmdlet.PipelineMessages? Current
    {
        get => _current;
        set => _current = value;
    }

    /// <summary>The log callback to give the registry client.</summary>
    public void Log(HttpRequestLogEntry entry) => _current?.Verbose(entry.ToString());
}
