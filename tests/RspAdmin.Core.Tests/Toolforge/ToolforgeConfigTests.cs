using RspAdmin.Core.Toolforge;

namespace RspAdmin.Core.Tests.Toolforge;

/// <summary>Reading catalogs of the project's own: every generation, positions, and bad input with stable IDs.</summary>
public sealed class ToolforgeConfigTests
{
    private static RspException Fails(string text) => Assert.ThrowsAny<RspException>(() => ToolforgeImageConfigParser.Parse(text, "test.yaml"));

    [Fact]
    public void ReadsTheSampleCatalogInFileOrderWithPositions()
    {
        var config = ToolforgeImageConfigParser.Load(ToolforgeTestData.Own("images-v1.yaml"));
        Assert.Equal(["bookworm", "jdk21", "node18", "node20", "php8.2", "python3.9", "python3.11"], config.Entries.Select(e => e.Name));
        Assert.Equal(3, config.Generation);
        var jdk = config["jdk21"]!;
        Assert.Equal(19, jdk.Line);
        Assert.Equal(1, jdk.Column);
        Assert.Equal("stable", jdk.State);
        Assert.Equal("jdk", jdk.GetVariant("webservice")!.Resources);
        Assert.Equal("deprecated", config["node18"]!.State);
        Assert.Equal(["jobs-framework", "webservice"], jdk.Variants.Select(v => v.Name));
    }

    [Fact]
    public void ReadsTheVariantGenerationAndTheList()
    {
        var variants = ToolforgeImageConfigParser.Load(ToolforgeTestData.Own("images-2024-variants.yaml"));
        Assert.Equal(2, variants.Generation);
        Assert.Null(variants["ruby2.7"]!.Image);
        Assert.Equal("docker-registry.tools.wmflabs.org/toolforge-ruby27-sssd-base:latest", variants["ruby2.7"]!.PullImage(null));
        Assert.Null(variants["ruby2.7"]!.PullImage("webservice"));

        var list = ToolforgeImageConfigParser.Load(ToolforgeTestData.Own("images-list-2021.yaml"));
        Assert.Equal(1, list.Generation);
        Assert.Equal(["tf-perl532", "tf-tcl86", "tf-ruby25-DEPRECATED"], list.Entries.Select(e => e.Name));
        Assert.Equal("deprecated", list["tf-ruby25-DEPRECATED"]!.State);
        Assert.Equal(8, list["tf-perl532"]!.Line);
        Assert.Equal(7, list["tf-perl532"]!.Column);
    }

    [Fact]
    public void ConfigMapManifestWithoutTheKey()
    {
        var e = Fails("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: image-config\ndata:\n  other.yaml: x\n");
        Assert.Equal("Toolforge.KeyMissing", e.ErrorId);
        Assert.Contains("images-v1.yaml", e.Message);
    }

    [Theory]
    [InlineData("- a\n- b\n")]
    [InlineData("just a string\n")]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void DocumentThatIsNotAMapping(string text)
    {
        // A list of scalars is not the pre-2022 list either: its items are reported as malformed.
        var e = Fails(text);
        Assert.True(e.ErrorId is "Toolforge.ConfigNotMapping" or "Toolforge.ConfigInvalid", e.ErrorId);
        Assert.DoesNotContain("   at ", e.Message);
    }

    [Fact]
    public void YamlErrorsCarryTheirPosition()
    {
        var e = Fails("node20:\n  image: a.b/c\n  aliases: [x, y\n");
        Assert.Equal("Toolforge.ConfigInvalid", e.ErrorId);
        Assert.Matches(@"line \d+, column \d+", e.Message);
        Assert.Equal(ErrorKind.Malformed, e.Kind);
    }

    [Fact]
    public void DuplicateNameIsAnError()
    {
        var e = Fails("node20:\n  state: stable\nnode20:\n  state: deprecated\n");
        Assert.Equal("Toolforge.ConfigInvalid", e.ErrorId);
        Assert.Contains("twice", e.Message);
    }

    [Fact]
    public void EntryThatIsAList()
    {
        var e = Fails("node20:\n  - image: a.b/c\n");
        Assert.Equal("Toolforge.ConfigInvalid", e.ErrorId);
        Assert.Contains("'node20' is a list", e.Message);
        Assert.Contains("line 2", e.Message);
    }

    [Theory]
    [InlineData("node20:\n  aliases: tf-node20\n  state: stable\n", "list of names")]
    [InlineData("node20:\n  image: [a]\n  state: stable\n", "must be a string")]
    [InlineData("node20:\n  variants: [a]\n  state: stable\n", "mapping of consumer names")]
    [InlineData("node20:\n  variants:\n    webservice: x.y/z\n", "must be a mapping with image")]
    public void MalformedFieldsAreErrors(string text, string expected)
    {
        var e = Fails(text);
        Assert.Equal("Toolforge.ConfigInvalid", e.ErrorId);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MissingFileHasAnId()
    {
        var e = Assert.Throws<RspException>(() => ToolforgeImageConfigParser.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "images-v1.yaml")));
        Assert.Equal("Toolforge.FileNotFound", e.ErrorId);
    }
}
