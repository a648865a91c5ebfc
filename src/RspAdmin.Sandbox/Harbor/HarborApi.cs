using System.Net;
using System.Text.Json;

namespace RspAdmin.Sandbox.Harbor;

/// <summary>
/// Plays Harbor's v2.0 API over the sandbox registry, under <c>/harbor</c> of the API server: a project is
/// a repository prefix (<c>tool-&lt;tool&gt;/...</c>), its repositories are the registry's repositories with
/// that prefix, and a repository's artifacts are its manifests, one per digest, with the tags that name
/// it. Replies have the shape of real Harbor answers (the fields the jobs API reads, and their neighbours).
/// </summary>
public static class HarborApi
{
    /// <summary>Where the API is mounted on the sandbox's address.</summary>
    public const string PathPrefix = "/harbor";

    private const int DefaultPageSize = 10;
    private const int MaxPageSize = 100;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Adds the Harbor routes to <paramref name="app"/>, reading from the registry at <paramref name="registryAddress"/>.</summary>
    public static void Map(WebApplication app, HttpClient http, string registryAddress)
    {
        var registry = new HarborRegistryReader(http, registryAddress);
        app.MapGet(PathPrefix + "/api/v2.0/projects/{project}/repositories", async (HttpContext context, string project) =>
        {
            var repositories = await registry.RepositoriesAsync(project, context.RequestAborted).ConfigureAwait(false);
            if (repositories.Count == 0)
            {
                return NotFound($"project {project} not found");
            }

            var items = new List<object>();
            foreach (var name in repositories)
            {
                var artifacts = await registry.ArtifactsAsync(name, context.RequestAborted).ConfigureAwait(false);
                var pushed = artifacts.Count == 0 ? HarborRegistryReader.Epoch : artifacts.Min(a => a.Pushed);
                items.Add(new
                {
                    artifact_count = artifacts.Count,
                    creation_time = pushed,
                    id = HarborRegistryReader.Id(name),
                    name,
                    project_id = HarborRegistryReader.Id(project),
                    pull_count = 0,
                    update_time = artifacts.Count == 0 ? pushed : artifacts.Max(a => a.Pushed),
                });
            }

            return Page(context, items);
        });
        app.MapGet(PathPrefix + "/api/v2.0/projects/{project}/repositories/{repository}/artifacts", async (HttpContext context, string project, string repository) =>
        {
            // Harbor takes a nested repository name escaped twice (a%252Fb); routing unescaped it once.
            var name = project + "/" + Uri.UnescapeDataString(repository);
            var artifacts = await registry.ArtifactsAsync(name, context.RequestAborted).ConfigureAwait(false);
            if (artifacts.Count == 0 && !(await registry.RepositoriesAsync(project, context.RequestAborted).ConfigureAwait(false)).Contains(name))
            {
                return NotFound($"repository {name} not found");
            }

            var repositoryId = HarborRegistryReader.Id(name);
            var projectId = HarborRegistryReader.Id(project);
            var items = artifacts.Select(a =>
            {
                var artifactId = HarborRegistryReader.Id(name + "@" + a.Digest);
                return (object)new
                {
                    accessories = (object?)null,
                    addition_links = new
                    {
                        build_history = new { absolute = false, href = $"/api/v2.0/projects/{project}/repositories/{repository}/artifacts/{a.Digest}/additions/build_history" },
                    },
                    digest = a.Digest,
                    extra_attrs = new { architecture = "amd64", author = string.Empty, created = a.Pushed, os = "linux" },
                    icon = "sha256:0048162a053eef4d4ce3fe7518615bef084403614f8bca43b40ae2e762e11e06",
                    id = artifactId,
                    labels = (object?)null,
                    manifest_media_type = a.MediaType,
                    media_type = "application/vnd.oci.image.config.v1+json",
                    project_id = projectId,
                    pull_time = HarborRegistryReader.Epoch,
                    push_time = a.Pushed,
                    references = (object?)null,
                    repository_id = repositoryId,
                    size = a.Size,
                    tags = a.Tags.Select(t => new
                    {
                        artifact_id = artifactId,
                        id = HarborRegistryReader.Id(name + ":" + t),
                        immutable = false,
                        name = t,
                        pull_time = HarborRegistryReader.Epoch,
                        push_time = a.Pushed,
                        repository_id = repositoryId,
                        signed = false,
                    }).ToArray(),
                    type = "IMAGE",
                };
            }).ToList();
            return Page(context, items);
        });
    }

    private static IResult Page(HttpContext context, List<object> items)
    {
        var query = context.Request.Query;
        var page = int.TryParse(query["page"], out var p) && p > 0 ? p : 1;
        var size = int.TryParse(query["page_size"], out var s) && s > 0 ? Math.Min(s, MaxPageSize) : DefaultPageSize;
        var slice = items.Skip((page - 1) * size).Take(size).ToArray();
        context.Response.Headers["X-Total-Count"] = items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (page * size < items.Count)
        {
            var next = QueryString.Create(query.Where(q => q.Key is not ("page" or "page_size")).Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
                .Append(new("page", (page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(new("page_size", size.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            context.Response.Headers["Link"] = $"<{context.Request.Path}{next}>; rel=\"next\"";
        }

        return Results.Text(JsonSerializer.Serialize(slice, Json), "application/json");
    }

    private static IResult NotFound(string message) =>
        Results.Text(JsonSerializer.Serialize(new { errors = new[] { new { code = "NOT_FOUND", message } } }), "application/json", statusCode: (int)HttpStatusCode.NotFound);
}
