using RspAdmin.Core.Tests.Support;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Core.Tests.Toolforge;

/// <summary>The project's own catalogs and the shared upstream fixtures of the Toolforge tests.</summary>
internal static class ToolforgeTestData
{
    public const string HarborHost = "harbor.example.org";

    /// <summary>A catalog file of the project (<c>tests/data/toolforge</c>).</summary>
    public static string Own(string name) => Path.Combine(SharedFixtures.RepositoryRoot, "tests", "data", "toolforge", name);

    /// <summary>A shared Toolforge fixture, or null when the shared folder is absent.</summary>
    public static string? Shared(string name) => SharedFixtures.Fixture("toolforge-2i2c", "toolforge", name);

    public static bool HaveShared => SharedFixtures.Root is not null;

    /// <summary>The shared catalog fixtures (every schema generation).</summary>
    public static readonly string[] SharedCatalogs =
    [
        "image-config-images-v1-fixture-jobs-api-2026-07.yaml",
        "image-config-images-v1-fixture-jobs-api-2022-11.yaml",
        "image-config-images-v1-fixture-jobs-api-unmerged-webservice-defaults-branch.yaml",
        "image-config-images-v1-fixture-webservice-2023-05.yaml",
        "jobs-api-images-configmap-pre-2022-11.yaml",
    ];

    public static ToolforgeImageConfig LoadShared(string name)
    {
        SharedFixtures.RequireUpstream();
        return ToolforgeImageConfigParser.Load(Shared(name)!);
    }

    /// <summary>A Harbor that answers from the shared fixtures (projects tool-some-tool and tool-other).</summary>
    public static FixedHarbor SharedHarbor()
    {
        SharedFixtures.RequireUpstream();
        var harbor = new FixedHarbor(HarborHost);
        foreach (var (project, suffix) in new[] { ("tool-some-tool", "some-tool"), ("tool-other", "other") })
        {
            var repositories = ToolforgeHarborParser.ParseRepositories(File.ReadAllText(Shared($"harbor-fixture-repository-list-{suffix}.json")!), project);
            foreach (var repository in repositories)
            {
                harbor.Add(ToolforgeHarborParser.ParseArtifacts(File.ReadAllText(Shared($"harbor-fixture-artifact-list-{suffix}.json")!), HarborHost, project, repository));
            }
        }

        return harbor;
    }
}

/// <summary>A Harbor source with a fixed list of images, counting the lists asked for.</summary>
internal sealed class FixedHarbor(string host) : IToolforgeHarborSource
{
    private readonly List<ToolforgeHarborImage> _images = [];

    public string Host { get; } = host;

    public int Calls { get; private set; }

    public void Add(IEnumerable<ToolforgeHarborImage> images) => _images.AddRange(images);

    public Task<IReadOnlyList<ToolforgeHarborImage>> ListAsync(string project, Action<string>? warn, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult<IReadOnlyList<ToolforgeHarborImage>>(_images.Where(i => i.Project == project).ToArray());
    }
}
