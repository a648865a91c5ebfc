using System.Collections.Concurrent;

namespace RspAdmin.Testing;

/// <summary>
/// A clock for tests: every timer fires at once (so retry pauses take no time) while the requested delays are
/// recorded, and the wall clock can be moved forward (to expire cached tokens) with <see cref="Advance"/>.
/// </summary>
public sealed class FastForwardTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();
    private long _offsetTicks;

    /// <summary>The delays timers were asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> RequestedDelays => _delays.ToArray();

    /// <summary>Moves the wall clock forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _delays.Enqueue(dueTime);
            dueTime = TimeSpan.Zero;
        }

        return System.CreateTimer(callback, state, dueTime, period);
    }
}
