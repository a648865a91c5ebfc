using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RspAdmin.Core.Registry;

namespace RspAdmin.Registry.Tests;

/// <summary>Protocol cases a well-behaved registry does not produce, over an in-memory handler.</summary>
public sealed class ProtocolEdgeCaseTests
{
    private const string Registry = "registry.example.org";
    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}");

    [Fact]
    public async Task A_body_that_does_not_match_the_digest_header_is_a_digest_mismatch()
    {
        using var client = Client(new StubHandler(_ => ManifestResponse(Manifest, ContentDigest.Sha256("other"u8))));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("a/b", "w_2025_01", Requires.Within(10)));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Reason);
    }

    [Fact]
    public async Task A_body_that_does_not_match_the_requested_digest_is_a_digest_mismatch()
    {
        var requested = ContentDigest.Sha256("something else"u8);
        using var client = Client(new StubHandler(_ => ManifestResponse(Manifest, null)));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("a/b", requested, Requires.Within(10)));

        Assert.Equal(RegistryErrorKind.DigestMismatch, error.Reason);
    }

    [Fact]
    public async Task Head_without_a_digest_header_falls_back_to_get_and_hashes_the_body()
    {
        using var client = Client(new StubHandler(_ => ManifestResponse(Manifest, null)));

        var descriptor = await client.HeadManifestAsync("a/b", "w_2025_01", Requires.Within(10));

        Assert.Equal(ContentDigest.Sha256(Manifest), descriptor.Digest);
        Assert.Equal(ManifestMediaTypes.OciManifest, descriptor.MediaType);
    }

    [Fact]
    public async Task Manifest_requests_accept_all_four_manifest_types()
    {
        string? accept = null;
        using var client = Client(new StubHandler(request =>
        {
            accept = request.Headers.Accept.ToString();
            return ManifestResponse(Manifest, ContentDigest.Sha256(Manifest));
        }));

        await client.HeadManifestAsync("a/b", "w_2025_01", Requires.Within(10));

        foreach (var type in ManifestMediaTypes.All)
        {
            Assert.Contains(type, accept);
        }
    }

    [Fact]
    public async Task Credentials_go_to_a_token_realm_on_another_https_host_and_the_token_only_to_the_registry()
    {
        var credential = new NetworkCredential("alice", "s3cret");
        var handler = new StubHandler(request =>
        {
            if (request.RequestUri!.Host == "auth.example.org")
            {
                return Json("{\"access_token\":\"tok-123\",\"expires_in\":300}");
            }

            if (request.Headers.Authorization?.ToString() == "Bearer tok-123")
            {
                return Json("{\"name\":\"a/b\",\"tags\":[\"x\"]}");
            }

            return Challenge("Bearer realm=\"https://auth.example.org/token\",service=\"registry.example.org\",scope=\"repository:a/b:pull\"");
        });
        using var client = Client(handler, credential);

        var tags = await client.ListTagsAsync("a/b", cancellationToken: Requires.Within(10));

        Assert.Equal(["x"], tags);
        var requests = handler.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.Null(requests[0].Authorization);
        Assert.Equal("auth.example.org", requests[1].Uri.Host);
        Assert.Equal("?service=registry.example.org&scope=repository%3Aa%2Fb%3Apull", requests[1].Uri.Query);
        Assert.StartsWith("Basic ", requests[1].Authorization, StringComparison.Ordinal);
        Assert.Equal((Registry, "Bearer tok-123"), (requests[2].Uri.Host, requests[2].Authorization));
    }

    [Fact]
    public async Task A_plain_http_token_realm_off_loopback_is_refused_before_any_credential_is_sent()
    {
        var handler = new StubHandler(_ => Challenge("Bearer realm=\"http://auth.example.org/token\",service=\"r\""));
        using var client = Client(handler, new NetworkCredential("alice", "s3cret"));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync("a/b", cancellationToken: Requires.Within(10)));

        Assert.Equal(RegistryErrorKind.InsecureRegistryRefused, error.Reason);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_next_page_on_another_host_gets_neither_a_request_nor_credentials()
    {
        var handler = new StubHandler(_ =>
        {
            var response = Json("{\"name\":\"a/b\",\"tags\":[\"x\"]}");
            response.Headers.TryAddWithoutValidation("Link", "<https://evil.example.org/v2/a/b/tags/list?last=x>; rel=\"next\"");
            return response;
        });
        using var client = Client(handler, new NetworkCredential("alice", "s3cret"));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync("a/b", cancellationToken: Requires.Within(10)));

        Assert.Equal(RegistryErrorKind.PaginationRefused, error.Reason);
        Assert.All(handler.Requests, r => Assert.Equal(Registry, r.Uri.Host));
    }

    [Fact]
    public async Task Unknown_challenge_schemes_are_unsupported_and_forbidden_is_access_denied()
    {
        using var negotiate = Client(new StubHandler(_ => Challenge("Negotiate")), new NetworkCredential("a", "b"));
        using var forbidden = Client(new StubHandler(_ => Json("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}", HttpStatusCode.Forbidden)));

        var unsupported = await Assert.ThrowsAsync<RegistryException>(() => negotiate.ListTagsAsync("a/b", cancellationToken: Requires.Within(10)));
        var denied = await Assert.ThrowsAsync<RegistryException>(() => forbidden.ListTagsAsync("a/b", cancellationToken: Requires.Within(10)));

        Assert.Equal(RegistryErrorKind.Unsupported, unsupported.Reason);
        Assert.Equal(RegistryErrorKind.AccessDenied, denied.Reason);
        Assert.Contains("DENIED", denied.Message);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"tags\":\"w_2025_01\"}")]
    [InlineData("{\"tags\":[1]}")]
    [InlineData("<html>")]
    public async Task Tag_lists_that_do_not_follow_the_protocol_are_malformed_responses(string body)
    {
        using var client = Client(new StubHandler(_ => Json(body)));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync("a/b", cancellationToken: Requires.Within(10)));

        Assert.Equal(RegistryErrorKind.MalformedResponse, error.Reason);
    }

    [Fact]
    public async Task A_null_tag_list_is_empty()
    {
        using var client = Client(new StubHandler(_ => Json("{\"name\":\"a/b\",\"tags\":null}")));

        Assert.Empty(await client.ListTagsAsync("a/b", cancellationToken: Requires.Within(10)));
    }

    [Fact]
    public async Task Invalid_arguments_are_argument_errors_before_any_request()
    {
        var handler = new StubHandler(_ => Json("{}"));
        using var client = Client(handler);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.ListTagsAsync("Bad Repo", cancellationToken: Requires.Within(10)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.HeadManifestAsync("a/b", "bad tag", Requires.Within(10)));
        Assert.Empty(handler.Requests);
    }

    private static RegistryClient Client(StubHandler handler, NetworkCredential? credential = null) =>
        new(new RegistryClientOptions { Registry = Registry, Credential = credential, UseDockerConfig = false, MaxRetries = 0 }, handler, disposeHandler: true);

    private static HttpResponseMessage ManifestResponse(byte[] body, string? digest)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(ManifestMediaTypes.OciManifest);
        if (digest is not null)
        {
            response.Headers.TryAddWithoutValidation("Docker-Content-Digest", digest);
        }

        return response;
    }

    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Challenge(string header)
    {
        var response = Json("{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}", HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", header);
        return response;
    }
}
