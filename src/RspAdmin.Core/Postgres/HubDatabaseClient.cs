using System.Text.RegularExpressions;
using Npgsql;

namespace RspAdmin.Core.Postgres;

/// <summary>
/// The hub databases in PostgreSQL, through Npgsql as a superuser: whether a database and a role exist,
/// sessions on a database, drop a database (<c>WITH (FORCE)</c> only when asked), drop a role. Names are
/// checked as plain identifiers and quoted; the password is never part of an error message.
/// </summary>
public sealed partial class HubDatabaseClient
{
    private readonly NpgsqlDataSource _source;
    private readonly string _display;

    /// <summary>Connects (lazily) to <paramref name="host"/>:<paramref name="port"/> as <paramref name="username"/>.</summary>
    public HubDatabaseClient(string host, int port, string username, string? password, TimeSpan? timeout = null)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = username,
            Password = password,
            Database = "postgres",
            Timeout = (int)Math.Clamp((timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds, 1, 1024),
            CommandTimeout = (int)Math.Clamp((timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds, 1, 1024),
            Pooling = false,
            SslMode = SslMode.Prefer,
        };
        _source = NpgsqlDataSource.Create(builder);
        _display = $"{username}@{host}:{port}";
    }

    /// <summary>Whether <paramref name="name"/> can be a database or role name this client handles.</summary>
    public static bool IsIdentifier(string? name) => name is not null && IdentifierPattern().IsMatch(name);

    /// <summary>The database, its owner and sessions, and <paramref name="role"/> (when given) with its existence.</summary>
    public async Task<HubDatabase> GetAsync(string name, string? role, CancellationToken cancellationToken = default)
    {
        Check(name, "database");
        if (role is not null)
        {
            Check(role, "role");
        }

        return await RunAsync(async connection =>
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1), " +
                "EXISTS (SELECT 1 FROM pg_database WHERE datname = $1), " +
                "(SELECT count(*)::int FROM pg_stat_activity WHERE datname = $1), " +
                "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2)", connection);
            cmd.Parameters.AddWithValue(name);
            cmd.Parameters.AddWithValue(role ?? string.Empty);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new HubDatabase
            {
                Name = name,
                Owner = reader.IsDBNull(0) ? null : reader.GetString(0),
                Exists = reader.GetBoolean(1),
                ActiveConnections = reader.GetInt32(2),
                Role = role,
                RoleExists = role is not null && reader.GetBoolean(3),
            };
        }, $"read database {name}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops the database (refused with <c>Postgres.DatabaseInUse</c> while sessions are connected, unless
    /// <paramref name="force"/>: then <c>WITH (FORCE)</c>), then the role when given.
    /// </summary>
    public async Task<HubDatabaseRemoval> RemoveAsync(string name, string? role, bool force, CancellationToken cancellationToken = default)
    {
        var state = await GetAsync(name, role, cancellationToken).ConfigureAwait(false);
        if (state.Exists && state.ActiveConnections > 0 && !force)
        {
            throw new HubDatabaseException("DatabaseInUse", ErrorKind.Conflict, $"Database {name} on {_display} has {state.ActiveConnections} connected session(s); stop the hub that uses it, or drop it with force.", name);
        }

        return await RunAsync(async connection =>
        {
            var dropped = false;
            if (state.Exists)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Quote(name)}{(force ? " WITH (FORCE)" : string.Empty)}", connection);
                await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                dropped = true;
            }

            var roleDropped = false;
            if (role is not null && state.RoleExists)
            {
                await using var dropRole = new NpgsqlCommand($"DROP ROLE IF EXISTS {Quote(role)}", connection);
                try
                {
                    await dropRole.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == "2BP01")
                {
                    throw new HubDatabaseException("RoleInUse", ErrorKind.Conflict, $"Role {role} on {_display} still owns objects elsewhere ({e.MessageText}); the database {(dropped ? "was dropped" : "did not exist")}. Reassign or drop those objects, then drop the role.", role, e);
                }

                roleDropped = true;
            }

            return new HubDatabaseRemoval(name, dropped, role, roleDropped, force && state.ActiveConnections > 0);
        }, $"drop database {name}", cancellationToken).ConfigureAwait(false);
    }

    private static void Check(string name, string what)
    {
        if (!IsIdentifier(name))
        {
            throw new HubDatabaseException("InvalidName", ErrorKind.InvalidArgument, $"'{name}' is not a {what} name this command handles (lower-case letters, digits and _; at most 63).", name);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier + "\"";

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> body, string what, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await body(connection).ConfigureAwait(false);
        }
        catch (HubDatabaseException)
        {
            throw;
        }
        catch (PostgresException e) when (e.SqlState is "28P01" or "28000")
        {
            throw new HubDatabaseException("AuthenticationFailed", ErrorKind.Unauthorized, $"{_display} refused the credentials; check the user name and password.", _display, e);
        }
        catch (PostgresException e) when (e.SqlState == "42501")
        {
            throw new HubDatabaseException("Forbidden", ErrorKind.Forbidden, $"{_display}: not allowed to {what}; connect as a superuser.", _display, e);
        }
        catch (PostgresException e)
        {
            throw new HubDatabaseException("Failed", ErrorKind.InvalidOperation, $"{_display}: cannot {what}: {e.SqlState} {e.MessageText}", _display, e);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new HubDatabaseException("Unreachable", ErrorKind.Unreachable, $"Cannot reach PostgreSQL at {_display}: {(e.InnerException ?? e).Message}", _display, e);
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
