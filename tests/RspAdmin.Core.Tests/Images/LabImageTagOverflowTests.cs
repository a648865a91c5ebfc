using System.Numerics;
using CsCheck;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Tests.Images;

/// <summary>
/// The help page's NOTES: a version number that does not fit in 64 bits, or a SAL cycle, cycle build
/// or RSP build that does not fit in 32 bits, makes the tag Unknown (under <c>exp_</c>, an Experimental
/// tag of an Unknown one), whatever its type; it never becomes a tag of another type.
/// </summary>
public class LabImageTagOverflowTests
{
    private static Gen<T> Pick<T>(params T[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static readonly BigInteger Int32Limit = int.MaxValue;
    private static readonly BigInteger Int64Limit = long.MaxValue;

    public static TheoryData<string, string?> OversizedTags => new()
    {
        // A release candidate whose RSP build overflows is not "Release r0.0.0 [rc0_rsp2147483648]".
        { "r0_0_0_rc0_rsp2147483648", null },
        { "r23_0_0_rc1_c2147483648.001", null },
        { "r23_0_0_rc1_c0046.4294967296", null },
        { "r23_0_0_rc1_c0046.001_rsp99999999999_extra-amd64", "amd64" },
        { "r9223372036854775808_0_0_rc1", null },
        { "r1_9223372036854775808_0", null },
        { "r1_0_18446744073709551616", null },
        { "r23_0_0_rsp2147483648", null },
        { "w_2024_52_c0046.2147483648", null },
        { "w_2024_52_rsp2147483648-arm64", "arm64" },
        { "d_2024_12_30_c2147483648.001_nosudo", null },
        { "d_2024_12_30_rsp00000000002147483648", null },
    };

    [Theory]
    [MemberData(nameof(OversizedTags))]
    public void An_oversized_field_makes_the_tag_unknown(string tag, string? architecture)
    {
        var parsed = LabImageTagParser.Parse(tag);

        Assert.Equal(LabImageType.Unknown, parsed.GetKind());
        Assert.Null(parsed.Version);
        Assert.Null(parsed.RspBuild);
        Assert.Null(parsed.CycleBuild);
        Assert.Null(parsed.Extra);
        Assert.False(parsed.IsSemantic);
        Assert.Equal(architecture, parsed.Architecture);
        var text = architecture is null ? tag : tag[..^(architecture.Length + 1)];
        Assert.Equal(architecture is null ? tag : $"{text} [{architecture}]", parsed.DisplayName);
        Assert.Equal(text, parsed.Base);
    }

    [Theory]
    [MemberData(nameof(OversizedTags))]
    public void Under_exp_an_oversized_field_makes_an_experimental_of_an_unknown_tag(string tag, string? architecture)
    {
        _ = architecture;
        var inner = LabImageTagParser.Parse(tag);
        var parsed = LabImageTagParser.Parse("exp_" + tag);

        Assert.Equal(LabImageType.Experimental, parsed.GetKind());
        Assert.Equal("Experimental " + inner.DisplayName, parsed.DisplayName);
        Assert.Null(parsed.Version);
        Assert.Null(parsed.RspBuild);
        Assert.Null(parsed.Extra);
    }

    [Theory]
    [InlineData("r0_0_0_rc0_rsp2147483647", LabImageType.ReleaseCandidate, "0.0.0-rc0", "Release Candidate r0.0.0-rc0 (RSP Build 2147483647)")]
    [InlineData("r9223372036854775807_0_0", LabImageType.Release, "9223372036854775807.0.0", "Release r9223372036854775807.0.0")]
    [InlineData("w_2024_52_c2147483647.2147483647", LabImageType.Weekly, "2024.52.0", "Weekly 2024_52 (SAL Cycle 2147483647, Build 2147483647)")]
    [InlineData("d_2024_12_30_rsp0002147483647", LabImageType.Daily, "2024.12.30", "Daily 2024_12_30 (RSP Build 0002147483647)")]
    public void The_largest_value_a_field_holds_keeps_the_type(string tag, LabImageType type, string version, string display)
    {
        var parsed = LabImageTagParser.Parse(tag);

        Assert.Equal(type, parsed.GetKind());
        Assert.Equal(version, parsed.Version?.ToString());
        Assert.Equal(display, parsed.DisplayName);
    }

    private enum Field
    {
        Major,
        Minor,
        Patch,
        Cycle,
        CycleBuild,
        RspBuild,
    }

    private static readonly Gen<string> Small = Gen.Int[0, 999].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A decimal number above <paramref name="limit"/>, sometimes with leading zeros.</summary>
    private static Gen<string> Above(BigInteger limit) =>
        from excess in Gen.OneOf(Gen.Long[1, 1000], Gen.Long[1, long.MaxValue])
        from factor in Gen.Int[1, 1000]
        from zeros in Gen.Int[0, 3]
        select new string('0', zeros) + (limit + excess * (BigInteger)factor).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A tag of any typed form with one numeric field past its limit, the others valid, any suffixes.</summary>
    private static readonly Gen<string> Oversized =
        from form in Gen.Int[0, 3]
        from field in Gen.Enum<Field>()
        from big64 in Above(Int64Limit)
        from big32 in Above(Int32Limit)
        from a in Small
        from b in Small
        from c in Small
        from n in Small
        from extra in Gen.OneOf(Gen.Const(string.Empty), Gen.String[Gen.Char["abxyz019_."], 1, 6].Select(w => "_" + w))
        from arch in Pick(string.Empty, "-amd64", "-arm64")
        let versionField = form < 2 && field is Field.Major or Field.Minor or Field.Patch
        let chosen = versionField || field is Field.Cycle or Field.CycleBuild or Field.RspBuild ? field : Field.RspBuild
        let major = chosen == Field.Major ? big64 : a
        let minor = chosen == Field.Minor ? big64 : b
        let patch = chosen == Field.Patch ? big64 : c
        let withCycle = chosen is Field.Cycle or Field.CycleBuild || n.Length % 2 == 0
        let cycle = !withCycle ? string.Empty : $"_c{(chosen == Field.Cycle ? big32 : a)}.{(chosen == Field.CycleBuild ? big32 : b)}"
        let withRsp = chosen == Field.RspBuild || n.Length == 3
        let rsp = !withRsp ? string.Empty : $"_rsp{(chosen == Field.RspBuild ? big32 : c)}"
        let head = form switch
        {
            0 => $"r{major}_{minor}_{patch}",
            1 => $"r{major}_{minor}_{patch}_rc{n}",
            2 => "w_2024_52",
            _ => "d_2024_12_30",
        }
        select head + cycle + rsp + extra + arch;

    [Fact]
    public void Any_numeric_field_over_its_limit_makes_any_tag_type_unknown()
    {
        Oversized.Sample(tag =>
        {
            var parsed = LabImageTagParser.Parse(tag);
            Assert.Equal(LabImageType.Unknown, parsed.GetKind());
            Assert.Null(parsed.Version);
            Assert.Null(parsed.Date);
            Assert.Null(parsed.RspBuild);
            Assert.Null(parsed.CycleBuild);
            Assert.Null(parsed.Extra);
            Assert.False(parsed.IsSemantic);
        }, iter: 5000);
    }

    [Fact]
    public void Under_any_number_of_exp_prefixes_the_inner_tag_is_unknown()
    {
        Gen.Select(Oversized, Gen.Int[1, 3]).Sample((tag, depth) =>
        {
            var inner = LabImageTagParser.Parse(tag);
            var parsed = LabImageTagParser.Parse(string.Concat(Enumerable.Repeat("exp_", depth)) + tag);
            Assert.Equal(LabImageType.Experimental, parsed.GetKind());
            Assert.Equal(string.Concat(Enumerable.Repeat("Experimental ", depth)) + inner.DisplayName, parsed.DisplayName);
            Assert.Null(parsed.Version);
            Assert.Null(parsed.RspBuild);
            Assert.Null(parsed.CycleBuild);
            Assert.Null(parsed.Extra);
        }, iter: 2000);
    }
}
