using RspAdmin.Core.Images;

namespace RspAdmin.Core.Tests.Catalog;

/// <summary>Alias resolution by digest (spec section 5.2 and vectors 21-24 of section 16).</summary>
public sealed class LabImageCollectionTests
{
    private const string Registry = "lighthouse.ceres";
    private const string Repository = "library/sketchbook";

    [Theory]
    [InlineData("recommended_c0050", false, "w_2077_43_c0050.002", "Recommended (Weekly 2077_43, SAL Cycle 0050, Build 002)")]
    [InlineData("recommended", false, "d_2077_10_23_c0045.003", "Recommended (Daily 2077_10_23, SAL Cycle 0045, Build 003)")]
    [InlineData("latest", false, "r21_0_2_rsp64_stuff-amd64", "Latest (Release r21.0.2, RSP Build 64 [stuff]) [amd64]")]
    [InlineData("latest_weekly-arm64", false, "w_2077_45-amd64", "Latest Weekly (Weekly 2077_45 [amd64]) [arm64]")]
    [InlineData("latest_c0040", false, "w_2077_45-amd64", "Latest (Weekly 2077_45) [amd64]")]
    [InlineData("recommended", true, "w_2077_43", "Recommended (Weekly 2077_43)")]
    public void AliasIsResolvedByDigest(string aliasTag, bool configuredAlias, string targetTag, string expectedName)
    {
        var target = Image(targetTag, "sha256:1234");
        var alias = Image(aliasTag, "sha256:1234", configuredAlias);
        var collection = new LabImageCollection(new[] { alias, target });

        Assert.Equal(LabImageType.Alias, alias.Kind);
        Assert.Equal(expectedName, alias.DisplayName);
        Assert.Equal(targetTag, alias.AliasTarget);
        Assert.Equal(new[] { aliasTag }, target.Aliases);
        Assert.Equal(new[] { targetTag }, alias.AllOtherTags);
        Assert.Same(target, collection.ImageForDigest("sha256:1234"));

        // The alias takes the target's cycle and date; its own architecture wins over the target's.
        Assert.Equal(target.Cycle, alias.Cycle);
        Assert.Equal(target.Date, alias.Date);
        Assert.Equal(LabImageTagParser.Parse(aliasTag).Architecture ?? target.Architecture, alias.Architecture);
    }

    [Fact]
    public void BulkConstructionMakesTheFirstTypedImageThePrimary()
    {
        var weekly = Image("w_2077_46", "sha256:a");
        var oldWeekly = Image("w_2077_45", "sha256:a");
        var recommended = Image("recommended", "sha256:a", alias: true);
        var latestWeekly = Image("latest_weekly", "sha256:a");
        var collection = new LabImageCollection(new[] { weekly, oldWeekly, recommended, latestWeekly });

        Assert.Equal(new[] { "latest_weekly", "recommended", "w_2077_45" }, weekly.Aliases);
        Assert.Null(weekly.AliasTarget);
        Assert.Equal(new[] { "latest_weekly", "recommended", "w_2077_46" }, oldWeekly.Aliases);
        Assert.Equal("w_2077_46", recommended.AliasTarget);
        Assert.Equal(new[] { "latest_weekly", "w_2077_45" }, recommended.Aliases);
        Assert.Equal("w_2077_46", latestWeekly.AliasTarget);
        Assert.Equal(LabImageType.Alias, latestWeekly.Kind); // promoted from Unknown
        Assert.Equal("Latest Weekly (Weekly 2077_46)", latestWeekly.DisplayName);
        Assert.Equal(new[] { "recommended", "latest_weekly", "w_2077_45" }, collection.AllImages(hideAliased: true).Select(i => i.Tag));
        Assert.Equal(new[] { "w_2077_46", "w_2077_45" }, collection.AllImages(hideResolvedAliases: true).Select(i => i.Tag));
    }

    [Fact]
    public void PossibleAliasesAloneStayUnresolvedUntilTheirTargetArrives()
    {
        var recommended = Image("recommended", "sha256:a", alias: true);
        var latestWeekly = Image("latest_weekly", "sha256:a");
        var collection = new LabImageCollection(new[] { recommended, latestWeekly });
        Assert.Equal(new[] { "latest_weekly" }, recommended.Aliases);
        Assert.Equal(new[] { "recommended" }, latestWeekly.Aliases);
        Assert.Null(recommended.AliasTarget);
        Assert.Equal("Recommended", recommended.DisplayName);
        Assert.Equal("latest_weekly", latestWeekly.DisplayName);

        var weekly = Image("w_2077_46", "sha256:a");
        collection.Add(weekly);
        Assert.Equal(new[] { "latest_weekly", "recommended" }, weekly.Aliases);
        Assert.Equal("w_2077_46", recommended.AliasTarget);
        Assert.Equal("w_2077_46", latestWeekly.AliasTarget);
        Assert.Equal("Recommended (Weekly 2077_46)", recommended.DisplayName);
        Assert.Equal(new[] { "recommended", "latest_weekly" }, collection.AllImages(hideAliased: true).Select(i => i.Tag));

        // Spec 5.2: the most recently added typed image becomes the primary and the aliases re-point.
        var newWeekly = Image("w_2077_47", "sha256:a");
        collection.Add(newWeekly);
        Assert.Equal(new[] { "latest_weekly", "recommended", "w_2077_47" }, weekly.Aliases);
        Assert.Null(weekly.AliasTarget);
        Assert.Equal(new[] { "latest_weekly", "recommended", "w_2077_46" }, newWeekly.Aliases);
        Assert.Equal("w_2077_47", recommended.AliasTarget);
        Assert.Equal(new[] { "latest_weekly", "w_2077_46" }, recommended.Aliases);
        Assert.Equal("Recommended (Weekly 2077_47)", recommended.DisplayName);
        Assert.Equal("w_2077_47", latestWeekly.AliasTarget);
        Assert.Equal(new[] { "recommended", "w_2077_46" }, latestWeekly.Aliases);
        Assert.Same(newWeekly, collection.ImageForDigest("sha256:a"));
        Assert.Equal(new[] { "recommended", "latest_weekly", "w_2077_46" }, collection.AllImages(hideAliased: true).Select(i => i.Tag));
    }

    [Fact]
    public void AddingATargetPromotesAnUnknownAndMovesItToTheAliasGroup()
    {
        var first = Image("recommended", "sha256:b");
        var collection = new LabImageCollection(new[] { first });
        var second = Image("latest_weekly", "sha256:b", alias: true);
        collection.Add(second);
        Assert.Null(second.AliasTarget);
        Assert.Same(first, collection.ImageForDigest("sha256:b"));
        Assert.Equal(new[] { "latest_weekly", "recommended" }, collection.AllImages().Select(i => i.Tag));

        var third = Image("w_2077_44", "sha256:b");
        collection.Add(third);
        Assert.Equal("w_2077_44", first.AliasTarget);
        Assert.Equal("w_2077_44", second.AliasTarget);
        Assert.Equal(new[] { "latest_weekly", "recommended" }, third.Aliases);
        Assert.Same(third, collection.ImageForDigest("sha256:b"));
        Assert.Equal(new[] { "recommended", "latest_weekly", "w_2077_44" }, collection.AllImages().Select(i => i.Tag));
        Assert.Equal(new[] { "w_2077_44" }, collection.AllImages(hideResolvedAliases: true).Select(i => i.Tag));
    }

    [Fact]
    public void ImagesWithoutDigestTakeNoPartAndReferencesAreComposed()
    {
        var weekly = Image("w_2077_46", null);
        var recommended = Image("recommended", null, alias: true);
        var collection = new LabImageCollection(new[] { weekly, recommended });
        Assert.Null(recommended.AliasTarget);
        Assert.Empty(weekly.Aliases);
        Assert.Equal(2, collection.Count);
        Assert.Equal("lighthouse.ceres/library/sketchbook:w_2077_46", weekly.Reference);
        Assert.Equal(weekly.Reference, weekly.ReferenceWithDigest);
        Assert.Equal("lighthouse.ceres/library/sketchbook:d_1@sha256:1", Image("d_1", "sha256:1").ReferenceWithDigest);
        Assert.Throws<ArgumentException>(() => collection.Add(Image("w_2077_46", "sha256:x")));
    }

    private static LabImage Image(string tag, string? digest, bool alias = false) =>
        new(alias ? LabImageTagParser.ParseAlias(tag) : LabImageTagParser.Parse(tag), Registry, Repository, digest);
}
