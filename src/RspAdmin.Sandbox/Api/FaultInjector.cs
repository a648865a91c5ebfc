namespace RspAdmin.Sandbox.Api;

/// <summary>The set of injected API faults; the first matching fault that still has failures left answers.</summary>
public sealed class FaultInjector
{
    private readonly List<ApiFault> _faults = [];
    private readonly object _gate = new();

    public void Add(ApiFault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    public IReadOnlyList<ApiFault> Faults
    {
        get
        {
            lock (_gate)
            {
                return _faults.ToList();
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>The fault this request triggers, or null.</summary>
    public ApiFault? Match(string method, string path)
    {
        lock (_gate)
        {
            foreach (var f in _faults)
            {
                if (f.TryFire(method, path))
                {
                    return f;
                }
            }
        }

        return null;
    }
}
