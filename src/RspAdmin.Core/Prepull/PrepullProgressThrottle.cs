namespace RspAdmin.Core.Prepull;

/// <summary>
/// Turns the stream of <see cref="PrepullProgress"/> steps (two per pull, thousands a second on a large
/// cluster) into a few progress-bar updates a second: the overall bar, and bars for at most
/// <c>maxNodeBars</c> pulling nodes at a time. Each flush shows the latest state of every node with a
/// bar; a node whose bar was never drawn gets none when it finishes, and a drawn bar is always removed.
/// Thread-safe: the executor reports from many threads.
/// </summary>
public sealed class PrepullProgressThrottle
{
    private readonly object _gate = new();
    private readonly int _maxNodeBars;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly SortedDictionary<int, PrepullProgress> _changed = new();
    private readonly Dictionary<int, PrepullProgress> _shown = new();
    private PrepullProgress? _overall;
    private DateTimeOffset _lastFlush = DateTimeOffset.MinValue;

    /// <summary>Creates a throttle.</summary>
    /// <param name="maxNodeBars">How many node bars may be shown at once (0: the overall bar only).</param>
    /// <param name="interval">The shortest time between two flushes.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    public PrepullProgressThrottle(int maxNodeBars, TimeSpan interval, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxNodeBars);
        _maxNodeBars = maxNodeBars;
        _interval = interval;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Records a step. Returns the bars to draw now: nothing while the last flush is more recent than the
    /// interval, unless this step finishes the run.
    /// </summary>
    public IReadOnlyList<PrepullProgressUpdate> Report(PrepullProgress step)
    {
        ArgumentNullException.ThrowIfNull(step);
        lock (_gate)
        {
            _changed[step.NodeIndex] = step;
            if (_overall is null || step.OverallCompleted >= _overall.OverallCompleted)
            {
                _overall = step;
            }

            var now = _time.GetUtcNow();
            if (now - _lastFlush < _interval && step.OverallCompleted < step.OverallTotal)
            {
                return Array.Empty<PrepullProgressUpdate>();
            }

            _lastFlush = now;
            return FlushLocked();
        }
    }

    /// <summary>The bars to draw when the run has ended: the latest states, then every node bar still shown removed.</summary>
    public IReadOnlyList<PrepullProgressUpdate> Complete()
    {
        lock (_gate)
        {
            var updates = FlushLocked();
            foreach (var (_, step) in _shown.OrderBy(s => s.Key))
            {
                updates.Add(new PrepullProgressUpdate(step, IsOverall: false, Completes: true));
            }

            _shown.Clear();
            return updates;
        }
    }

    private List<PrepullProgressUpdate> FlushLocked()
    {
        var updates = new List<PrepullProgressUpdate>();
        foreach (var (index, step) in _changed)
        {
            if (_shown.ContainsKey(index))
            {
                updates.Add(new PrepullProgressUpdate(step, IsOverall: false, Completes: step.NodeDone));
                if (step.NodeDone)
                {
                    _shown.Remove(index);
                }
                else
                {
                    _shown[index] = step;
                }
            }
        }

        foreach (var (index, step) in _changed)
        {
            if (!_shown.ContainsKey(index) && !step.NodeDone && _shown.Count < _maxNodeBars)
            {
                _shown[index] = step;
                updates.Add(new PrepullProgressUpdate(step, IsOverall: false, Completes: false));
            }
        }

        _changed.Clear();
        if (_overall is not null)
        {
            updates.Insert(0, new PrepullProgressUpdate(_overall, IsOverall: true, Completes: false));
        }

        return updates;
    }
}
