using System.Text;
using CsCheck;
using RspAdmin.HelpBuilder.About;

namespace RspAdmin.HelpBuilder.Tests;

public sealed class TextWrapperTests
{
    private static readonly Gen<string> Word = Gen.String[Gen.Char['a', 'z'], 1, 30];

    private static readonly Gen<string> Text = Word.Array[0, 60].Select(words => string.Join(' ', words));

    [Fact]
    public void Keeps_every_word_in_order_and_no_line_passes_the_width_unless_one_word_does()
    {
        Gen.Select(Text, Gen.Int[20, 100]).Sample((text, width) =>
        {
            var output = new StringBuilder();
            TextWrapper.Append(output, text, "    ", "      ", width);
            var lines = output.ToString().TrimEnd('\n').Split('\n');

            var words = lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(text.Split(' ', StringSplitOptions.RemoveEmptyEntries), words);
            Assert.All(lines, l => Assert.True(l.Length <= width || !l.Trim().Contains(' ', StringComparison.Ordinal), $"'{l}' passes {width}"));
            Assert.All(lines.Skip(1), l => Assert.StartsWith("      ", l, StringComparison.Ordinal));
            Assert.All(lines, l => Assert.Equal(l.TrimEnd(), l));
        });
    }

    [Fact]
    public void Fills_each_line_as_far_as_the_width_allows()
    {
        Gen.Select(Text, Gen.Int[20, 100]).Sample((text, width) =>
        {
            var output = new StringBuilder();
            TextWrapper.Append(output, text, "    ", "    ", width);
            var lines = output.ToString().TrimEnd('\n').Split('\n');
            for (var i = 0; i + 1 < lines.Length; i++)
            {
                var nextWord = lines[i + 1].TrimStart().Split(' ')[0];
                Assert.True(lines[i].Length + 1 + nextWord.Length > width, $"'{nextWord}' would have fitted on '{lines[i]}'");
            }
        });
    }

    [Fact]
    public void Keeps_explicit_line_breaks()
    {
        var output = new StringBuilder();
        TextWrapper.Append(output, "one\ntwo", "  ", "  ", 80);
        Assert.Equal("  one\n  two\n", output.ToString());
    }
}
