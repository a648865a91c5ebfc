namespace RspAdmin.Core.Postgres;

/// <summary>A PostgreSQL operation failed; the error identifier is <c>Postgres.{reason}</c>.</summary>
public sealed class HubDatabaseException(string reason, ErrorKind kind, string message, object? target = null, Exception? inner = null)
    : RspException("Postgres." + reason, kind, message, target, null, inner);
