using RspAdmin.Core.Tests.Support;

namespace RspAdmin.Core.Tests.Profiles;

/// <summary>The real 2i2c hub values in the shared fixtures.</summary>
internal static class FixtureHubs
{
    public static string Folder => SharedFixtures.Fixture("toolforge-2i2c", "2i2c-infrastructure")!;

    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>Every fixture file with a profileList under jupyterhub.singleuser.</summary>
    public static IEnumerable<string> ProfileFiles() =>
        Directory.GetFiles(Folder, "*.yaml").Where(f => System.IO.File.ReadAllText(f).Contains("profileList:", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
}
