using RspAdmin.Core.Toolforge;

namespace RspAdmin.Core.Tests.Toolforge;

/// <summary>Resolution and listing on the project's own catalog; Harbor caching.</summary>
public sealed class ToolforgeResolverTests
{
    private static readonly ToolforgeImageConfig Sample = ToolforgeImageConfigParser.Load(ToolforgeTestData.Own("images-v1.yaml"));

    [Theory]
    [InlineData("python3.11", "python3.11", "docker-registry.svc.toolforge.org/toolforge-python311-sssd-web:latest")]
    [InlineData("tf-python311", "python3.11", "docker-registry.svc.toolforge.org/toolforge-python311-sssd-web:latest")]
    [InlineData("toolforge-bookworm-sssd", "bookworm", "docker-registry.svc.toolforge.org/toolforge-bookworm-web-sssd:latest")]
    [InlineData("docker-registry.svc.toolforge.org/toolforge-node18-sssd-base:latest", "node18", "docker-registry.svc.toolforge.org/toolforge-node18-sssd-web:latest")]
    public void ResolvesEverySpelling(string input, string shortName, string url)
    {
        var image = new ToolforgeImageResolver(Sample).Resolve(input);
        Assert.True(image.Exists);
        Assert.Equal(shortName, image.ShortName);
        Assert.Equal(url, image.Url);
        Assert.Equal(input, image.Input);
    }

    [Theory]
    [InlineData("docker-registry.tools.wmflabs.org/toolforge-node20-sssd-web:latest")] // another host
    [InlineData("toolforge-node20-sssd-web:v2")] // another tag
    [InlineData("toolforge-node20-sssd-web@sha256:abc")] // a digest: never pre-built
    [InlineData("Node20")] // no case folding
    public void HostTagDigestAndCaseMustAgree(string input)
    {
        var image = new ToolforgeImageResolver(Sample).Resolve(input);
        Assert.False(image.Exists);
        Assert.Equal("unknown", image.State);
    }

    [Fact]
    public void VariantResolution()
    {
        var web = new ToolforgeImageResolver(Sample, ToolforgeNames.WebserviceVariant);
        Assert.Equal("docker-registry.svc.toolforge.org/toolforge-jdk21-sssd-web:latest", web.Resolve("jdk21").Url);
        var jobs = new ToolforgeImageResolver(Sample, ToolforgeNames.JobsVariant);
        Assert.Equal("docker-registry.svc.toolforge.org/toolforge-jdk21-sssd-base:latest", jobs.Resolve("tf-jdk21").Url);
    }

    [Fact]
    public async Task ListingLeavesOutDeprecatedAliasesAndOtherTools()
    {
        var harbor = new FixedHarbor("harbor.example.org");
        harbor.Add([
            new ToolforgeHarborImage("harbor.example.org", "tool-mine", "web", "v2", "sha256:22"),
            new ToolforgeHarborImage("harbor.example.org", "tool-other", "web", "v1", "sha256:11"),
        ]);
        var resolver = new ToolforgeImageResolver(Sample);
        var list = await ToolforgeImageLister.ListAsync(resolver, "mine", false, harbor, null, default);
        Assert.Equal(["bookworm", "jdk21", "node20", "php8.2", "python3.11", "tool-mine/web:v2"], list.Select(i => i.ShortName));
        var all = await ToolforgeImageLister.ListAsync(resolver, null, true, harbor, null, default);
        Assert.Equal(["bookworm", "jdk21", "node18", "node20", "php8.2", "python3.11", "python3.9"], all.Select(i => i.ShortName));
    }

    [Fact]
    public async Task HarborDigestPinnedNamesAndOtherTools()
    {
        var harbor = new FixedHarbor("harbor.example.org");
        harbor.Add([new ToolforgeHarborImage("harbor.example.org", "tool-other", "web", "v1", "sha256:11")]);
        var resolver = new ToolforgeImageResolver(Sample, harbor: harbor);
        var pinned = await resolver.ResolveAsync("tool-other/web:v1@sha256:11");
        Assert.True(pinned.Exists);
        Assert.Equal("tool-other/web:v1@sha256:11", pinned.ShortName);
        Assert.Equal("other", pinned.Tool);
        Assert.Equal("harbor.example.org/tool-other/web:v1@sha256:11", pinned.Url);
        var wrongDigest = await resolver.ResolveAsync("tool-other/web:v1@sha256:99");
        Assert.False(wrongDigest.Exists);
        var otherHost = await resolver.ResolveAsync("elsewhere.org/tool-other/web:v1");
        Assert.False(otherHost.Exists);
    }

    [Fact]
    public async Task HarborListIsReusedForFiveSeconds()
    {
        var inner = new FixedHarbor("harbor.example.org");
        var clock = new ManualClock();
        var cache = new ToolforgeHarborCache(inner, clock);
        await cache.ListAsync("tool-a", null, default);
        await cache.ListAsync("tool-a", null, default);
        Assert.Equal(1, inner.Calls);
        await cache.ListAsync("tool-b", null, default);
        Assert.Equal(2, inner.Calls);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        await cache.ListAsync("tool-a", null, default);
        Assert.Equal(2, inner.Calls);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        await cache.ListAsync("tool-a", null, default);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public void HarborRepliesThatAreNotLists()
    {
        var e = Assert.Throws<RspException>(() => ToolforgeHarborParser.ParseArtifacts("{\"errors\":[]}", "h.org", "tool-a", "r"));
        Assert.Equal("Toolforge.HarborReplyInvalid", e.ErrorId);
        e = Assert.Throws<RspException>(() => ToolforgeHarborParser.ParseRepositories("not json", "tool-a"));
        Assert.Equal("Toolforge.HarborReplyInvalid", e.ErrorId);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}

/// <summary>Taking a name or URL apart in the spec's order (section 1.4).</summary>
public sealed class ToolforgeImageReferenceTests
{
    [Theory]
    [InlineData("a.b/tool-x/y:1@sha256:z", "a.b", "tool-x", "y", "1", "sha256:z")]
    [InlineData("tool-x/y", "", "tool-x", "y", "", "")]
    [InlineData("x/y:z", "", "", "x/y", "z", "")]
    [InlineData("a:b:c", "", "", "a:b", "c", "")]
    [InlineData("h.o:5000/p", "h.o:5000", "", "p", "", "")]
    [InlineData("@d", "", "", "", "", "d")]
    [InlineData("tool-x", "", "", "tool-x", "", "")]
    [InlineData("a.b/c@d@e", "a.b", "", "c", "", "d@e")]
    [InlineData("a.b/tool-x", "a.b", "", "tool-x", "", "")]
    [InlineData("", "", "", "", "", "")]
    public void PartsInTheSpecOrder(string input, string host, string project, string name, string tag, string digest)
    {
        var r = ToolforgeImageReference.Parse(input);
        Assert.Equal((host, project, name, tag, digest), (r.Host, r.Project, r.Name, r.Tag, r.Digest));
        Assert.Equal(project.Length == 0 ? name : project + "/" + name, r.Path);
    }
}
