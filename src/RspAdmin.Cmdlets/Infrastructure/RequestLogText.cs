using RspAdmin.Core.Registry;

namespace RspAdmin.Cmdlets.Infrastructure;

/// <summary>One line per registry request for -Verbose: method, URL, status, time and attempt (never credentials).</summary>
internal static class RequestLogText
{
    public static string Describe(RegistryRequestLogEntry entry)
    {
        var status = entry.StatusCode is { } code ? $"{(int)code} {code}" : entry.Failure ?? "no response";
        var attempt = entry.Attempt > 1 ? $" (attempt {entry.Attempt})" : string.Empty;
        return $"{entry.Method} {entry.Url} -> {status} in {entry.Elapsed.TotalMilliseconds:F0} ms{attempt}";
    }
}
