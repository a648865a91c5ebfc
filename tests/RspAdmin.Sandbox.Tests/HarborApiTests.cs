using System.Net;
using System.Text.Json;
using RspAdmin.Sandbox.Tests.Support;

namespace RspAdmin.Sandbox.Tests;

/// <summary>The sandbox's Harbor API (under /harbor) over its registry: projects by prefix, artifacts by digest, paging, and the shape of real Harbor replies.</summary>
public sealed class HarborApiTests
{
    private const string Scenario = """
        registry:
          start: true
          repositories:
            - name: tool-x/app
              tags: [latest, stable]
              aliases: { prod: stable }
            - name: other/app
              tags: [latest]
        """;

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(InProcessSandbox sandbox, string path, CancellationToken ct)
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(sandbox.Host.ApiAddress, "harbor/api/v2.0/" + path), ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
        return (response.StatusCode, body, response);
    }

    [SkippableFact]
    public async Task Projects_repositories_and_artifacts_come_from_the_registry()
    {
        Skip.IfNot(InProcessSandbox.RegistryInstalled, InProcessSandbox.NoRegistryMessage);
        var ct = InProcessSandbox.Bounded(60);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);

        var (status, repositories, _) = await GetAsync(sandbox, "projects/tool-x/repositories?with_tag=true", ct);
        Assert.Equal(HttpStatusCode.OK, status);
        var repository = Assert.Single(repositories.EnumerateArray());
        Assert.Equal("tool-x/app", repository.GetProperty("name").GetString());
        Assert.Equal(2, repository.GetProperty("artifact_count").GetInt32());

        var (_, artifacts, _) = await GetAsync(sandbox, "projects/tool-x/repositories/app/artifacts", ct);
        var list = artifacts.EnumerateArray().ToArray();
        Assert.Equal(2, list.Length);
        Assert.All(list, a => Assert.Equal("IMAGE", a.GetProperty("type").GetString()));
        var stable = list.Single(a => a.GetProperty("digest").GetString() == sandbox.Host.SeededDigests["tool-x/app:stable"]);
        Assert.Equal(["prod", "stable"], stable.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var latest = list.Single(a => a.GetProperty("digest").GetString() == sandbox.Host.SeededDigests["tool-x/app:latest"]);
        Assert.Equal(["latest"], latest.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [SkippableFact]
    public async Task An_unknown_project_or_repository_is_404_with_harbor_errors()
    {
        Skip.IfNot(InProcessSandbox.RegistryInstalled, InProcessSandbox.NoRegistryMessage);
        var ct = InProcessSandbox.Bounded(60);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var (status, body, _) = await GetAsync(sandbox, "projects/tool-nobody/repositories?with_tag=true", ct);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("NOT_FOUND", body.GetProperty("errors")[0].GetProperty("code").GetString());
        (status, _, _) = await GetAsync(sandbox, "projects/tool-x/repositories/nothing/artifacts", ct);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [SkippableFact]
    public async Task Pages_link_to_the_next_one()
    {
        Skip.IfNot(InProcessSandbox.RegistryInstalled, InProcessSandbox.NoRegistryMessage);
        var ct = InProcessSandbox.Bounded(60);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var (_, first, response) = await GetAsync(sandbox, "projects/tool-x/repositories/app/artifacts?page=1&page_size=1", ct);
        Assert.Single(first.EnumerateArray());
        Assert.Equal("2", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("page=2", response.Headers.GetValues("Link").Single());
        var (_, second, last) = await GetAsync(sandbox, "projects/tool-x/repositories/app/artifacts?page=2&page_size=1", ct);
        Assert.Single(second.EnumerateArray());
        Assert.False(last.Headers.Contains("Link"));
    }

    [SkippableFact]
    public async Task Replies_have_every_field_of_real_harbor_replies()
    {
        Skip.IfNot(InProcessSandbox.RegistryInstalled, InProcessSandbox.NoRegistryMessage);
        var fixtures = SharedToolforgeFixtures();
        Skip.If(fixtures is null, "Skipped: the shared upstream fixtures (../shared beside the repository) were not found.");
        var ct = InProcessSandbox.Bounded(60);
        await using var sandbox = await InProcessSandbox.StartAsync(Scenario, ct);
        var (_, repositories, _) = await GetAsync(sandbox, "projects/tool-x/repositories?with_tag=true", ct);
        var (_, artifacts, _) = await GetAsync(sandbox, "projects/tool-x/repositories/app/artifacts", ct);

        static HashSet<string> Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var realRepository = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures!, "harbor-fixture-repository-list-some-tool.json"))).RootElement[0];
        Assert.Subset(Keys(repositories[0]), Keys(realRepository));
        var realArtifact = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures!, "harbor-fixture-artifact-list-some-tool.json"))).RootElement[0];
        Assert.Subset(Keys(artifacts[0]), Keys(realArtifact));
        Assert.Subset(Keys(artifacts[0].GetProperty("tags")[0]), Keys(realArtifact.GetProperty("tags")[0]));
    }

    private static string? SharedToolforgeFixtures()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RspAdmin.sln")))
        {
            dir = dir.Parent;
        }

        var path = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "toolforge-2i2c", "toolforge"));
        return path is not null && Directory.Exists(path) ? path : null;
    }
}
