namespace RspAdmin.Cmdlets.Sandbox;

/// <summary>The sandboxes Start-LabSandbox started in this process, so Stop-LabSandbox can stop them all.</summary>
internal static class LabSandboxRegistry
{
    private static readonly List<LabSandbox> Started = new();

    public static void Add(LabSandbox sandbox)
    {
        lock (Started)
        {
            Started.Add(sandbox);
        }
    }

    public static void Remove(LabSandbox sandbox)
    {
        lock (Started)
        {
            Started.Remove(sandbox);
        }
    }

    public static IReadOnlyList<LabSandbox> All()
    {
        lock (Started)
        {
            return Started.ToArray();
        }
    }
}
