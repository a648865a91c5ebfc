namespace RspAdmin.Sandbox.Store;

/// <summary>The result of a list: the matching objects in namespace/name order, and the store revision they were read at.</summary>
public sealed record StoreSnapshot(IReadOnlyList<StoredObject> Items, long ResourceVersion);
