using RspAdmin.Core.Images;

namespace RspAdmin.Core.Tests.Images;

/// <summary>The orderings of the Nublado image spec (section 4), transcribed from the spec.</summary>
public class LabImageTagOrderingTests
{
    public static TheoryData<string[]> AscendingSequences => new()
    {
        new[]
        {
            "r21_0_1", "r21_0_1_rsp29", "r21_0_1_rsp103", "r21_0_1_rsp103_extra", "r21_0_1_rsp103_foo-amd64",
            "r21_0_1_rsp103_foo-arm64", "r21_0_1_rsp103_foo", "r21_0_1_c0031.004", "r21_0_1_c0031.004_rsp103",
            "r21_0_1_c0032.004_rsp102", "r21_0_1_c0032.004_rsp103", "r21_0_1_c0032.005_rsp101",
        },
        new[] { "d_2023_02_09", "d_2023_02_10_c0030.004", "d_2023_02_10_c0031.004", "d_2023_02_10_c0031.005" },
        new[] { "exp_20230209", "exp_random" },
        // A versioned experimental has no base, so it sorts below an unversioned one.
        new[] { "exp_w_2021_22", "exp_random" },
        new[] { "r23_0_0_rc1", "r23_0_0_rc2", "r23_0_0_rc10" },
        new[] { "w_2022_38", "w_2022_39", "w_2022_40", "w_2023_01" },
    };

    [Theory]
    [MemberData(nameof(AscendingSequences))]
    public void EachAdjacentPairIsAscending(string[] ascending)
    {
        var tags = ascending.Select(LabImageTagParser.Parse).ToArray();
        for (var i = 0; i + 1 < tags.Length; i++)
        {
            Assert.True(tags[i].CompareWithinType(tags[i + 1]) < 0, $"{tags[i].Tag} < {tags[i + 1].Tag}");
            Assert.True(tags[i + 1].CompareWithinType(tags[i]) > 0, $"{tags[i + 1].Tag} > {tags[i].Tag}");
        }
    }

    [Theory]
    [MemberData(nameof(AscendingSequences))]
    public void MenuOrderIsTheReverseOfEachSequence(string[] ascending)
    {
        var shuffled = ascending.Reverse().Concat(ascending).Distinct().OrderBy(t => t.GetHashCode()).ToList();
        var sorted = shuffled.Select(LabImageTagParser.Parse).OrderBy(t => t, LabImageTagComparer.MenuOrder).Select(t => t.Tag);
        Assert.Equal(ascending.Reverse(), sorted);
    }

    [Fact]
    public void CollectionIsInGroupOrderNewestFirst()
    {
        string[] expected =
        {
            "r21_0_1", "r20_0_1_c0027.001", "w_2077_46", "w_2077_46-amd64", "w_2077_45", "w_2077_44", "w_2077_43",
            "w_2077_42", "w_2077_40_c0027.001", "w_2077_40_c0026.001", "w_2077_40_c0026.001-amd64", "d_2077_10_21",
            "d_2077_10_20", "r22_0_1_rc1-arm64", "r22_0_0_rc1", "exp_w_2021_22", "recommended_c0027", "recommended",
            "latest_c0027-arm64", "latest-arm64",
        };
        var input = expected.OrderBy(t => t, StringComparer.Ordinal).ToArray();
        var sorted = input.Select(LabImageTagParser.Parse).OrderBy(t => t, LabImageTagComparer.MenuOrder).Select(t => t.Tag);
        Assert.Equal(expected, sorted);
    }

    [Fact]
    public void ConfiguredAliasesComeFirst()
    {
        var aliases = new HashSet<string> { "recommended", "recommended_c0027" };
        var tags = new[] { "w_2077_46", "recommended", "r21_0_1", "recommended_c0027", "latest-arm64" }
            .Select(t => aliases.Contains(t) ? LabImageTagParser.ParseAlias(t) : LabImageTagParser.Parse(t))
            .OrderBy(t => t, LabImageTagComparer.MenuOrder)
            .Select(t => t.Tag);
        Assert.Equal(new[] { "recommended_c0027", "recommended", "r21_0_1", "w_2077_46", "latest-arm64" }, tags);
    }

    [Fact]
    public void TagsOfDifferentTypesAreNotComparableWithinType()
    {
        Assert.Throws<InvalidOperationException>(() =>
            LabImageTagParser.Parse("w_2022_40").CompareWithinType(LabImageTagParser.Parse("r23_0_0")));
    }

    [Fact]
    public void EquivalentTagsAreOrderedByTagText()
    {
        var a = LabImageTagParser.Parse("w_2021_22");
        var b = LabImageTagParser.Parse("w_2021_022");
        Assert.Equal(0, a.CompareWithinType(b));
        Assert.True(LabImageTagComparer.MenuOrder.Compare(b, a) < 0);
        Assert.True(LabImageTagComparer.MenuOrder.Compare(a, b) > 0);
    }
}
