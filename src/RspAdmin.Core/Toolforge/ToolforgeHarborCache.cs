using System.Collections.Concurrent;

namespace RspAdmin.Core.Toolforge;

/// <summary>
/// Remembers a project's Harbor images for five seconds, as the jobs API does per tool, so a list of
/// names of one tool costs one round of requests.
/// </summary>
public sealed class ToolforgeHarborCache : IToolforgeHarborSource, IDisposable
{
    /// <summary>How long a project's list is reused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly IToolforgeHarborSource _inner;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (long At, IReadOnlyList<ToolforgeHarborImage> Images)> _entries = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public ToolforgeHarborCache(IToolforgeHarborSource inner, TimeProvider? time = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Host => _inner.Host;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ToolforgeHarborImage>> ListAsync(string project, Action<string>? warn, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_entries.TryGetValue(project, out var cached) && _time.GetElapsedTime(cached.At, now) < Lifetime)
        {
            return cached.Images;
        }

        var images = await _inner.ListAsync(project, warn, cancellationToken).ConfigureAwait(false);
        _entries[project] = (_time.GetTimestamp(), images);
        return images;
    }

    /// <summary>Disposes the wrapped source when it is disposable.</summary>
    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
