using CsCheck;
using RspAdmin.Core.Images;

namespace RspAdmin.Core.Tests.Images;

/// <summary>Properties of the tag grammar and its ordering over generated tags.</summary>
public class LabImageTagPropertyTests
{
    private static Gen<string> Pick(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static readonly Gen<string> Digits = Gen.String[Gen.Char["0123456789"], 1, 4];

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcxyz019_.-"], 1, 6];

    private static readonly Gen<string> Suffix =
        from cycle in Gen.OneOf(Gen.Const(string.Empty), Gen.Select(Digits, Digits, (c, b) => $"_c{c}.{b}"))
        from rsp in Gen.OneOf(Gen.Const(string.Empty), Digits.Select(d => $"_rsp{d}"))
        from extra in Gen.OneOf(Gen.Const(string.Empty), Word.Select(w => "_" + w))
        from arch in Pick(string.Empty, "-amd64", "-arm64", "-x86")
        select cycle + rsp + extra + arch;

    private static readonly Gen<string> Head = Gen.OneOf(
        Gen.Select(Digits, Digits, Digits, (a, b, c) => $"r{a}_{b}_{c}"),
        Gen.Select(Digits, Digits, Digits, Digits, (a, b, c, n) => $"r{a}_{b}_{c}_rc{n}"),
        Gen.Select(Gen.Int[1990, 2100], Gen.Int[0, 54], (y, w) => $"w_{y}_{w:00}"),
        Gen.Select(Gen.Int[1990, 2100], Gen.Int[0, 13], Gen.Int[0, 32], (y, m, d) => $"d_{y}_{m:00}_{d:00}"),
        Pick("recommended", "latest", "latest_weekly", "sciplat", "r170", "exp"),
        Word);

    /// <summary>Tag-shaped strings: every type, with and without suffixes, sometimes experimental.</summary>
    private static readonly Gen<string> TagLike =
        from exp in Pick(string.Empty, string.Empty, "exp_", "exp_exp_")
        from head in Head
        from suffix in Suffix
        select exp + head + suffix;

    private static readonly Gen<LabImageTag> Parsed = TagLike.Select(LabImageTagParser.Parse);

    [Fact]
    public void NeverThrowsOnArbitraryStrings()
    {
        Gen.String.Sample(s =>
        {
            var parsed = LabImageTagParser.Parse(s);
            Assert.NotNull(parsed.DisplayName);
            Assert.NotNull(LabImageTagParser.ParseAlias(s).DisplayName);
        }, iter: 5000);
    }

    [Fact]
    public void NeverThrowsOnTagShapedStrings()
    {
        TagLike.Sample(s =>
        {
            var parsed = LabImageTagParser.Parse(s);
            Assert.Equal(s, parsed.Tag);
            Assert.False(string.IsNullOrEmpty(parsed.DisplayName) && s.Length > 0 && !s.StartsWith('-'));
        }, iter: 5000);
    }

    [Fact]
    public void DisplayNameIsDeterministic()
    {
        TagLike.Sample(s =>
        {
            var a = LabImageTagParser.Parse(s);
            var b = LabImageTagParser.Parse(s);
            Assert.Equal(a.DisplayName, b.DisplayName);
            Assert.Equal(a.GetKind(), b.GetKind());
            Assert.Equal(a.Version?.ToString(), b.Version?.ToString());
        }, iter: 2000);
    }

    [Fact]
    public void OrderingWithinATypeIsAntisymmetric()
    {
        Gen.Select(Parsed, Parsed).Where(p => p.Item1.GetKind() == p.Item2.GetKind()).Sample(p =>
        {
            var (a, b) = p;
            Assert.Equal(Math.Sign(a.CompareWithinType(b)), -Math.Sign(b.CompareWithinType(a)));
        }, iter: 5000);
    }

    [Fact]
    public void OrderingWithinATypeIsTransitive()
    {
        Gen.Select(Parsed, Parsed, Parsed).Where(t => t.Item1.GetKind() == t.Item2.GetKind() && t.Item2.GetKind() == t.Item3.GetKind()).Sample(t =>
        {
            var sorted = new[] { t.Item1, t.Item2, t.Item3 };
            Array.Sort(sorted, (x, y) => x.CompareWithinType(y));
            Assert.True(sorted[0].CompareWithinType(sorted[1]) <= 0);
            Assert.True(sorted[1].CompareWithinType(sorted[2]) <= 0);
            Assert.True(sorted[0].CompareWithinType(sorted[2]) <= 0);
        }, iter: 5000);
    }

    [Fact]
    public void MenuOrderIsATotalOrder()
    {
        Gen.Select(Parsed, Parsed, Parsed).Sample(t =>
        {
            var (a, b, c) = t;
            var cmp = LabImageTagComparer.MenuOrder;
            Assert.Equal(Math.Sign(cmp.Compare(a, b)), -Math.Sign(cmp.Compare(b, a)));
            Assert.Equal(cmp.Compare(a, b) == 0, a.Tag == b.Tag);
            if (cmp.Compare(a, b) <= 0 && cmp.Compare(b, c) <= 0)
            {
                Assert.True(cmp.Compare(a, c) <= 0);
            }
        }, iter: 5000);
    }

    [Fact]
    public void SortingIsIndependentOfInputOrder()
    {
        TagLike.List[0, 30].Sample(list =>
        {
            var distinct = list.Distinct().ToList();
            var forward = distinct.Select(LabImageTagParser.Parse).OrderBy(x => x, LabImageTagComparer.MenuOrder).Select(x => x.Tag).ToList();
            distinct.Reverse();
            var backward = distinct.Select(LabImageTagParser.Parse).OrderBy(x => x, LabImageTagComparer.MenuOrder).Select(x => x.Tag).ToList();
            Assert.Equal(forward, backward);
        }, iter: 500);
    }

    [Fact]
    public void DeeplyNestedExperimentalTagsDoNotExhaustTheStack()
    {
        var tag = string.Concat(Enumerable.Repeat("exp_", 100_000)) + "w_2022_40";
        var parsed = LabImageTagParser.Parse(tag);
        Assert.Equal(LabImageType.Experimental, parsed.GetKind());
        Assert.EndsWith("Experimental Weekly 2022_40", parsed.DisplayName, StringComparison.Ordinal);
        Assert.Equal("2022.40.0", parsed.Version?.ToString());
    }

    [Fact]
    public void VersionComparisonMatchesNumericOrder()
    {
        Gen.Select(Gen.Int[0, 50], Gen.Int[0, 50], Gen.Int[0, 50], Gen.Int[0, 50]).Sample(t =>
        {
            var (a, b, x, y) = t;
            var va = LabImageTagParser.Parse($"r{a}_{b}_0_rc{x}").Version!;
            var vb = LabImageTagParser.Parse($"r{a}_{b}_0_rc{y}").Version!;
            Assert.Equal(Math.Sign(x.CompareTo(y)), Math.Sign(va.CompareTo(vb)));
        }, iter: 2000);
    }
}
