namespace RspAdmin.Core.Postgres;

/// <summary>A hub's session database as PostgreSQL reports it.</summary>
public sealed record HubDatabase
{
    /// <summary>The database name (<c>jupyterhub</c> for v2, <c>nublado3</c> for v3).</summary>
    public required string Name { get; init; }

    /// <summary>Its owner role.</summary>
    public string? Owner { get; init; }

    /// <summary>Whether the database exists.</summary>
    public bool Exists { get; init; }

    /// <summary>Sessions connected to it now (<c>pg_stat_activity</c>).</summary>
    public int ActiveConnections { get; init; }

    /// <summary>The role named by the hub's <c>db.url</c> (or asked about), or null.</summary>
    public string? Role { get; init; }

    /// <summary>Whether that role exists.</summary>
    public bool RoleExists { get; init; }
}

/// <summary>What a removal did.</summary>
public sealed record HubDatabaseRemoval(string Name, bool DatabaseDropped, string? Role, bool RoleDropped, bool Forced);
