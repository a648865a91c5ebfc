using k8s.Models;

namespace RspAdmin.Sandbox.Store;

/// <summary>
/// Namespace deletion as the API server and the namespace controller do it: the namespace first turns
/// Terminating (new content is refused), then after a short delay its contents are deleted and finally
/// the namespace itself disappears.
/// </summary>
public sealed class NamespaceLifecycle(ObjectStore store, TimeSpan terminationDelay, CancellationToken stopping)
{
    /// <summary>The annotation (any value) of a namespace that never finishes terminating.</summary>
    public const string StuckAnnotation = "sandbox.rspadmin.io/stuck-terminating";

    /// <summary>Marks a namespace Terminating and schedules its removal; returns the Terminating revision.</summary>
    public StoredObject BeginTermination(string name, bool dryRun, string? preconditionUid = null)
    {
        var kind = store.Catalog.Namespaces;
        var current = store.Get(kind, null, name);
        if (!string.IsNullOrEmpty(preconditionUid) && preconditionUid != current.Value.Metadata.Uid)
        {
            throw StoreException.Conflict(kind, name, $"Precondition failed: UID in precondition: {preconditionUid}, UID in object meta: {current.Value.Metadata.Uid}");
        }

        if (dryRun)
        {
            return current;
        }

        var terminating = store.Update<V1Namespace>(kind, null, name, ns =>
        {
            if (ns.Status?.Phase == "Terminating")
            {
                return false;
            }

            ns.Metadata.DeletionTimestamp = DateTime.UtcNow;
            ns.Status ??= new V1NamespaceStatus();
            ns.Status.Phase = "Terminating";
            return true;
        }) ?? throw StoreException.NotFound(kind, name);

        if (((V1Namespace)current.Value).Status?.Phase != "Terminating")
        {
            _ = FinishAsync(name);
        }

        return terminating;
    }

    private async Task FinishAsync(string name)
    {
        try
        {
            await Task.Delay(terminationDelay, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // A namespace annotated as stuck keeps a finalizer that never clears: it stays Terminating.
        if (store.TryGet(store.Catalog.Namespaces, null, name)?.Value.Metadata.Annotations?.ContainsKey(StuckAnnotation) == true)
        {
            return;
        }

        foreach (var kind in store.Catalog.All.Where(k => k.Namespaced))
        {
            store.DeleteAll(kind, name);
        }

        try
        {
            store.Delete(store.Catalog.Namespaces, null, name);
        }
        catch (StoreException)
        {
            // Already gone.
        }
    }
}
