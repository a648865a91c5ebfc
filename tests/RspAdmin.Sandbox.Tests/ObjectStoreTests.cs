using k8s.Models;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Tests;

public sealed class ObjectStoreTests
{
    private static V1Pod Pod(string name, string node) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns" },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "reg.example/a:b" }] },
    };

    private static ObjectStore NewStore(int logCapacity = 1000)
    {
        var store = new ObjectStore(new ResourceCatalog(), logCapacity);
        store.Create(store.Catalog.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = "ns" } });
        return store;
    }

    [Fact]
    public void Every_write_takes_the_next_global_revision()
    {
        var store = NewStore();
        var a = store.Create(store.Catalog.Pods, Pod("a", "n1"));
        var cm = store.Create(store.Catalog.ConfigMaps, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = "ns" } });
        var a2 = store.Update<V1Pod>(store.Catalog.Pods, "ns", "a", p =>
        {
            p.Status.Phase = "Running";
            return true;
        })!;
        Assert.True(a.ResourceVersion < cm.ResourceVersion && cm.ResourceVersion < a2.ResourceVersion);
        Assert.Equal(a2.ResourceVersion, store.Revision);
        Assert.Equal(a2.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), a2.Value.Metadata.ResourceVersion);
        Assert.Same(a2, store.Update<V1Pod>(store.Catalog.Pods, "ns", "a", _ => false));
    }

    [Fact]
    public void The_node_index_follows_rebinding_and_deletion()
    {
        var store = NewStore();
        store.Create(store.Catalog.Pods, Pod("a", "n1"));
        store.Create(store.Catalog.Pods, Pod("b", "n1"));
        store.Create(store.Catalog.Pods, Pod("c", "n2"));
        store.Update<V1Pod>(store.Catalog.Pods, "ns", "b", p =>
        {
            p.Spec.NodeName = "n2";
            return true;
        });
        store.Delete(store.Catalog.Pods, "ns", "c");
        Assert.Equal(["a"], store.List(store.Catalog.Pods, "ns", "n1").Items.Select(o => o.Name));
        Assert.Equal(["b"], store.List(store.Catalog.Pods, null, "n2").Items.Select(o => o.Name));
        Assert.Empty(store.List(store.Catalog.Pods, "other", "n2").Items);
    }

    [Fact]
    public void A_watch_from_a_revision_older_than_the_event_log_is_410_Expired()
    {
        var store = NewStore(logCapacity: 16);
        var start = store.Revision;
        for (var i = 0; i < 40; i++)
        {
            store.Create(store.Catalog.Pods, Pod("p" + i, "n1"));
        }

        var e = Assert.Throws<StoreException>(() => store.Watch(store.Catalog.Pods, "ns", start));
        Assert.Equal(410, e.Code);
        Assert.Equal("Expired", e.Reason);

        using var recent = store.Watch(store.Catalog.Pods, "ns", store.Revision - 3);
        var replayed = new List<string>();
        while (recent.Events.TryRead(out var ev))
        {
            replayed.Add(ev.Object.Name);
        }

        Assert.Equal(["p37", "p38", "p39"], replayed);
    }

    [Fact]
    public void Content_in_a_missing_or_terminating_namespace_is_refused()
    {
        var store = NewStore();
        var missing = Assert.Throws<StoreException>(() => store.Create(store.Catalog.Pods, new V1Pod { Metadata = new V1ObjectMeta { Name = "x", NamespaceProperty = "nope" } }));
        Assert.Equal((404, "NotFound"), (missing.Code, missing.Reason));
        store.Update<V1Namespace>(store.Catalog.Namespaces, null, "ns", n =>
        {
            n.Status.Phase = "Terminating";
            return true;
        });
        var terminating = Assert.Throws<StoreException>(() => store.Create(store.Catalog.Pods, Pod("y", "n1")));
        Assert.Equal((403, "Forbidden"), (terminating.Code, terminating.Reason));
    }
}
