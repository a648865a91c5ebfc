using System.Text.Json;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Api;

/// <summary>Writes meta/v1 Status objects (KubernetesClient's model cannot serialize them) and common responses.</summary>
public static class StatusWriter
{
    /// <summary>The Status reason the API server uses for an HTTP status code.</summary>
    public static string ReasonFor(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        409 => "Conflict",
        410 => "Expired",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    };

    /// <summary>The Status object as UTF-8 JSON.</summary>
    public static byte[] Failure(int code, string reason, string message, string? name = null, ResourceKind? kind = null, int? retryAfterSeconds = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "Status");
            w.WriteString("apiVersion", "v1");
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteString("status", "Failure");
            w.WriteString("message", message);
            w.WriteString("reason", reason);
            if (name is not null || kind is not null || retryAfterSeconds is not null)
            {
                w.WriteStartObject("details");
                if (name is not null)
                {
                    w.WriteString("name", name);
                }

                if (kind is not null)
                {
                    if (kind.Group.Length > 0)
                    {
                        w.WriteString("group", kind.Group);
                    }

                    w.WriteString("kind", kind.Plural);
                }

                if (retryAfterSeconds is not null)
                {
                    w.WriteNumber("retryAfterSeconds", retryAfterSeconds.Value);
                }

                w.WriteEndObject();
            }

            w.WriteNumber("code", code);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A Success Status for a deletion, with the object's name, kind and uid.</summary>
    public static byte[] Success(string name, ResourceKind kind, string? uid)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "Status");
            w.WriteString("apiVersion", "v1");
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteString("status", "Success");
            w.WriteStartObject("details");
            w.WriteString("name", name);
            if (kind.Group.Length > 0)
            {
                w.WriteString("group", kind.Group);
            }

            w.WriteString("kind", kind.Plural);
            if (uid is not null)
            {
                w.WriteString("uid", uid);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Answers a request with a failure Status.</summary>
    public static Task WriteFailureAsync(HttpContext context, int code, string message, string? reason = null, string? name = null, ResourceKind? kind = null, int? retryAfterSeconds = null)
    {
        var body = Failure(code, reason ?? ReasonFor(code), message, name, kind, retryAfterSeconds);
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        if (retryAfterSeconds is not null)
        {
            context.Response.Headers.RetryAfter = retryAfterSeconds.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return context.Response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>Answers a request with the Status a store refusal describes.</summary>
    public static Task WriteFailureAsync(HttpContext context, StoreException error) =>
        WriteFailureAsync(context, error.Code, error.Message, error.Reason, error.Name, error.Kind);

    /// <summary>Answers with JSON bytes and a status code.</summary>
    public static Task WriteJsonAsync(HttpContext context, int code, byte[] json)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json).AsTask();
    }
}
