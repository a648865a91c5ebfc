namespace RspAdmin.Registry.Tests.Promotion;

/// <summary>
/// Passes requests to the real registry but, for HEAD requests of one manifest tag, reports another digest:
/// a registry that answers a verification with something other than what was stored.
/// </summary>
internal sealed class DigestTamperingHandler(string tag, string reportedDigest) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Head && request.RequestUri!.AbsolutePath.EndsWith("/manifests/" + tag, StringComparison.Ordinal))
        {
            response.Headers.Remove("Docker-Content-Digest");
            response.Headers.TryAddWithoutValidation("Docker-Content-Digest", reportedDigest);
        }

        return response;
    }
}
