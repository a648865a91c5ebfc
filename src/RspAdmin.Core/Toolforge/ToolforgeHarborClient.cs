using System.Net;
using RspAdmin.Core.Http;

namespace RspAdmin.Core.Toolforge;

/// <summary>
/// Lists a tool's images through Harbor's v2.0 API: the project's repositories
/// (<c>/api/v2.0/projects/&lt;p&gt;/repositories?with_tag=true</c>), then each repository's artifacts.
/// A project Harbor does not know (401, 403 or 404, as Harbor answers for a missing project) gives no
/// images and a warning, as the jobs API does.
/// </summary>
public sealed class ToolforgeHarborClient : IToolforgeHarborSource, IDisposable
{
    /// <summary>Items asked for per page.</summary>
    public const int PageSize = 100;

    /// <summary>Pages read at most per list.</summary>
    public const int MaxPages = 50;

    private readonly Uri _baseUri;
    private readonly ServiceHttpClient _http;

    /// <summary>Creates a client of the Harbor at <paramref name="baseUri"/> (images are pulled from its host and port).</summary>
    public ToolforgeHarborClient(Uri baseUri, HttpServiceOptions? options = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        _baseUri = new Uri(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        Host = baseUri.IsDefaultPort ? baseUri.Host : baseUri.Authority;
        _http = new ServiceHttpClient("Harbor", $"Harbor at {_baseUri.GetLeftPart(UriPartial.Authority)}", options ?? new HttpServiceOptions { RequestTimeout = TimeSpan.FromSeconds(5), MaxRetries = 2 }, handler);
    }

    /// <inheritdoc />
    public string Host { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ToolforgeHarborImage>> ListAsync(string project, Action<string>? warn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        var escapedProject = Uri.EscapeDataString(project);
        var repositories = new List<string>();
        var found = await PagesAsync($"api/v2.0/projects/{escapedProject}/repositories?with_tag=true", $"the repositories of {project}", json => ToolforgeHarborParser.ParseRepositories(json, project), repositories, warn, cancellationToken).ConfigureAwait(false);
        if (!found)
        {
            return [];
        }

        var images = new List<ToolforgeHarborImage>();
        foreach (var repository in repositories)
        {
            // Harbor wants a nested repository name escaped twice (a/b becomes a%252Fb).
            var escapedRepository = Uri.EscapeDataString(Uri.EscapeDataString(repository));
            await PagesAsync($"api/v2.0/projects/{escapedProject}/repositories/{escapedRepository}/artifacts?with_tag=true", $"the artifacts of {project}/{repository}",
                json => ToolforgeHarborParser.ParseArtifacts(json, Host, project, repository), images, warn, cancellationToken).ConfigureAwait(false);
        }

        return images;
    }

    private async Task<bool> PagesAsync<T>(string relative, string what, Func<string, IReadOnlyList<T>> parse, List<T> into, Action<string>? warn, CancellationToken cancellationToken)
    {
        for (var page = 1; page <= MaxPages; page++)
        {
            var uri = new Uri(_baseUri, $"{relative}&page={page}&page_size={PageSize}");
            using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                warn?.Invoke($"Harbor answered {(int)response.StatusCode} when asked for {what}; they count as none.");
                return false;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw _http.StatusError(response);
            }

            var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var items = parse(json);
            into.AddRange(items);
            if (!HasNextPage(response))
            {
                break;
            }
        }

        return true;
    }

    private static bool HasNextPage(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links) && links.Any(l => l.Contains("rel=\"next\"", StringComparison.Ordinal));

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
