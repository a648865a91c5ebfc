using System.Collections.Concurrent;
using System.Net;
using System.Text;
using RspAdmin.Core.Http;
using RspAdmin.Core.Registry;
using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests;

/// <summary>htpasswd Basic authentication against the real registry.</summary>
public sealed class BasicAuthTests : AuthenticatedRegistryTests
{
    public BasicAuthTests()
        : base(LocalRegistryAuthMode.Basic, "rsp/basic")
    {
    }

    [SkippableFact]
    public async Task Good_credentials_list_and_read_after_one_challenge()
    {
        Requires.DockerRegistry();
        var log = new ConcurrentQueue<HttpRequestLogEntry>();
        using var client = Registry!.CreateClient(requestLog: log.Enqueue);
        var ct = Requires.Within();

        var tags = await client.ListTagsAsync(Repository, cancellationToken: ct);
        await client.HeadManifestAsync(Repository, "recommended", ct);

        Assert.Equal(40, tags.Count);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK], log.Select(e => e.StatusCode));
        SecretAssert.NotIn(SecretAssert.Forms(Registry.Credential!), log);
    }

    [SkippableFact]
    public async Task Wrong_password_is_credentials_rejected_without_the_secret_in_the_message()
    {
        Requires.DockerRegistry();
        var wrong = new NetworkCredential(Registry!.Credential!.UserName, "not-the-password-" + Guid.NewGuid().ToString("N"));
        var log = new ConcurrentQueue<HttpRequestLogEntry>();
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Registry = Registry.Address,
            Credential = wrong,
            UseDockerConfig = false,
            RequestLog = log.Enqueue,
        });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository, cancellationToken: Requires.Within()));

        Assert.Equal(RegistryErrorKind.CredentialsRejected, error.Reason);
        Assert.Equal("Registry.CredentialsRejected", error.ErrorId);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(2, log.Count); // anonymous, then the credentials once
        SecretAssert.NotIn(SecretAssert.Forms(wrong), log, error);
    }

    [SkippableFact]
    public async Task No_credentials_is_authentication_required()
    {
        Requires.DockerRegistry();
        using var client = Registry!.CreateClient(withCredentials: false);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository, cancellationToken: Requires.Within()));

        Assert.Equal(RegistryErrorKind.AuthenticationRequired, error.Reason);
    }

    [SkippableFact]
    public async Task Credentials_come_from_the_docker_config_auths_entry()
    {
        Requires.DockerRegistry();
        var directory = Directory.CreateTempSubdirectory("rsp-docker-config-");
        try
        {
            var credential = Registry!.Credential!;
            var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.UserName + ":" + credential.Password));
            var config = Path.Combine(directory.FullName, "config.json");
            await File.WriteAllTextAsync(config, $"{{\"auths\":{{\"http://{Registry.Address}/v2/\":{{\"auth\":\"{auth}\"}}}}}}");
            using var client = new RegistryClient(new RegistryClientOptions { Registry = Registry.Address, DockerConfigPath = config });

            var tags = await client.ListTagsAsync(Repository, cancellationToken: Requires.Within());

            Assert.Equal(40, tags.Count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
