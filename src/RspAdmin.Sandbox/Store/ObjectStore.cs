using System.Globalization;
using k8s;
using k8s.Models;

namespace RspAdmin.Sandbox.Store;

/// <summary>
/// The sandbox's object store, standing in for etcd: every write takes the next value of one global
/// revision counter, is appended to a bounded event log (so watches can resume from a resourceVersion)
/// and is pushed to the subscribed watchers' channels. Objects are indexed by namespace and, for pods,
/// by node name, so the common lists avoid scanning everything.
/// </summary>
public sealed class ObjectStore
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly object _gate = new();
    private readonly Dictionary<ResourceKind, KindTable> _tables = new();
    private readonly StoreEvent[] _log;
    private readonly TimeProvider _time;
    private int _logStart;
    private int _logCount;
    private long _lastDroppedRevision;
    private long _revision;

    public ObjectStore(ResourceCatalog catalog, int eventLogCapacity = 50_000, TimeProvider? time = null)
    {
        Catalog = catalog;
        _time = time ?? TimeProvider.System;
        _log = new StoreEvent[Math.Max(16, eventLogCapacity)];
        foreach (var kind in catalog.All)
        {
            _tables[kind] = new KindTable(kind.IndexedField is not null);
        }

        _revision = 1;
    }

    public ResourceCatalog Catalog { get; }

    /// <summary>The current global revision (the resourceVersion of the latest write).</summary>
    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>Creates an object; fills in name (from generateName), uid, timestamps and resourceVersion.</summary>
    /// <param name="kind">The resource.</param>
    /// <param name="value">A fresh object owned by the store from now on.</param>
    /// <param name="dryRun">Validate and return the object without storing it.</param>
    public StoredObject Create(ResourceKind kind, IKubernetesObject<V1ObjectMeta> value, bool dryRun = false)
    {
        value.Metadata ??= new V1ObjectMeta();
        var meta = value.Metadata;
        value.ApiVersion = kind.ApiVersion;
        value.Kind = kind.Kind;
        if (!kind.Namespaced)
        {
            meta.NamespaceProperty = null;
        }

        if (string.IsNullOrEmpty(meta.Name) && string.IsNullOrEmpty(meta.GenerateName))
        {
            throw StoreException.Invalid(kind, string.Empty, "metadata.name: Required value: name or generateName is required");
        }

        if (kind.Namespaced && string.IsNullOrEmpty(meta.NamespaceProperty))
        {
            throw StoreException.BadRequest("the object has no namespace");
        }

        lock (_gate)
        {
            var table = _tables[kind];
            var ns = meta.NamespaceProperty ?? string.Empty;
            if (kind.Namespaced)
            {
                CheckNamespaceAcceptsContent(kind, ns, meta.Name ?? meta.GenerateName!);
            }

            if (string.IsNullOrEmpty(meta.Name))
            {
                do
                {
                    meta.Name = meta.GenerateName + RandomSuffix();
                }
                while (table.Get(ns, meta.Name) is not null);
            }
            else if (!IsValidName(meta.Name))
            {
                throw StoreException.Invalid(kind, meta.Name, $"metadata.name: Invalid value: \"{meta.Name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
            }

            if (table.Get(ns, meta.Name) is not null)
            {
                throw StoreException.AlreadyExists(kind, meta.Name);
            }

            meta.Uid = Guid.NewGuid().ToString();
            meta.CreationTimestamp = Now();
            meta.Generation = 1;
            meta.DeletionTimestamp = null;
            meta.ManagedFields = null;
            kind.ApplyCreateDefaults(value);
            if (dryRun)
            {
                meta.ResourceVersion = null;
                return new StoredObject(kind, value, 0);
            }

            var stored = Stamp(kind, value);
            table.Put(stored, null);
            Publish(new StoreEvent(StoreEventType.Added, stored, null));
            return stored;
        }
    }

    /// <summary>The current revision of an object, or null.</summary>
    public StoredObject? TryGet(ResourceKind kind, string? ns, string name)
    {
        lock (_gate)
        {
            return _tables[kind].Get(ns ?? string.Empty, name);
        }
    }

    /// <summary>The current revision of an object; a NotFound <see cref="StoreException"/> when there is none.</summary>
    public StoredObject Get(ResourceKind kind, string? ns, string name) =>
        TryGet(kind, ns, name) ?? throw StoreException.NotFound(kind, name);

    /// <summary>
    /// Replaces an object (PUT). A resourceVersion in the new object must equal the current one (409 Conflict otherwise).
    /// uid and creationTimestamp are kept; with <paramref name="statusOnly"/> only the status is taken from the new object,
    /// otherwise the status is kept for kinds whose status is a subresource (pods, namespaces, deployments, daemonsets).
    /// </summary>
    public StoredObject Replace(ResourceKind kind, string? ns, string name, IKubernetesObject<V1ObjectMeta> value, bool dryRun = false, bool statusOnly = false)
    {
        value.Metadata ??= new V1ObjectMeta();
        if (!string.IsNullOrEmpty(value.Metadata.Name) && value.Metadata.Name != name)
        {
            throw StoreException.BadRequest($"the name of the object ({value.Metadata.Name}) does not match the name on the URL ({name})");
        }

        lock (_gate)
        {
            var table = _tables[kind];
            var current = table.Get(ns ?? string.Empty, name) ?? throw StoreException.NotFound(kind, name);
            var requested = value.Metadata.ResourceVersion;
            if (!string.IsNullOrEmpty(requested) && requested != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw StoreException.Conflict(kind, name, "the object has been modified; please apply your changes to the latest version and try again");
            }

            IKubernetesObject<V1ObjectMeta> next;
            if (statusOnly)
            {
                next = kind.Clone(current);
                CopyStatus(value, next);
            }
            else
            {
                next = value;
                next.ApiVersion = kind.ApiVersion;
                next.Kind = kind.Kind;
                var meta = next.Metadata;
                meta.Name = name;
                meta.NamespaceProperty = kind.Namespaced ? current.Namespace : null;
                meta.Uid = current.Value.Metadata.Uid;
                meta.CreationTimestamp = current.Value.Metadata.CreationTimestamp;
                meta.DeletionTimestamp = current.Value.Metadata.DeletionTimestamp;
                meta.Generation = (current.Value.Metadata.Generation ?? 1) + 1;
                if (kind is not NodeResourceKind && kind.Kind is not "ConfigMap")
                {
                    CopyStatus(current.Value, next);
                }
            }

            if (dryRun)
            {
                return new StoredObject(kind, next, current.ResourceVersion);
            }

            var stored = Stamp(kind, next);
            table.Put(stored, current);
            Publish(new StoreEvent(StoreEventType.Modified, stored, current));
            return stored;
        }
    }

    /// <summary>
    /// Changes an object in place for the simulation (kubelet, namespace lifecycle): <paramref name="mutate"/> gets a
    /// private copy and returns false to leave the object unchanged. Returns the new revision, or null when the object
    /// does not exist.
    /// </summary>
    public StoredObject? Update<T>(ResourceKind kind, string? ns, string name, Func<T, bool> mutate)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_gate)
        {
            var table = _tables[kind];
            var current = table.Get(ns ?? string.Empty, name);
            if (current is null)
            {
                return null;
            }

            var copy = (T)kind.Clone(current);
            if (!mutate(copy))
            {
                return current;
            }

            var stored = Stamp(kind, copy);
            table.Put(stored, current);
            Publish(new StoreEvent(StoreEventType.Modified, stored, current));
            return stored;
        }
    }

    /// <summary>Deletes an object; preconditions on uid and resourceVersion give 409 Conflict when they do not hold.</summary>
    public StoredObject Delete(ResourceKind kind, string? ns, string name, bool dryRun = false, string? preconditionUid = null, string? preconditionResourceVersion = null)
    {
        lock (_gate)
        {
            var table = _tables[kind];
            var current = table.Get(ns ?? string.Empty, name) ?? throw StoreException.NotFound(kind, name);
            if (!string.IsNullOrEmpty(preconditionUid) && preconditionUid != current.Value.Metadata.Uid)
            {
                throw StoreException.Conflict(kind, name, $"Precondition failed: UID in precondition: {preconditionUid}, UID in object meta: {current.Value.Metadata.Uid}");
            }

            if (!string.IsNullOrEmpty(preconditionResourceVersion) && preconditionResourceVersion != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw StoreException.Conflict(kind, name, $"Precondition failed: ResourceVersion in precondition: {preconditionResourceVersion}, ResourceVersion in object meta: {current.ResourceVersion}");
            }

            if (dryRun)
            {
                return current;
            }

            return DeleteLocked(table, current);
        }
    }

    /// <summary>Lists objects of a kind: in one namespace (or all when <paramref name="ns"/> is null), optionally by index key.</summary>
    public StoreSnapshot List(ResourceKind kind, string? ns = null, string? indexKey = null)
    {
        List<StoredObject> items;
        long revision;
        lock (_gate)
        {
            items = _tables[kind].Select(ns, indexKey);
            revision = _revision;
        }

        items.Sort(CompareByKey);
        return new StoreSnapshot(items, revision);
    }

    /// <summary>The number of stored objects of a kind.</summary>
    public int Count(ResourceKind kind)
    {
        lock (_gate)
        {
            return _tables[kind].Count;
        }
    }

    /// <summary>
    /// Subscribes to changes. With <paramref name="fromRevision"/> null the feed starts with a synthetic ADDED event for
    /// every current object; otherwise it replays the logged events after that revision (410 Expired when they have
    /// been dropped from the log) and continues live.
    /// </summary>
    public WatchSubscription Watch(ResourceKind kind, string? ns, long? fromRevision)
    {
        lock (_gate)
        {
            var table = _tables[kind];
            var subscription = new WatchSubscription(kind, ns, Unsubscribe);
            if (fromRevision is null)
            {
                var current = table.Select(ns, null);
                current.Sort(CompareByKey);
                foreach (var item in current)
                {
                    subscription.Publish(new StoreEvent(StoreEventType.Added, item, null));
                }
            }
            else
            {
                if (fromRevision.Value < _lastDroppedRevision)
                {
                    throw StoreException.Expired(fromRevision.Value);
                }

                for (var i = FirstLogIndexAfter(fromRevision.Value); i < _logCount; i++)
                {
                    var e = _log[(_logStart + i) % _log.Length];
                    if (e.Kind == kind && subscription.Accepts(e))
                    {
                        subscription.Publish(e);
                    }
                }
            }

            table.Watchers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Ends every watch (used when the sandbox stops).</summary>
    public void CompleteAllWatches()
    {
        lock (_gate)
        {
            foreach (var table in _tables.Values)
            {
                foreach (var w in table.Watchers)
                {
                    w.Complete();
                }

                table.Watchers.Clear();
            }
        }
    }

    /// <summary>
    /// Deletes every object of a namespaced kind in a namespace (namespace finalization, deletecollection);
    /// <paramref name="indexKey"/>, when given, narrows the candidates to those with that value of the
    /// kind's indexed field (a deletecollection whose field selector names the pods' node).
    /// </summary>
    public IReadOnlyList<StoredObject> DeleteAll(ResourceKind kind, string? ns, Func<StoredObject, bool>? predicate = null, bool dryRun = false, string? indexKey = null)
    {
        lock (_gate)
        {
            var table = _tables[kind];
            var victims = table.Select(ns, indexKey);
            if (predicate is not null)
            {
                victims = victims.Where(predicate).ToList();
            }

            victims.Sort(CompareByKey);
            if (dryRun)
            {
                return victims;
            }

            return victims.Select(v => DeleteLocked(table, v)).ToList();
        }
    }

    private StoredObject DeleteLocked(KindTable table, StoredObject current)
    {
        // The DELETED event carries the object's final state at a new revision, as the API server does.
        var final = current.Kind.Clone(current);
        final.Metadata.DeletionTimestamp ??= Now();
        var stored = Stamp(current.Kind, final);
        table.Remove(current);
        Publish(new StoreEvent(StoreEventType.Deleted, stored, current));
        return stored;
    }

    private void CheckNamespaceAcceptsContent(ResourceKind kind, string ns, string name)
    {
        var nsObject = _tables[Catalog.Namespaces].Get(string.Empty, ns);
        if (nsObject is null)
        {
            throw StoreException.NotFound(Catalog.Namespaces, ns);
        }

        if (((V1Namespace)nsObject.Value).Status?.Phase == "Terminating")
        {
            throw new StoreException(403, "Forbidden", $"{kind.QualifiedResource} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", name, kind);
        }
    }

    private StoredObject Stamp(ResourceKind kind, IKubernetesObject<V1ObjectMeta> value)
    {
        var revision = ++_revision;
        value.Metadata.ResourceVersion = revision.ToString(CultureInfo.InvariantCulture);
        return new StoredObject(kind, value, revision);
    }

    private void Publish(StoreEvent e)
    {
        if (_logCount == _log.Length)
        {
            _lastDroppedRevision = _log[_logStart].ResourceVersion;
            _logStart = (_logStart + 1) % _log.Length;
            _logCount--;
        }

        _log[(_logStart + _logCount) % _log.Length] = e;
        _logCount++;
        foreach (var w in _tables[e.Kind].Watchers)
        {
            if (w.Accepts(e))
            {
                w.Publish(e);
            }
        }
    }

    private int FirstLogIndexAfter(long revision)
    {
        int lo = 0, hi = _logCount;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_log[(_logStart + mid) % _log.Length].ResourceVersion <= revision)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _tables[subscription.Kind].Watchers.Remove(subscription);
        }
    }

    private DateTime Now()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);
    }

    private static void CopyStatus(IKubernetesObject<V1ObjectMeta> from, IKubernetesObject<V1ObjectMeta> to)
    {
        var property = from.GetType().GetProperty("Status");
        if (property is not null && property.CanWrite)
        {
            property.SetValue(to, property.GetValue(from));
        }
    }

    private static int CompareByKey(StoredObject a, StoredObject b)
    {
        var c = string.CompareOrdinal(a.Namespace, b.Namespace);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }

    private static string RandomSuffix() =>
        string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = NameAlphabet[Random.Shared.Next(NameAlphabet.Length)];
            }
        });

    private static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 253 || !char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        var last = name[^1];
        if (!char.IsAsciiLetterLower(last) && !char.IsAsciiDigit(last))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    private sealed class KindTable(bool indexed)
    {
        private readonly Dictionary<string, Dictionary<string, StoredObject>> _byNamespace = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<StoredObject>>? _byIndex = indexed ? new(StringComparer.Ordinal) : null;

        public List<WatchSubscription> Watchers { get; } = [];

        public int Count { get; private set; }

        public StoredObject? Get(string ns, string name) =>
            _byNamespace.TryGetValue(ns, out var names) && names.TryGetValue(name, out var found) ? found : null;

        public void Put(StoredObject stored, StoredObject? previous)
        {
            if (previous is not null)
            {
                RemoveFromIndex(previous);
            }
            else
            {
                Count++;
            }

            if (!_byNamespace.TryGetValue(stored.Namespace, out var names))
            {
                names = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
                _byNamespace[stored.Namespace] = names;
            }

            names[stored.Name] = stored;
            if (_byIndex is not null)
            {
                var key = stored.Kind.IndexKey(stored.Value) ?? string.Empty;
                if (!_byIndex.TryGetValue(key, out var set))
                {
                    set = [];
                    _byIndex[key] = set;
                }

                set.Add(stored);
            }
        }

        public void Remove(StoredObject current)
        {
            if (_byNamespace.TryGetValue(current.Namespace, out var names) && names.Remove(current.Name))
            {
                Count--;
                if (names.Count == 0)
                {
                    _byNamespace.Remove(current.Namespace);
                }

                RemoveFromIndex(current);
            }
        }

        public List<StoredObject> Select(string? ns, string? indexKey)
        {
            if (indexKey is not null && _byIndex is not null)
            {
                return _byIndex.TryGetValue(indexKey, out var set)
                    ? set.Where(o => ns is null || o.Namespace == ns).ToList()
                    : [];
            }

            if (ns is not null)
            {
                return _byNamespace.TryGetValue(ns, out var names) ? names.Values.ToList() : [];
            }

            var all = new List<StoredObject>(Count);
            foreach (var names in _byNamespace.Values)
            {
                all.AddRange(names.Values);
            }

            return all;
        }

        private void RemoveFromIndex(StoredObject stored)
        {
            if (_byIndex is null)
            {
                return;
            }

            var key = stored.Kind.IndexKey(stored.Value) ?? string.Empty;
            if (_byIndex.TryGetValue(key, out var set))
            {
                set.Remove(stored);
                if (set.Count == 0)
                {
                    _byIndex.Remove(key);
                }
            }
        }
    }
}
