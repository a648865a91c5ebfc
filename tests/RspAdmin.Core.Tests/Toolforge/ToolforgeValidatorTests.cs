using RspAdmin.Core.Toolforge;

namespace RspAdmin.Core.Tests.Toolforge;

/// <summary>Validation findings, with the file position of each.</summary>
public sealed class ToolforgeValidatorTests
{
    private static IReadOnlyList<ToolforgeConfigFinding> Validate(string text) => ToolforgeImageConfigValidator.Validate(text, "catalog.yaml");

    [Fact]
    public void TheSampleCatalogIsClean()
    {
        var path = ToolforgeTestData.Own("images-v1.yaml");
        Assert.Empty(ToolforgeImageConfigValidator.Validate(File.ReadAllText(path), path));
    }

    [Fact]
    public void AliasClaimedByTwoEntriesNamesBothAndTheWinner()
    {
        const string text = """
            node18:
              image: a.example.org/toolforge-node18-sssd-web
              state: deprecated
              aliases: [tf-node]
              variants: {webservice: {image: a.example.org/toolforge-node18-sssd-web, extra: {wstype: js}}}
            node20:
              image: a.example.org/toolforge-node20-sssd-web
              state: stable
              aliases: [tf-node]
              variants: {webservice: {image: a.example.org/toolforge-node20-sssd-web, extra: {wstype: js}}}
            """;
        var finding = Assert.Single(Validate(text));
        Assert.Equal("Toolforge.NameConflict", finding.Code);
        Assert.Equal("node20", finding.Entry);
        Assert.Equal("node18", finding.OtherEntry);
        Assert.Equal("node18", finding.Winner);
        Assert.Equal("tf-node", finding.Key);
        Assert.Equal(6, finding.Line);
        Assert.Equal(1, finding.Column);
        Assert.True(finding.IsError);
    }

    [Fact]
    public void AliasEqualToAnotherEntrysName()
    {
        const string text = """
            node20:
              image: a.example.org/n20
              state: stable
              variants: {jobs-framework: {image: a.example.org/n20}}
            node22:
              image: a.example.org/n22
              state: stable
              aliases: [node20]
              variants: {jobs-framework: {image: a.example.org/n22}}
            """;
        var finding = Assert.Single(Validate(text));
        Assert.Equal("Toolforge.AliasShadowsName", finding.Code);
        Assert.Equal("node20", finding.Winner);
    }

    [Fact]
    public void StatesImagesAndVariants()
    {
        const string text = """
            nostate:
              image: a.example.org/x
              variants: {jobs-framework: {image: a.example.org/x}}
            odd:
              image: a.example.org/y
              state: beta
              variants: {jobs-framework: {image: a.example.org/y}}
            noimage:
              state: stable
              variants: {jobs-framework: {image: a.example.org/z}}
            web:
              image: a.example.org/w
              state: stable
              variants:
                webservice: {image: a.example.org/w}
            badtype:
              image: a.example.org/v
              state: stable
              variants:
                webservice: {image: a.example.org/v:1.0, extra: {wstype: nginx}}
            badref:
              image: NotAnImage
              state: stable
              variants: {jobs-framework: {image: a.example.org/u}}
            """;
        var findings = Validate(text);
        string[] codes = [.. findings.Select(f => $"{f.Entry}:{f.Code}:{f.Severity}")];
        Assert.Contains("nostate:Toolforge.StateMissing:Error", codes);
        Assert.Contains("odd:Toolforge.StateUnknown:Warning", codes);
        Assert.Contains("noimage:Toolforge.ImageMissing:Warning", codes);
        Assert.Contains("web:Toolforge.WebserviceTypeMissing:Warning", codes);
        Assert.Contains("badtype:Toolforge.WebserviceTypeUnknown:Error", codes);
        Assert.Contains("badtype:Toolforge.VariantTagged:Warning", codes);
        Assert.Contains("badref:Toolforge.ImageInvalid:Error", codes);
        var webservice = findings.Single(f => f.Code == "Toolforge.WebserviceTypeMissing");
        Assert.Equal(15, webservice.Line);
        Assert.Equal(5, webservice.Column);
        Assert.Equal(findings.OrderBy(f => f.Line).ThenBy(f => f.Column).Select(f => f.Line), findings.Select(f => f.Line));
    }

    [Fact]
    public void MalformedEntriesAreFindingsNotFailures()
    {
        var findings = Validate("good:\n  image: a.example.org/g\n  state: stable\n  variants: {jobs-framework: {image: a.example.org/g}}\nbad:\n  - x\n");
        var finding = Assert.Single(findings);
        Assert.Equal("Toolforge.EntryInvalid", finding.Code);
        Assert.Equal("bad", finding.Entry);
        Assert.Equal(6, finding.Line);
    }

    [Fact]
    public void NoUsableEntry()
    {
        var findings = Validate("a:\n  state: stable\n");
        Assert.Contains(findings, f => f.Code == "Toolforge.CatalogEmpty");
    }
}
