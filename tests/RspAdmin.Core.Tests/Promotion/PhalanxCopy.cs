using RspAdmin.Core.Tests.Yaml;

namespace RspAdmin.Core.Tests.Promotion;

/// <summary>A temporary copy of one snapshot of the real Phalanx fixtures (or of a tree a test writes), removed on dispose.</summary>
internal sealed class PhalanxCopy : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public string Root => _directory.Path;

    /// <summary>Copies the snapshot holding <paramref name="relative"/> (its first path component) and returns the copy.</summary>
    public static PhalanxCopy OfSnapshot(string relative)
    {
        var snapshot = relative.Split('/')[0];
        var copy = new PhalanxCopy();
        var source = Path.Combine(PhalanxValuesFiles.Root!, snapshot);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.Root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    /// <summary>The full path of a file of the copy, given its path inside the snapshot.</summary>
    public string PathOf(string insideSnapshot) => Path.Combine(Root, insideSnapshot);

    /// <summary>Writes a file of the tree.</summary>
    public string Write(string insideSnapshot, string text)
    {
        var path = PathOf(insideSnapshot);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The path of <paramref name="relative"/> (a fixture path with its snapshot) inside the snapshot.</summary>
    public static string InsideSnapshot(string relative) => relative[(relative.IndexOf('/') + 1)..];

    /// <summary>The environment a values-ENV.yaml path names.</summary>
    public static string EnvironmentOf(string relative) => Path.GetFileNameWithoutExtension(relative)["values-".Length..];

    public void Dispose() => _directory.Dispose();
}
