using System.Collections.Concurrent;

namespace RspAdmin.Registry.Tests;

/// <summary>An in-memory handler for protocol cases a real registry cannot produce (a lying digest header, a foreign realm).</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public ConcurrentQueue<(string Method, Uri Uri, string? Authorization)> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.Method.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
        var response = respond(request);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}
