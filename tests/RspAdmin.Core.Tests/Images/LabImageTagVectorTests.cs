using RspAdmin.Core.Images;

namespace RspAdmin.Core.Tests.Images;

/// <summary>The tag vectors of the Nublado image spec (section 16), transcribed from the spec.</summary>
public class LabImageTagVectorTests
{
    public static TheoryData<string, LabImageType, string?, string> Vectors => new()
    {
        { "r21_0_1", LabImageType.Release, "21.0.1", "Release r21.0.1" },
        { "r22_0_0_rc1", LabImageType.ReleaseCandidate, "22.0.0-rc1", "Release Candidate r22.0.0-rc1" },
        { "w_2021_22", LabImageType.Weekly, "2021.22.0", "Weekly 2021_22" },
        { "d_2021_05_27", LabImageType.Daily, "2021.5.27", "Daily 2021_05_27" },
        { "w_2021_22_rsp19-arm64", LabImageType.Weekly, "2021.22.0", "Weekly 2021_22 (RSP Build 19) [arm64]" },
        { "exp_random", LabImageType.Experimental, null, "Experimental random" },
        { "exp_random_c0027-amd64", LabImageType.Experimental, null, "Experimental random (SAL Cycle 0027) [amd64]" },
        {
            "exp_w_2021_22_c0020.001_rsp19_foo-amd64", LabImageType.Experimental, "2021.22.0",
            "Experimental Weekly 2021_22 (SAL Cycle 0020, Build 001) (RSP Build 19) [foo] [amd64]"
        },
        { "latest-amd64", LabImageType.Unknown, null, "latest [amd64]" },
        { "latest_c0027-amd64", LabImageType.Unknown, null, "latest (SAL Cycle 0027) [amd64]" },
        { "recommended_c0027", LabImageType.Unknown, null, "recommended (SAL Cycle 0027)" },
        { "recommended", LabImageType.Unknown, null, "recommended" },
        { "not_a_normal_format", LabImageType.Unknown, null, "not_a_normal_format" },
        { "w_2077_43_c0050.004", LabImageType.Weekly, "2077.43.0", "Weekly 2077_43 (SAL Cycle 0050, Build 004)" },
        { "exp_w_2077_41_c0050.002_testing", LabImageType.Experimental, "2077.41.0", "Experimental Weekly 2077_41 (SAL Cycle 0050, Build 002) [testing]" },
        { "exp_w_2077_41_testing", LabImageType.Experimental, "2077.41.0", "Experimental Weekly 2077_41 [testing]" },
        { "w_2022_40", LabImageType.Weekly, "2022.40.0", "Weekly 2022_40" },
        { "d_2023_01_05", LabImageType.Daily, "2023.1.5", "Daily 2023_01_05" },
        { "r23_0_0", LabImageType.Release, "23.0.0", "Release r23.0.0" },
        { "r23_0_0_rc1", LabImageType.ReleaseCandidate, "23.0.0-rc1", "Release Candidate r23.0.0-rc1" },
        { "w_2022_40_c0026.003", LabImageType.Weekly, "2022.40.0", "Weekly 2022_40 (SAL Cycle 0026, Build 003)" },
        { "r22_0_1_rsp19_c0019.001_20210513", LabImageType.Release, "22.0.1", "Release r22.0.1 (RSP Build 19) [c0019.001_20210513]" },
        // Vector 27 (cachemachine's vector; Nublado reads the same display, with cycle and extra as fields).
        { "r21_0_1_c0020.001_20210527", LabImageType.Release, "21.0.1", "Release r21.0.1 (SAL Cycle 0020, Build 001) [20210527]" },
        // The obsolete three-digit release form: rMMm is release MM.m.0.
        { "r170", LabImageType.Release, "17.0.0", "Release r17.0.0" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ParsesTypeVersionAndDisplayName(string tag, LabImageType type, string? version, string display)
    {
        var parsed = LabImageTagParser.Parse(tag);
        Assert.Equal(tag, parsed.Tag);
        Assert.Equal(type, parsed.GetKind());
        Assert.Equal(version, parsed.Version?.ToString());
        Assert.Equal(display, parsed.DisplayName);
    }

    [Fact]
    public void EmptyAndNullTagsAreLatest()
    {
        foreach (var tag in new[] { null, string.Empty })
        {
            var parsed = LabImageTagParser.Parse(tag);
            Assert.Equal("latest", parsed.Tag);
            Assert.Equal(LabImageType.Unknown, parsed.GetKind());
            Assert.Equal("latest", parsed.DisplayName);
        }
    }

    [Fact]
    public void WeeklyDateIsTheThursdayOfTheIsoWeek()
    {
        Assert.Equal(new DateTime(2021, 6, 3, 0, 0, 0, DateTimeKind.Utc), LabImageTagParser.Parse("w_2021_22").Date);
        Assert.Equal(new DateTime(2022, 10, 6, 0, 0, 0, DateTimeKind.Utc), LabImageTagParser.Parse("w_2022_40").Date);
        Assert.Equal(DateTimeKind.Utc, LabImageTagParser.Parse("w_2022_40").Date!.Value.Kind);
        Assert.Equal(new DateTime(2021, 5, 27, 0, 0, 0, DateTimeKind.Utc), LabImageTagParser.Parse("d_2021_05_27").Date);
        Assert.Null(LabImageTagParser.Parse("r21_0_1").Date);
    }

    [Fact]
    public void SuffixFieldsAreParsed()
    {
        var t = LabImageTagParser.Parse("exp_w_2021_22_c0020.001_rsp19_foo-amd64");
        Assert.Equal(20, t.Cycle);
        Assert.Equal(1, t.CycleBuild);
        Assert.Equal(19, t.RspBuild);
        Assert.Equal("foo", t.Extra);
        Assert.Equal("amd64", t.Architecture);
        Assert.True(t.IsArchitectureSpecific);
        Assert.False(t.IsSemantic);
        Assert.True(LabImageTagParser.Parse("exp_r21_0_1").IsSemantic);
        Assert.Equal("random", LabImageTagParser.Parse("exp_random").Base);
        Assert.Equal(27, LabImageTagParser.Parse("recommended_c0027").Cycle);
        Assert.Equal("recommended", LabImageTagParser.Parse("recommended_c0027").Base);
    }

    [Fact]
    public void RspBuildBeforeCycleLeavesTheCycleInExtra()
    {
        var t = LabImageTagParser.Parse("r22_0_1_rsp19_c0019.001_20210513");
        Assert.Null(t.Cycle);
        Assert.Equal(19, t.RspBuild);
        Assert.Equal("c0019.001_20210513", t.Extra);
    }

    [Theory]
    [InlineData("w_2022_53")] // 2022 has 52 ISO weeks
    [InlineData("w_2021_00")]
    [InlineData("d_2023_13_05")]
    [InlineData("d_2023_02_29")]
    [InlineData("d_0000_01_01")]
    [InlineData("w_2021_22-Foo")] // upper case is not an architecture
    public void InvalidTypedTagsAreUnknown(string tag)
    {
        Assert.Equal(LabImageType.Unknown, LabImageTagParser.Parse(tag).GetKind());
    }

    [Fact]
    public void CycleWithoutBuildOnATypedTagIsExtraText()
    {
        var t = LabImageTagParser.Parse("r21_0_1_c0031");
        Assert.Equal(LabImageType.Release, t.GetKind());
        Assert.Null(t.Cycle);
        Assert.Equal("c0031", t.Extra);
    }

    [Fact]
    public void UnknownHyphenatedTagIsArchitectureSpecific()
    {
        var t = LabImageTagParser.Parse("sciplat-lab");
        Assert.Equal("sciplat", t.Base);
        Assert.Equal("lab", t.Architecture);
        Assert.Equal("sciplat [lab]", t.DisplayName);
    }

    [Fact]
    public void UppercaseAfterHyphenKeepsWholeTagAsBase()
    {
        var t = LabImageTagParser.Parse("w_2021_22-Foo");
        Assert.Equal("w_2021_22-Foo", t.Base);
        Assert.Null(t.Architecture);
        Assert.Equal("w_2021_22-Foo", t.DisplayName);
    }

    [Fact]
    public void MixedCaseUnknownKeepsItsCase()
    {
        Assert.Equal("MiXeD_CaSe_TaG", LabImageTagParser.Parse("MiXeD_CaSe_TaG").DisplayName);
    }

    public static TheoryData<string, string, int?, string?> AliasVectors => new()
    {
        { "recommended", "Recommended", null, null },
        { "latest_weekly_c0046", "Latest Weekly (SAL Cycle 0046)", 46, null },
        { "latest-amd64", "Latest [amd64]", null, "amd64" },
        { "latest_c0046-arm64", "Latest (SAL Cycle 0046) [arm64]", 46, "arm64" },
        { "latest_c0050", "Latest (SAL Cycle 0050)", 50, null },
        // A version-shaped recommended tag in a Docker environment is still read as an alias.
        { "r30_0_10_rsp2991", "R30 0 10 Rsp2991", null, null },
    };

    [Theory]
    [MemberData(nameof(AliasVectors))]
    public void AliasTagsAreTitleCased(string tag, string display, int? cycle, string? arch)
    {
        var t = LabImageTagParser.ParseAlias(tag);
        Assert.Equal(LabImageType.Alias, t.GetKind());
        Assert.Equal(display, t.DisplayName);
        Assert.Equal(cycle, t.Cycle);
        Assert.Equal(arch, t.Architecture);
        Assert.Null(t.Version);
    }

    public static TheoryData<string, string, string, int?, string?> ResolvedAliasVectors => new()
    {
        { "recommended_c0050", "w_2077_43_c0050.002", "Recommended (Weekly 2077_43, SAL Cycle 0050, Build 002)", 50, null },
        { "recommended", "d_2077_10_23_c0045.003", "Recommended (Daily 2077_10_23, SAL Cycle 0045, Build 003)", 45, null },
        { "latest", "r21_0_2_rsp64_stuff-amd64", "Latest (Release r21.0.2, RSP Build 64 [stuff]) [amd64]", null, "amd64" },
        { "latest_weekly-arm64", "w_2077_45-amd64", "Latest Weekly (Weekly 2077_45 [amd64]) [arm64]", null, "arm64" },
        { "latest_c0040", "w_2077_45-amd64", "Latest (Weekly 2077_45) [amd64]", null, "amd64" },
        { "recommended", "w_2022_40", "Recommended (Weekly 2022_40)", null, null },
    };

    [Theory]
    [MemberData(nameof(ResolvedAliasVectors))]
    public void ResolvedAliasesNameTheirTarget(string alias, string target, string display, int? cycle, string? arch)
    {
        foreach (var parsedAlias in new[] { LabImageTagParser.ParseAlias(alias), LabImageTagParser.Parse(alias) })
        {
            var resolved = LabImageTagParser.ResolveAlias(parsedAlias, LabImageTagParser.Parse(target));
            Assert.Equal(LabImageType.Alias, resolved.GetKind());
            Assert.Equal(display, resolved.DisplayName);
            Assert.Equal(cycle, resolved.Cycle);
            Assert.Equal(arch, resolved.Architecture);
            Assert.Equal(alias, resolved.Tag);
        }
    }

    [Fact]
    public void ResolvedAliasInheritsTheTargetDate()
    {
        var resolved = LabImageTagParser.ResolveAlias(LabImageTagParser.ParseAlias("recommended"), LabImageTagParser.Parse("w_2022_40"));
        Assert.Equal(new DateTime(2022, 10, 6, 0, 0, 0, DateTimeKind.Utc), resolved.Date);
    }

    [Theory]
    [InlineData("recommended", "Recommended")]
    [InlineData("latest weekly", "Latest Weekly")]
    [InlineData("rsp2991x", "Rsp2991X")]
    [InlineData("MIXED case", "Mixed Case")]
    [InlineData("they're", "They'Re")]
    [InlineData("", "")]
    [InlineData("ǆemal", "ǅemal")]
    public void PythonTitleCaseSemantics(string input, string expected)
    {
        Assert.Equal(expected, LabImageTagParser.PythonTitle(input));
    }
}
