using System.Globalization;
using System.Text.Json;
using RspAdmin.Core.Images;
using RspAdmin.Core.Tests.Support;

namespace RspAdmin.Core.Tests.Images;

/// <summary>
/// Parses every tag of Nublado's own test data (controller/rspimagetag/*.json, one file per tag)
/// and compares every field with what Nublado produced.
/// </summary>
public class LabImageTagConformanceTests
{
    private const string Missing = "(shared fixtures absent)";

    public static TheoryData<string> FixtureFiles()
    {
        var data = new TheoryData<string>();
        var dir = SharedFixtures.Fixture("nublado", "nublado", "tests", "data", "controller", "rspimagetag");
        if (dir is null || !Directory.Exists(dir))
        {
            data.Add(Missing);
            return data;
        }

        foreach (var file in Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(FixtureFiles))]
    public void MatchesNubladoFieldForField(string fileName)
    {
        if (fileName == Missing)
        {
            SharedFixtures.RequireUpstream();
            Assert.Fail("The upstream data holds no controller/rspimagetag files.");
        }

        var path = SharedFixtures.Fixture("nublado", "nublado", "tests", "data", "controller", "rspimagetag", fileName)!;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var expected = doc.RootElement;

        var parsed = LabImageTagParser.Parse(Path.GetFileNameWithoutExtension(fileName));

        Assert.Equal(expected.GetProperty("tag").GetString(), parsed.Tag);
        Assert.Equal(expected.GetProperty("image_type").GetString(), parsed.GetKind().ToNubladoName());
        Assert.Equal(expected.GetProperty("display_name").GetString(), parsed.DisplayName);
        Assert.Equal(NullableString(expected, "base"), parsed.Base);
        Assert.Equal(NullableInt(expected, "build"), parsed.RspBuild);
        Assert.Equal(NullableInt(expected, "cycle"), parsed.Cycle);
        Assert.Equal(NullableInt(expected, "cycle_build"), parsed.CycleBuild);
        Assert.Equal(NullableString(expected, "extra"), parsed.Extra);
        Assert.Equal(NullableString(expected, "architecture"), parsed.Architecture);
        Assert.Equal(expected.GetProperty("semantic").GetBoolean(), parsed.IsSemantic);

        var date = NullableString(expected, "date");
        Assert.Equal(date, parsed.Date?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));

        var version = expected.GetProperty("version");
        if (version.ValueKind == JsonValueKind.Null)
        {
            Assert.Null(parsed.Version);
        }
        else
        {
            Assert.NotNull(parsed.Version);
            Assert.Equal(version.GetProperty("major").GetInt64(), parsed.Version!.Major);
            Assert.Equal(version.GetProperty("minor").GetInt64(), parsed.Version.Minor);
            Assert.Equal(version.GetProperty("patch").GetInt64(), parsed.Version.Patch);
            Assert.Equal(NullableString(version, "prerelease"), parsed.Version.Prerelease);
        }
    }

    private static string? NullableString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind != JsonValueKind.Null ? p.GetString() : null;

    private static int? NullableInt(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind != JsonValueKind.Null ? p.GetInt32() : null;
}
