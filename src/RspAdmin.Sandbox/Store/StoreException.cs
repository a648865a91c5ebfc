namespace RspAdmin.Sandbox.Store;

/// <summary>A request the store refuses, carrying what the API answers with as a Status object.</summary>
public sealed class StoreException : Exception
{
    public StoreException(int code, string reason, string message, string? name = null, ResourceKind? kind = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Name = name;
        Kind = kind;
    }

    /// <summary>The HTTP status code.</summary>
    public int Code { get; }

    /// <summary>The Status reason (<c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, ...).</summary>
    public string Reason { get; }

    /// <summary>The name of the object concerned, if any.</summary>
    public string? Name { get; }

    /// <summary>The resource concerned, if any.</summary>
    public ResourceKind? Kind { get; }

    public static StoreException NotFound(ResourceKind kind, string name) =>
        new(404, "NotFound", $"{kind.QualifiedResource} \"{name}\" not found", name, kind);

    public static StoreException AlreadyExists(ResourceKind kind, string name) =>
        new(409, "AlreadyExists", $"{kind.QualifiedResource} \"{name}\" already exists", name, kind);

    public static StoreException Conflict(ResourceKind kind, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {kind.QualifiedResource} \"{name}\": {detail}", name, kind);

    public static StoreException Invalid(ResourceKind kind, string name, string detail) =>
        new(422, "Invalid", $"{kind.Kind} \"{name}\" is invalid: {detail}", name, kind);

    public static StoreException BadRequest(string message) => new(400, "BadRequest", message);

    public static StoreException Expired(long resourceVersion) =>
        new(410, "Expired", $"too old resource version: {resourceVersion}");
}
