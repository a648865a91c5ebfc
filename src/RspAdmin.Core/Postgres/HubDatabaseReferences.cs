using YamlDotNet.RepresentationModel;

namespace RspAdmin.Core.Postgres;

/// <summary>A values file whose <c>jupyterhub.hub.db.url</c> names a database and role.</summary>
public sealed record HubDatabaseReference(string File, string Url, string? Role, string? Database);

/// <summary>
/// Finds which hub database URLs the nublado and nublado2 values files of a Phalanx checkout name
/// (<c>jupyterhub.hub.db.url</c>, <c>postgresql://role@host/database</c>), so a database still in use by
/// any environment is never dropped.
/// </summary>
public static class HubDatabaseReferences
{
    /// <summary>Every reference in <c>applications/{nublado,nublado2}/values*.yaml</c> of <paramref name="phalanxPath"/>.</summary>
    /// <exception cref="HubDatabaseException"><c>Postgres.PhalanxUnreadable</c>: the checkout or a values file cannot be read.</exception>
    public static IReadOnlyList<HubDatabaseReference> Find(string phalanxPath)
    {
        var found = new List<HubDatabaseReference>();
        foreach (var app in new[] { "nublado", "nublado2" })
        {
            var dir = Path.Combine(phalanxPath, "applications", app);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(dir, "values*.yaml").Order(StringComparer.Ordinal))
            {
                try
                {
                    var stream = new YamlStream();
                    using (var reader = new StreamReader(file))
                    {
                        stream.Load(reader);
                    }

                    if (stream.Documents.Count > 0 && Lookup(stream.Documents[0].RootNode, "jupyterhub", "hub", "db", "url") is YamlScalarNode { Value: { Length: > 0 } url })
                    {
                        var (role, database) = Parse(url);
                        found.Add(new HubDatabaseReference(Path.GetRelativePath(phalanxPath, file), url, role, database));
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
                {
                    throw new HubDatabaseException("PhalanxUnreadable", ErrorKind.ReadFailed, $"Cannot read {file}: {e.Message}. Nothing was dropped.", file, e);
                }
            }
        }

        return found;
    }

    /// <summary>The role and database of <c>postgresql://role[:password]@host[:port]/database</c>.</summary>
    public static (string? Role, string? Database) Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            return (null, null);
        }

        var role = uri.UserInfo.Split(':', 2)[0];
        var database = uri.AbsolutePath.Trim('/');
        return (role.Length == 0 ? null : Uri.UnescapeDataString(role), database.Length == 0 ? null : Uri.UnescapeDataString(database));
    }

    private static YamlNode? Lookup(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }
}
