using System.Text.Json;

namespace RspAdmin.Core.Registry;

/// <summary>
/// The distribution error body, <c>{"errors":[{"code":"NAME_UNKNOWN","message":"...","detail":...}]}</c>.
/// Anything else (no body, HTML, malformed JSON) yields no error code.
/// </summary>
internal sealed record RegistryErrorBody(string? Code, string? Message)
{
    private const int MaxMessageLength = 200;

    /// <summary>Reads the first error of a response body; never throws.</summary>
    public static RegistryErrorBody Read(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return new RegistryErrorBody(null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    if (error.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    if (message is { Length: > MaxMessageLength })
                    {
                        message = message[..MaxMessageLength] + "…";
                    }

                    return new RegistryErrorBody(code, message);
                }
            }
        }
        catch (JsonException)
        {
            // not a distribution error body
        }

        return new RegistryErrorBody(null, null);
    }

    /// <summary>The error kind a registry error code stands for, or null for codes without a specific kind.</summary>
    public RegistryErrorKind? Kind => Code switch
    {
        "NAME_UNKNOWN" => RegistryErrorKind.RepositoryNotFound,
        "MANIFEST_UNKNOWN" => RegistryErrorKind.ManifestNotFound,
        "BLOB_UNKNOWN" or "BLOB_UPLOAD_UNKNOWN" => RegistryErrorKind.BlobNotFound,
        "DENIED" => RegistryErrorKind.AccessDenied,
        "UNSUPPORTED" => RegistryErrorKind.Unsupported,
        "TOOMANYREQUESTS" => RegistryErrorKind.RetriesExhausted,
        "DIGEST_INVALID" or "MANIFEST_INVALID" or "MANIFEST_UNVERIFIED" or "MANIFEST_BLOB_UNKNOWN" or "NAME_INVALID"
            or "TAG_INVALID" or "SIZE_INVALID" or "PAGINATION_NUMBER_INVALID" or "RANGE_INVALID"
            or "BLOB_UPLOAD_INVALID" => RegistryErrorKind.RequestRejected,
        _ => null,
    };

    /// <summary><c>CODE: message</c>, or null when the body had neither.</summary>
    public string? Summary => (Code, Message) switch
    {
        (null, null) => null,
        (null, var message) => message,
        (var code, null) => code,
        var (code, message) => code + ": " + message,
    };
}
