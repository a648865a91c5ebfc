using RspAdmin.Core.Tests.Support;
using RspAdmin.Core.Toolforge;

namespace RspAdmin.Core.Tests.Toolforge;

/// <summary>
/// The Toolforge vectors 1-17 of the upstream spec (section 4), run against the real upstream
/// fixtures; they skip when the shared folder is absent. Vector 13 uses the project's own catalog
/// (production data is not available).
/// </summary>
public sealed class ToolforgeVectorTests
{
    private const string Head = "image-config-images-v1-fixture-jobs-api-2026-07.yaml";
    private const string Old = "image-config-images-v1-fixture-jobs-api-2022-11.yaml";
    private const string Webservice = "image-config-images-v1-fixture-webservice-2023-05.yaml";

    private static ToolforgeImageResolver HeadResolver(IToolforgeHarborSource? harbor = null) => new(ToolforgeTestData.LoadShared(Head), harbor: harbor);

    private static void AssertRoundTrip(ToolforgeImageResolver resolver, ToolforgeImage image)
    {
        var again = resolver.Resolve(image.Url);
        Assert.Equal(image.ShortName, again.ShortName);
        Assert.Equal(image.Url, again.Url);
        Assert.Equal(image.State, again.State);
        Assert.Same(image.Entry, again.Entry);
    }

    [SkippableFact]
    public void V01_DeprecatedNameResolvesWithItsState()
    {
        var resolver = HeadResolver();
        var image = resolver.Resolve("node12");
        Assert.Equal("node12", image.ShortName);
        Assert.Equal("docker-registry.tools.wmflabs.org", image.Host);
        Assert.Equal("toolforge-node12-sssd-web", image.Path);
        Assert.Equal("latest", image.Tag);
        Assert.Equal("deprecated", image.State);
        Assert.True(image.Exists);
        AssertRoundTrip(resolver, image);
    }

    [SkippableFact]
    public void V02_AliasResolvesToCanonicalName()
    {
        var resolver = HeadResolver();
        var image = resolver.Resolve("tf-node16");
        Assert.Equal("node16", image.ShortName);
        Assert.Equal("stable", image.State);
        AssertRoundTrip(resolver, image);
    }

    [SkippableFact]
    public void V03_BaseVariantNameGivesTheWebImage()
    {
        var resolver = HeadResolver();
        var image = resolver.Resolve("toolforge-node16-sssd-base");
        Assert.Equal("node16", image.ShortName);
        Assert.Equal("docker-registry.tools.wmflabs.org/toolforge-node16-sssd-web:latest", image.Url);
        AssertRoundTrip(resolver, image);
    }

    [SkippableFact]
    public void V04_VariantNameWithTag()
    {
        var resolver = HeadResolver();
        var image = resolver.Resolve("toolforge-node16-sssd-web:latest");
        Assert.Equal("node16", image.ShortName);
        AssertRoundTrip(resolver, image);
    }

    [SkippableFact]
    public void V05_FullUrlMapsBack()
    {
        var resolver = HeadResolver();
        var image = resolver.Resolve("docker-registry.tools.wmflabs.org/toolforge-node16-sssd-web:latest");
        Assert.Equal("node16", image.ShortName);
        AssertRoundTrip(resolver, image);
    }

    [SkippableFact]
    public void V06_NewerRegistryHostAndAliases()
    {
        var image = HeadResolver().Resolve("php8.4");
        Assert.Equal("docker-registry.svc.toolforge.org", image.Host);
        Assert.Equal("toolforge-php84-sssd-web", image.Path);
        Assert.Equal(["toolforge-php84", "toolforge-php84-sssd-base", "toolforge-php84-sssd-web"], image.Aliases);
    }

    [SkippableFact]
    public void V07_UnknownName()
    {
        var image = HeadResolver().Resolve("python1.5");
        Assert.Equal("python1.5", image.ShortName);
        Assert.Equal(string.Empty, image.Host);
        Assert.Equal(string.Empty, image.Tag);
        Assert.Equal("unknown", image.State);
        Assert.False(image.Exists);
        Assert.Empty(image.Aliases);
        Assert.Equal("standard", image.Type);
    }

    [SkippableTheory]
    [InlineData("toolforge-node16-sssd-web-xx:latest")]
    [InlineData("xx-toolforge-node16-sssd-web:latest")]
    public void V08_NoFuzzyMatching(string input)
    {
        var image = HeadResolver().Resolve(input);
        Assert.False(image.Exists);
        Assert.Equal("unknown", image.State);
        Assert.Equal(input, image.ShortName);
    }

    [SkippableFact]
    public void V09_UnknownUrlKeepsItsDigest()
    {
        var image = HeadResolver().Resolve("docker-registry.idontexist/randomimage:randomtag@sha:1234567890123345678901234");
        Assert.False(image.Exists);
        Assert.Equal("unknown", image.State);
        Assert.Equal("randomimage:randomtag@sha:1234567890123345678901234", image.ShortName);
        Assert.Equal("sha:1234567890123345678901234", image.Digest);
    }

    [SkippableFact]
    public async Task V10_HarborImageOfTheTool()
    {
        var resolver = HeadResolver(ToolforgeTestData.SharedHarbor());
        var image = await resolver.ResolveAsync("tool-some-tool/some-container:latest");
        Assert.Equal("buildservice", image.Type);
        Assert.Equal("harbor.example.org", image.Host);
        Assert.Equal("tool-some-tool/some-container", image.Path);
        Assert.Equal("stable", image.State);
        Assert.True(image.Exists);
        Assert.Equal("tool-some-tool/some-container:latest", image.ShortName);
        Assert.Equal(["tool-some-tool/some-container:latest@sha256:5b8c5641d2dbd7d849cacb39853141c00b29ed9f40af9ee946b6a6a715e637c3"], image.Aliases);
    }

    [SkippableFact]
    public async Task V11_MissingHarborImageIsUnknownButStable()
    {
        const string input = "harbor.example.org/tool-some-tool/some-container-that-does-not-exist:stable@sha256:459de5f5ced49e4c8a104713a8a90a6b409a04f8894e1bc78340e4a8d76aed81";
        var image = await HeadResolver(ToolforgeTestData.SharedHarbor()).ResolveAsync(input);
        Assert.Equal("buildservice", image.Type);
        Assert.False(image.Exists);
        Assert.Equal("stable", image.State);
        Assert.Equal([input["harbor.example.org/".Length..]], image.Aliases);
    }

    [SkippableFact]
    public async Task V12_ListForATool()
    {
        var resolver = new ToolforgeImageResolver(ToolforgeTestData.LoadShared(Old));
        var list = await ToolforgeImageLister.ListAsync(resolver, "some-tool", includeDeprecated: false, ToolforgeTestData.SharedHarbor(), null, default);
        var names = list.Select(i => i.ShortName).ToArray();
        Assert.Equal(["node16", "php7.4", "tool-some-tool/some-container:latest", "tool-some-tool/some-container:stable"], names);
        Assert.DoesNotContain("php7.3", names);
        Assert.DoesNotContain("tf-php74", names);
        Assert.DoesNotContain("tool-other/tagged:example", names);
    }

    [Fact]
    public void V13_VariantNamesAreAliasesInBothDirections()
    {
        // After 2026-01 the base-variant name gives the web image ...
        var head = new ToolforgeImageResolver(ToolforgeImageConfigParser.Load(ToolforgeTestData.Own("images-v1.yaml")));
        Assert.Equal("docker-registry.svc.toolforge.org/toolforge-python39-sssd-web:latest", head.Resolve("toolforge-python39-sssd-base").Url);
        Assert.True(head.Resolve("tf-python39").Exists);

        // ... and before it, the web-variant name gave the base image.
        var before = new ToolforgeImageResolver(ToolforgeImageConfigParser.Load(ToolforgeTestData.Own("images-2024-variants.yaml")), ToolforgeNames.JobsVariant);
        Assert.Equal("docker-registry.tools.wmflabs.org/toolforge-python39-sssd-base:latest", before.Resolve("toolforge-python39-sssd-web").Url);
    }

    [SkippableFact]
    public void V14_VariantEraJobsImages()
    {
        var resolver = new ToolforgeImageResolver(ToolforgeTestData.LoadShared(Old), ToolforgeNames.JobsVariant);
        Assert.Equal("docker-registry.tools.wmflabs.org/toolforge-node12-sssd-base:latest", resolver.Resolve("node12").Url);
        Assert.Equal("docker-registry.tools.wmflabs.org/toolforge-node12-sssd-base:latest", resolver.Resolve("tf-node12").Url);
        var php = resolver.Resolve("php7.3");
        Assert.Equal("docker-registry.tools.wmflabs.org/toolforge-php73-sssd-base:latest", php.Url);
        var back = resolver.Resolve(php.Url);
        Assert.True(back.ShortName == "php7.3" || back.Aliases.Contains("php7.3"));
    }

    [SkippableFact]
    public void V15_PreListShortNames()
    {
        var config = ToolforgeTestData.LoadShared("jobs-api-images-configmap-pre-2022-11.yaml");
        Assert.Equal(1, config.Generation);
        var resolver = new ToolforgeImageResolver(config);
        Assert.Equal("tf-golang", resolver.Resolve("docker-registry.tools.wmflabs.org/toolforge-golang-sssd-base:latest").ShortName);
        Assert.True(resolver.Resolve("tf-golang111").Exists);
    }

    [SkippableFact]
    public void V16_DeprecatedDisplay()
    {
        Assert.Equal("node12 (deprecated)", HeadResolver().Resolve("node12").DisplayName);
        Assert.Equal("node16", HeadResolver().Resolve("node16").DisplayName);
    }

    [SkippableFact]
    public async Task V17_WebserviceEra()
    {
        var config = ToolforgeTestData.LoadShared(Webservice);
        var resolver = new ToolforgeImageResolver(config, ToolforgeNames.WebserviceVariant);
        var jdk = resolver.Resolve("jdk17");
        Assert.Equal("docker-registry.tools.wmflabs.org/toolforge-jdk17-sssd-web:latest", jdk.Url);
        var variant = jdk.Entry!.GetVariant("webservice")!;
        Assert.Equal("generic", variant.WebserviceType);
        Assert.Equal("jdk", variant.Resources);
        var listed = (await ToolforgeImageLister.ListAsync(resolver, null, false, null, null, default)).Select(i => i.ShortName).ToArray();
        Assert.Equal(["jdk17", "node16", "php7.4"], listed);
        Assert.Equal("deprecated", resolver.Resolve("php7.3").State);
    }

    [SkippableFact]
    public void RoundTripOverEveryFixtureEntry()
    {
        foreach (var file in ToolforgeTestData.SharedCatalogs)
        {
            var config = ToolforgeTestData.LoadShared(file);
            Assert.NotEmpty(config.Entries);
            foreach (var variant in new string?[] { null, ToolforgeNames.JobsVariant, ToolforgeNames.WebserviceVariant })
            {
                var resolver = new ToolforgeImageResolver(config, variant);
                foreach (var entry in resolver.UsableEntries)
                {
                    var byName = resolver.Resolve(entry.Name);
                    Assert.True(byName.Exists, $"{file} {variant}: {entry.Name}");
                    var byUrl = resolver.Resolve(byName.Url);
                    Assert.Same(byName.Entry, byUrl.Entry);
                    Assert.Equal(byName.ShortName, byUrl.ShortName);
                }
            }
        }
    }

    [SkippableFact]
    public void HarborFixturesParse()
    {
        SharedFixtures.RequireUpstream();
        var some = ToolforgeHarborParser.ParseArtifacts(File.ReadAllText(ToolforgeTestData.Shared("harbor-fixture-artifact-list-some-tool.json")!), ToolforgeTestData.HarborHost, "tool-some-tool", "some-container");
        Assert.Equal(["latest", "stable"], some.Select(i => i.Tag));
        Assert.Equal("sha256:459de5f5ced49e4c8a104713a8a90a6b409a04f8894e1bc78340e4a8d76aed81", some[1].Digest);
        Assert.Equal(["some-container"], ToolforgeHarborParser.ParseRepositories(File.ReadAllText(ToolforgeTestData.Shared("harbor-fixture-repository-list-some-tool.json")!), "tool-some-tool"));
        Assert.Equal(["tagged"], ToolforgeHarborParser.ParseRepositories(File.ReadAllText(ToolforgeTestData.Shared("harbor-fixture-repository-list-other.json")!), "tool-other"));
    }

    [SkippableFact]
    public void EveryFixtureReadsWithItsGeneration()
    {
        Assert.Equal(3, ToolforgeTestData.LoadShared(Head).Generation);
        Assert.Equal(2, ToolforgeTestData.LoadShared(Old).Generation);
        Assert.Equal(2, ToolforgeTestData.LoadShared(Webservice).Generation);
        var pre = ToolforgeTestData.LoadShared("jobs-api-images-configmap-pre-2022-11.yaml");
        Assert.Equal(27, pre.Entries.Count);
        Assert.Equal("images.yaml", pre.DataKey);
        Assert.Equal("deprecated", pre["tf-node10-DEPRECATED"]!.State);
        // Positions of an embedded list point into the manifest file: the first item is on line 9, its key in column 7.
        Assert.Equal(9, pre.Entries[0].Line);
        Assert.Equal(7, pre.Entries[0].Column);
    }
}
