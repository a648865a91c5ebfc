using System.Text;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests;

/// <summary>Credentials from a Docker configuration file, with real credential-helper programs.</summary>
public sealed class DockerCredentialStoreTests : IClassFixture<CredentialHelperFixture>, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("rsp-docker-config-");

    public DockerCredentialStoreTests(CredentialHelperFixture helpers) => Assert.True(Directory.Exists(helpers.Directory));

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Auths_entry_with_base64_auth_matches_the_exact_host()
    {
        var store = Store("""{"auths":{"registry.example.org":{"auth":"dXNlcjpwYXNzOndpdGg6Y29sb25z"}}}""");

        var credential = await store.GetAsync("registry.example.org", Requires.Within(10));

        Assert.NotNull(credential);
        Assert.Equal("user", credential.UserName);
        Assert.Equal("pass:with:colons", credential.Password);
    }

    [Fact]
    public async Task Auths_entry_with_username_and_password_matches_after_normalising_the_key()
    {
        var store = Store("""{"auths":{"https://registry.example.org:5000/v2/":{"username":"u1","password":"p1"},"other.example.org":{"auth":"eDp5"}}}""");

        var credential = await store.GetAsync("registry.example.org:5000", Requires.Within(10));

        Assert.Equal(("u1", "p1"), (credential!.UserName, credential.Password));
        Assert.Null(await store.GetAsync("registry.example.org", Requires.Within(10)));
    }

    [Fact]
    public async Task The_exact_key_wins_over_a_normalised_one()
    {
        var store = Store("""{"auths":{"https://ghcr.io/":{"username":"normalised","password":"x"},"ghcr.io":{"username":"exact","password":"y"}}}""");

        Assert.Equal("exact", (await store.GetAsync("ghcr.io", Requires.Within(10)))!.UserName);
    }

    [Fact]
    public async Task Docker_hub_host_names_share_the_index_entry()
    {
        var store = Store("""{"auths":{"https://index.docker.io/v1/":{"username":"hub","password":"x"}}}""");

        Assert.Equal("hub", (await store.GetAsync("registry-1.docker.io", Requires.Within(10)))!.UserName);
        Assert.Equal("hub", (await store.GetAsync("docker.io", Requires.Within(10)))!.UserName);
    }

    [Fact]
    public async Task A_missing_file_or_entry_means_anonymous()
    {
        Assert.Null(await new DockerCredentialStore(Path.Combine(_directory.FullName, "absent.json"), TimeSpan.FromSeconds(5)).GetAsync("a.example", Requires.Within(10)));
        Assert.Null(await Store("""{"auths":{"b.example":{}}}""").GetAsync("b.example", Requires.Within(10)));
    }

    [Fact]
    public async Task A_malformed_file_is_a_typed_error_that_does_not_quote_it()
    {
        var store = Store("""{"auths":{"a.example":{"auth":"c2VjcmV0LXZhbHVl" """);

        var error = await Assert.ThrowsAsync<RegistryException>(() => store.GetAsync("a.example", Requires.Within(10)));

        Assert.Equal(RegistryErrorKind.CredentialStoreFailed, error.Reason);
        Assert.DoesNotContain("c2VjcmV0LXZhbHVl", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identity_token_is_unsupported()
    {
        var store = Store("""{"auths":{"a.example":{"identitytoken":"refresh-token"}}}""");

        var error = await Assert.ThrowsAsync<RegistryException>(() => store.GetAsync("a.example", Requires.Within(10)));

        Assert.Equal(RegistryErrorKind.Unsupported, error.Reason);
    }

    [Fact]
    public async Task Cred_helpers_run_the_helper_for_their_host_and_win_over_auths()
    {
        var server = CredentialHelperFixture.KnownServer;
        var store = Store("{\"auths\":{\"" + server + "\":{\"username\":\"file\",\"password\":\"x\"}},\"credHelpers\":{\"" + server + "\":\"rsptest\"}}");

        var credential = await store.GetAsync(CredentialHelperFixture.KnownServer, Requires.Within(20));

        Assert.Equal(CredentialHelperFixture.HelperUser, credential!.UserName);
        Assert.Equal(CredentialHelperFixture.HelperSecret, credential.Password);
    }

    [Fact]
    public async Task Creds_store_is_used_for_every_host_and_not_found_means_anonymous()
    {
        var store = Store("""{"credsStore":"rsptest"}""");

        Assert.Equal(CredentialHelperFixture.HelperUser, (await store.GetAsync(CredentialHelperFixture.KnownServer, Requires.Within(20)))!.UserName);
        Assert.Null(await store.GetAsync("unknown.example.org", Requires.Within(20)));
    }

    [Theory]
    [InlineData("rspmissing", "not on PATH")]
    [InlineData("rspbroken", "exit code 3")]
    [InlineData("rspgarbage", "not JSON")]
    public async Task A_failing_helper_is_a_typed_error_that_does_not_repeat_its_output(string helper, string message)
    {
        var store = Store($$"""{"credsStore":"{{helper}}"}""");

        var error = await Assert.ThrowsAsync<RegistryException>(() => store.GetAsync("a.example", Requires.Within(20)));

        Assert.Equal(RegistryErrorKind.CredentialStoreFailed, error.Reason);
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain(CredentialHelperFixture.HelperSecret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_helper_that_hangs_is_stopped_after_the_time_out()
    {
        var store = new DockerCredentialStore(Write("""{"credsStore":"rspslow"}"""), TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<RegistryException>(() => store.GetAsync("a.example", Requires.Within(20)));

        Assert.Equal(RegistryErrorKind.CredentialStoreFailed, error.Reason);
        Assert.Contains("did not answer", error.Message);
    }

    [Fact]
    public async Task The_default_location_follows_DOCKER_CONFIG()
    {
        var original = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        Environment.SetEnvironmentVariable("DOCKER_CONFIG", _directory.FullName);
        try
        {
            Assert.Equal(Path.Combine(_directory.FullName, "config.json"), DockerCredentialStore.DefaultConfigPath());
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", original);
        }

        await Task.CompletedTask;
    }

    [SkippableFact]
    public async Task A_client_authenticates_with_credentials_from_a_helper()
    {
        Requires.DockerRegistry();
        using var registry = await LocalRegistry.StartAsync(new LocalRegistryOptions { AuthMode = LocalRegistryAuthMode.Basic, Password = "helper-provided-pw" }, Requires.Within(60));
        var config = Write("{\"credHelpers\":{\"" + registry.Address + "\":\"rsptest\"}}");
        Environment.SetEnvironmentVariable("RSP_HELPER_SERVER", registry.Address);
        Environment.SetEnvironmentVariable("RSP_HELPER_USER", registry.Credential!.UserName);
        Environment.SetEnvironmentVariable("RSP_HELPER_SECRET", registry.Credential.Password);
        try
        {
            using var client = new RegistryClient(new RegistryClientOptions { Registry = registry.Address, DockerConfigPath = config });

            await client.CheckAsync(Requires.Within());
        }
        finally
        {
            Environment.SetEnvironmentVariable("RSP_HELPER_SERVER", null);
            Environment.SetEnvironmentVariable("RSP_HELPER_USER", null);
            Environment.SetEnvironmentVariable("RSP_HELPER_SECRET", null);
        }
    }

    private DockerCredentialStore Store(string json) => new(Write(json), TimeSpan.FromSeconds(10));

    private string Write(string json)
    {
        var path = Path.Combine(_directory.FullName, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json, new UTF8Encoding(false));
        return path;
    }
}
