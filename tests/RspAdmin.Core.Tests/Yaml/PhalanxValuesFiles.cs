using RspAdmin.Core.Tests.Support;

namespace RspAdmin.Core.Tests.Yaml;

/// <summary>The real Phalanx values files under shared/fixtures/nublado/phalanx, as theory data.</summary>
internal static class PhalanxValuesFiles
{
    /// <summary>The theory row standing for "the fixtures are absent", which the tests skip.</summary>
    public const string Missing = "(shared fixtures absent)";

    public static string? Root => SharedFixtures.Fixture("nublado", "phalanx");

    /// <summary>Paths relative to <see cref="Root"/> of every YAML file whose relative path matches <paramref name="filter"/>.</summary>
    public static TheoryData<string> Select(Func<string, bool> filter)
    {
        var data = new TheoryData<string>();
        var root = Root;
        if (root is null || !Directory.Exists(root))
        {
            data.Add(Missing);
            return data;
        }

        var any = false;
        foreach (var file in Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (filter(relative))
            {
                data.Add(relative);
                any = true;
            }
        }

        if (!any)
        {
            data.Add(Missing);
        }

        return data;
    }

    /// <summary>Skips the calling test when the row is the absent-fixtures row; else the absolute path.</summary>
    public static string Resolve(string relative)
    {
        Skip.If(relative == Missing || Root is null || !Directory.Exists(Root), SharedFixtures.SkipMessage);
        return Path.Combine(Root!, relative);
    }

    /// <summary>Environment values (<c>values-&lt;env&gt;.yaml</c>) of one application.</summary>
    public static bool IsEnvironmentValues(string relative, string application) =>
        relative.Contains($"/applications/{application}/values-", StringComparison.Ordinal);
}
