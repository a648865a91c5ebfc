using System.Text;

namespace RspAdmin.HelpBuilder.About;

/// <summary>Word-wraps plain text to a column limit with a given indentation.</summary>
public static class TextWrapper
{
    /// <summary>
    /// Appends <paramref name="text"/> to <paramref name="output"/>, wrapped so no line passes
    /// <paramref name="width"/> columns unless a single word is longer. The first line starts with
    /// <paramref name="firstIndent"/>, the others with <paramref name="restIndent"/>. Explicit line
    /// breaks in the text are kept.
    /// </summary>
    public static void Append(StringBuilder output, string text, string firstIndent, string restIndent, int width)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(text);
        var indent = firstIndent;
        foreach (var hardLine in text.Split('\n'))
        {
            var line = new StringBuilder(indent);
            var empty = true;
            foreach (var word in hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > width)
                {
                    output.Append(line).Append('\n');
                    line.Clear().Append(restIndent);
                    empty = true;
                }

                if (!empty)
                {
                    line.Append(' ');
                }

                line.Append(word);
                empty = false;
            }

            output.Append(line.ToString().TrimEnd()).Append('\n');
            indent = restIndent;
        }
    }
}
