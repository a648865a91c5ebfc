using RspAdmin.Core.Registry;

namespace RspAdmin.Registry.Tests;

public sealed class ProtocolParsingTests
{
    [Fact]
    public void Bearer_challenge_keeps_commas_inside_quoted_values()
    {
        var challenge = AuthenticationChallenge.Parse(
            "Bearer realm=\"https://auth.example.org/token\",service=\"registry.example.org\",scope=\"repository:lsst-sqre/sciplat-lab:pull,push\"");

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example.org/token", challenge["realm"]);
        Assert.Equal("registry.example.org", challenge["service"]);
        Assert.Equal("repository:lsst-sqre/sciplat-lab:pull,push", challenge["scope"]);
    }

    [Fact]
    public void Challenge_parameters_are_case_insensitive_tolerate_spaces_escapes_and_unquoted_values()
    {
        var challenge = AuthenticationChallenge.Parse("bearer  Realm = \"http://h/t?a=1,b=2\" , SERVICE=reg ,scope=\"a \\\"quoted\\\" word\",error=insufficient_scope");

        Assert.True(challenge.IsBearer);
        Assert.Equal("http://h/t?a=1,b=2", challenge["realm"]);
        Assert.Equal("reg", challenge["service"]);
        Assert.Equal("a \"quoted\" word", challenge["scope"]);
        Assert.Equal("insufficient_scope", challenge["error"]);
    }

    [Fact]
    public void Bearer_is_preferred_over_basic_when_both_are_offered()
    {
        var challenge = AuthenticationChallenge.Select(["Basic realm=\"x\"", "Bearer realm=\"https://a/token\""]);
        Assert.NotNull(challenge);
        Assert.True(challenge.IsBearer);
        Assert.Null(AuthenticationChallenge.Select([]));
    }

    [Theory]
    [InlineData("</v2/a/tags/list?n=2&last=b>; rel=\"next\"", "/v2/a/tags/list?n=2&last=b")]
    [InlineData("<https://r.example/v2/a/tags/list?last=b>;rel=next", "https://r.example/v2/a/tags/list?last=b")]
    [InlineData("<https://r/first>; rel=\"first\", </v2/x?last=a,b>; rel=\"prev next\"", "/v2/x?last=a,b")]
    [InlineData("<https://r/p>; title=\"a, b\"; rel=\"next\"", "https://r/p")]
    public void Link_header_next_target_is_found(string header, string expected) =>
        Assert.Equal(expected, LinkHeader.FindNext([header]));

    [Theory]
    [InlineData("</v2/a/tags/list?n=2>; rel=\"prev\"")]
    [InlineData("garbage")]
    [InlineData("")]
    public void Link_header_without_next_gives_null(string header) => Assert.Null(LinkHeader.FindNext([header]));

    [Fact]
    public void Registry_error_body_codes_map_to_kinds_and_garbage_gives_none()
    {
        Assert.Equal(RegistryErrorKind.RepositoryNotFound, RegistryErrorBody.Read("{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}"u8).Kind);
        Assert.Equal(RegistryErrorKind.ManifestNotFound, RegistryErrorBody.Read("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}"u8).Kind);
        Assert.Null(RegistryErrorBody.Read("<html>502</html>"u8).Kind);
        Assert.Null(RegistryErrorBody.Read("{\"errors\":[1,"u8).Code);
        Assert.Null(RegistryErrorBody.Read([]).Code);
    }

    [Theory]
    [InlineData("localhost:5000", "http://localhost:5000/")]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("127.8.9.10", "http://127.8.9.10/")]
    [InlineData("[::1]:5000", "http://[::1]:5000/")]
    [InlineData("docker.io", "https://docker.io/")]
    [InlineData("registry.example.org:8443", "https://registry.example.org:8443/")]
    [InlineData("https://127.0.0.1:5000", "https://127.0.0.1:5000/")]
    public void Loopback_registries_use_http_and_others_https(string registry, string expected) =>
        Assert.Equal(expected, RegistryEndpoint.Resolve(registry, allowInsecure: false).BaseAddress.AbsoluteUri);

    [Fact]
    public void Plain_http_off_loopback_needs_allow_insecure()
    {
        var error = Assert.Throws<RegistryException>(() => new RegistryClient(new RegistryClientOptions { Registry = "http://registry.example.org" }));
        Assert.Equal(RegistryErrorKind.InsecureRegistryRefused, error.Reason);
        Assert.Equal("Registry.InsecureRegistryRefused", error.ErrorId);

        using var allowed = new RegistryClient(new RegistryClientOptions { Registry = "http://registry.example.org", AllowInsecure = true });
        Assert.Equal("http://registry.example.org/", allowed.BaseAddress.AbsoluteUri);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host/path")]
    [InlineData("user:pw@host")]
    public void Registry_that_is_not_a_host_is_an_argument_error(string registry) =>
        Assert.ThrowsAny<ArgumentException>(() => RegistryEndpoint.Resolve(registry, allowInsecure: false));
}
