namespace RspAdmin.Sandbox.Store;

/// <summary>One change to the store. <see cref="Previous"/> is the revision before a modification, so a
/// selective watch can tell an object that stopped matching (reported as DELETED) from one that changed.</summary>
public sealed record StoreEvent(StoreEventType Type, StoredObject Object, StoredObject? Previous)
{
    public long ResourceVersion => Object.ResourceVersion;

    public ResourceKind Kind => Object.Kind;
}
