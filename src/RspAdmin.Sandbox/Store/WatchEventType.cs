namespace RspAdmin.Sandbox.Store;

/// <summary>The kinds of change a watch reports.</summary>
public enum StoreEventType
{
    Added,
    Modified,
    Deleted,
}
