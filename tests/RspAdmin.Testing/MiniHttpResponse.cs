using System.Text;

namespace RspAdmin.Testing;

/// <summary>What <see cref="MiniHttpServer"/> sends back, or a connection reset.</summary>
public sealed class MiniHttpResponse
{
    /// <summary>The status code.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Headers to send (Content-Length is added by the server).</summary>
    public List<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body.</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>The length to announce for a HEAD answer (whose body is never sent); null: the body's length.</summary>
    public long? ContentLength { get; init; }

    /// <summary>Instead of answering, reset the connection (TCP RST).</summary>
    public bool ResetConnection { get; init; }

    /// <summary>A response with a UTF-8 body and a content type.</summary>
    public static MiniHttpResponse Text(int status, string body, string contentType = "application/json") => new()
    {
        StatusCode = status,
        Body = Encoding.UTF8.GetBytes(body),
        Headers = [new("Content-Type", contentType)],
    };
}
