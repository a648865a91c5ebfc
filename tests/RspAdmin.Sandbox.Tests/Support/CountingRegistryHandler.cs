using System.Collections.Concurrent;
using System.Net;

namespace RspAdmin.Sandbox.Tests.Support;

/// <summary>
/// A registry stand-in for <see cref="Kubelet.ImageRegistryClient"/>: answers manifest HEADs with 200 and a
/// Docker-Content-Digest for the references it knows, 404 otherwise, and counts the requests per path.
/// </summary>
public sealed class CountingRegistryHandler(string digest, params string[] knownReferences) : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    /// <summary>Holds every answer until released, so concurrent callers overlap.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Requests(string path) => _requests.GetValueOrDefault(path);

    public int TotalRequests => _requests.Values.Sum();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        await Gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var reference = path[(path.LastIndexOf('/') + 1)..];
        if (!knownReferences.Contains(reference, StringComparer.Ordinal))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("Docker-Content-Digest", digest);
        return response;
    }
}
