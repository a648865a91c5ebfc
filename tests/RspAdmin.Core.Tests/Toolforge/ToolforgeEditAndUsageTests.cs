using RspAdmin.Core.Toolforge;

namespace RspAdmin.Core.Tests.Toolforge;

/// <summary>Catalog edits (surgical, previewed as a diff) and the usage report's counting and order.</summary>
public sealed class ToolforgeEditAndUsageTests
{
    private const string Catalog = """
        # managed by hand
        node20:
          image: a.example.org/node20  # web image
          state: stable
          aliases: [tf-node20]
        """;

    [Fact]
    public void EntryEditKeepsCommentsAndFlowStyle()
    {
        var edit = ToolforgeConfigEdit.Parse(Catalog, "catalog.yaml").SetEntry("node20", null, "deprecated", ["tf-node20-DEPRECATED"], null);
        Assert.True(edit.HasChanges);
        Assert.Contains("# managed by hand", edit.Text);
        Assert.Contains("image: a.example.org/node20  # web image", edit.Text);
        Assert.Contains("aliases: [tf-node20, tf-node20-DEPRECATED]", edit.Text);
        Assert.Contains("state: deprecated", edit.Text);
        Assert.Contains("-  state: stable", edit.Diff);
        Assert.Contains("+  state: deprecated", edit.Diff);
        Assert.StartsWith("--- a/images-v1.yaml", edit.Diff);
    }

    [Fact]
    public void NewEntryIsAppendedAndResolves()
    {
        var edit = ToolforgeConfigEdit.Parse(Catalog, "catalog.yaml").SetEntry("node22", "a.example.org/node22", "stable", ["tf-node22"], null);
        var resolver = new ToolforgeImageResolver(ToolforgeImageConfigParser.Parse(edit.Text, "edited"));
        Assert.Equal("node22", resolver.Resolve("tf-node22").ShortName);
        Assert.Equal("node20", resolver.Resolve("tf-node20").ShortName);
    }

    [Fact]
    public void AStartFromNothingBuildsACatalog()
    {
        var edit = ToolforgeConfigEdit.Parse(string.Empty, "new").SetEntry("node22", "a.example.org/node22", "stable", null, null);
        var config = ToolforgeImageConfigParser.Parse(edit.Text, "new");
        Assert.Equal("a.example.org/node22", Assert.Single(config.Entries).Image);
    }

    [Fact]
    public void RemovingAnAliasAndUnchangedEdits()
    {
        var edit = ToolforgeConfigEdit.Parse(Catalog, "catalog.yaml").SetEntry("node20", "a.example.org/node20", "stable", null, ["tf-node20"]);
        Assert.Equal("aliases: []", edit.Text.Split('\n').Single(l => l.Contains("aliases")).Trim());
        Assert.False(ToolforgeConfigEdit.Parse(Catalog, "catalog.yaml").SetEntry("node20", "a.example.org/node20", "stable", ["tf-node20"], null).HasChanges);
    }

    [Fact]
    public void ManifestsAreNotEditedEntryByEntry()
    {
        var e = Assert.ThrowsAny<RspException>(() => ToolforgeConfigEdit.Parse(File.ReadAllText(ToolforgeTestData.Own("images-list-2021.yaml")), "list"));
        Assert.Equal("Toolforge.EditUnsupported", e.ErrorId);
    }

    [Fact]
    public async Task UsageCountsPerEntryStateAndKindDeprecatedFirst()
    {
        var resolver = new ToolforgeImageResolver(ToolforgeImageConfigParser.Load(ToolforgeTestData.Own("images-v1.yaml")));
        ToolforgeWorkloadImage W(string ns, string kind, string image) => new(ns, kind, "w", "c", image);
        var usages = await ToolforgeUsageScanner.MapAsync(resolver, [
            W("tool-b", "Pod", "docker-registry.svc.toolforge.org/toolforge-node20-sssd-web:latest"),
            W("tool-a", "Deployment", "docker-registry.svc.toolforge.org/toolforge-node18-sssd-web:latest"),
            W("tool-c", "Pod", "docker-registry.svc.toolforge.org/toolforge-node18-sssd-base:latest"),
            W("tool-a", "CronJob", "docker-registry.svc.toolforge.org/toolforge-node18-sssd-web:latest"),
            W("tool-a", "Job", "example.org/private/thing:1"),
        ], null, default);
        var summary = ToolforgeUsageScanner.Summarize(usages);
        Assert.Equal(["node18", "private/thing:1", "node20"], summary.Select(s => s.ShortName));
        var node18 = summary[0];
        Assert.Equal((1, 0, 1, 1, 3), (node18.Pods, node18.Jobs, node18.CronJobs, node18.Deployments, node18.Count));
        Assert.Equal("a, c", node18.Tools.ToString());
        Assert.False(summary[1].Exists);
        Assert.Equal("a", usages[3].Tool);
    }
}
