using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace RspAdmin.Core.Yaml;

/// <summary>
/// A unified diff of two texts (the format of <c>diff -u</c>): file header lines, then <c>@@</c>
/// hunks with the given number of context lines; hunks closer than twice the context merge. A
/// last line without a line break is marked <c>\ No newline at end of file</c>. Line breaks are
/// compared too, so a change from LF to CRLF shows.
/// </summary>
public static class UnifiedDiff
{
    /// <summary>The diff from <paramref name="before"/> to <paramref name="after"/>; empty when they are equal.</summary>
    public static string Create(string before, string after, string beforeName, string afterName, int context = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, new LineEndingsPreservingChunker());
        var oldLines = diff.PiecesOld;
        var newLines = diff.PiecesNew;
        var blocks = diff.DiffBlocks;

        var output = new StringBuilder();
        output.Append("--- ").Append(beforeName).Append('\n');
        output.Append("+++ ").Append(afterName).Append('\n');

        var first = 0;
        while (first < blocks.Count)
        {
            // Gather the blocks whose context overlaps into one hunk.
            var last = first;
            while (last + 1 < blocks.Count
                   && blocks[last + 1].DeleteStartA - (blocks[last].DeleteStartA + blocks[last].DeleteCountA) <= 2 * context)
            {
                last++;
            }

            var oldStart = Math.Max(0, blocks[first].DeleteStartA - context);
            var newStart = blocks[first].InsertStartB - (blocks[first].DeleteStartA - oldStart);
            var oldEnd = Math.Min(oldLines.Count, blocks[last].DeleteStartA + blocks[last].DeleteCountA + context);
            var newEnd = blocks[last].InsertStartB + blocks[last].InsertCountB + (oldEnd - (blocks[last].DeleteStartA + blocks[last].DeleteCountA));

            output.Append("@@ -").Append(Range(oldStart, oldEnd - oldStart)).Append(" +").Append(Range(newStart, newEnd - newStart)).Append(" @@\n");
            var oldIndex = oldStart;
            for (var b = first; b <= last; b++)
            {
                var block = blocks[b];
                while (oldIndex < block.DeleteStartA)
                {
                    AppendLine(output, ' ', oldLines[oldIndex++]);
                }

                for (var i = 0; i < block.DeleteCountA; i++)
                {
                    AppendLine(output, '-', oldLines[block.DeleteStartA + i]);
                }

                for (var i = 0; i < block.InsertCountB; i++)
                {
                    AppendLine(output, '+', newLines[block.InsertStartB + i]);
                }

                oldIndex = block.DeleteStartA + block.DeleteCountA;
            }

            while (oldIndex < oldEnd)
            {
                AppendLine(output, ' ', oldLines[oldIndex++]);
            }

            first = last + 1;
        }

        return output.ToString();
    }

    private static string Range(int start, int count) => count switch
    {
        0 => $"{start},0",
        1 => $"{start + 1}",
        _ => $"{start + 1},{count}",
    };

    private static void AppendLine(StringBuilder output, char marker, string line)
    {
        var content = line.TrimEnd('\n').TrimEnd('\r');
        output.Append(marker).Append(content).Append('\n');
        if (!line.EndsWith('\n') && !line.EndsWith('\r'))
        {
            output.Append("\\ No newline at end of file\n");
        }
    }
}
