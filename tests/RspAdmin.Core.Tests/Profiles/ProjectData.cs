using RspAdmin.Core.Tests.Support;

namespace RspAdmin.Core.Tests.Profiles;

/// <summary>The project's own hub values (tests/data/hubs), copied to a fresh directory per test.</summary>
internal sealed class ProjectData : IDisposable
{
    public ProjectData()
    {
        Directory = Path.Combine(Path.GetTempPath(), "rspadmin-hubs-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(SharedFixtures.RepositoryRoot, "tests", "data", "hubs")))
        {
            File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        }
    }

    public string Directory { get; }

    public string HubValues => Path.Combine(Directory, "example-hub.values.yaml");

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
