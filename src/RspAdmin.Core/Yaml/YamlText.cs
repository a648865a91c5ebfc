namespace RspAdmin.Core.Yaml;

/// <summary>Line arithmetic on YAML text: where lines start and end, and which line break the text uses.</summary>
internal static class YamlText
{
    /// <summary>True when only spaces and tabs lie between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static bool IsBlank(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (text[i] is not (' ' or '\t'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text's line break: CRLF when its first line break is CRLF, else LF.</summary>
    public static string DetectNewLine(string text)
    {
        var index = text.IndexOf('\n', StringComparison.Ordinal);
        return index > 0 && text[index - 1] == '\r' ? "\r\n" : "\n";
    }

    /// <summary>Offset of the first character of the line holding <paramref name="position"/>.</summary>
    public static int LineStart(string text, int position)
    {
        var index = position > 0 ? text.LastIndexOf('\n', position - 1) : -1;
        return index + 1;
    }

    /// <summary>Offset of the line break ending the line holding <paramref name="position"/> (the text's length on the last line).</summary>
    public static int LineEnd(string text, int position)
    {
        var index = position < text.Length ? text.IndexOf('\n', position) : -1;
        if (index < 0)
        {
            return text.Length;
        }

        return index > 0 && text[index - 1] == '\r' && index - 1 >= position ? index - 1 : index;
    }

    /// <summary>
    /// Offset of the line after the one holding the character just before <paramref name="contentEnd"/>,
    /// or -1 when that is the last line and it has no line break.
    /// </summary>
    public static int NextLineStart(string text, int contentEnd)
    {
        var index = contentEnd < text.Length ? text.IndexOf('\n', contentEnd) : -1;
        return index < 0 ? -1 : index + 1;
    }

    /// <summary>
    /// The range of whole lines from the line holding <paramref name="start"/> through the line
    /// holding the character before <paramref name="contentEnd"/>, with its line break. On a last
    /// line without a line break, the line break before the range is taken instead, so that the
    /// text keeps ending without one.
    /// </summary>
    public static (int Start, int End) WholeLines(string text, int start, int contentEnd)
    {
        var from = LineStart(text, start);
        var to = NextLineStart(text, contentEnd);
        if (to >= 0)
        {
            return (from, to);
        }

        if (from == 0)
        {
            return (0, text.Length);
        }

        var previousBreak = from - 1;
        if (previousBreak > 0 && text[previousBreak - 1] == '\r')
        {
            previousBreak--;
        }

        return (previousBreak, text.Length);
    }
}
