using System.Collections.Concurrent;
using System.Text.Json;

namespace RspAdmin.Sandbox.Api;

/// <summary>
/// Counts every Kubernetes API request by method, path and response status, so benchmarks can report
/// API requests per operation. The sandbox's own endpoints (<c>/sandbox/</c>) are not counted.
/// </summary>
public sealed class RequestCounter
{
    private readonly ConcurrentDictionary<(string Method, string Path, int Status), long> _counts = new();
    private long _total;

    /// <summary>The number of requests counted since the start or the last reset.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Record(string method, string path, int status)
    {
        _counts.AddOrUpdate((method, path, status), 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
    }

    /// <summary>How many requests matched a method (null: any) and a path prefix (null: any).</summary>
    public long Count(string? method = null, string? pathPrefix = null) =>
        _counts.Where(kv => (method is null || kv.Key.Method == method) && (pathPrefix is null || kv.Key.Path.StartsWith(pathPrefix, StringComparison.Ordinal)))
            .Sum(kv => kv.Value);

    public void Reset()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _total, 0);
    }

    /// <summary>The counters as JSON: <c>{"total": N, "requests": [{"method","path","status","count"}]}</c>, sorted by path then method.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("total", Total);
            w.WriteStartArray("requests");
            foreach (var (key, count) in _counts.OrderBy(kv => kv.Key.Path, StringComparer.Ordinal).ThenBy(kv => kv.Key.Method, StringComparer.Ordinal).ThenBy(kv => kv.Key.Status))
            {
                w.WriteStartObject();
                w.WriteString("method", key.Method);
                w.WriteString("path", key.Path);
                w.WriteNumber("status", key.Status);
                w.WriteNumber("count", count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
