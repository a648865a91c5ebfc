using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RspAdmin.HelpBuilder.Markdown;

/// <summary>
/// Reads the flat <c>key: value</c> YAML of front matter and parameter metadata blocks with
/// YamlDotNet, keeping each key's line in the page so errors can point at it.
/// </summary>
public static class YamlMapping
{
    /// <summary>Parses <paramref name="yaml"/>, whose first line is line <paramref name="firstLine"/> of <paramref name="path"/>.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="path">The help page, for error messages.</param>
    /// <param name="firstLine">The 1-based line of the page where the YAML starts.</param>
    /// <param name="errorId">The error identifier to report problems with.</param>
    /// <param name="what">What the YAML is, for error messages (e.g. "front matter").</param>
    /// <exception cref="HelpSourceException">The text is not YAML, not a mapping, has a nested value or a repeated key.</exception>
    public static IReadOnlyList<YamlEntry> Parse(string yaml, string path, int firstLine, string errorId, string what)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // YamlDotNet reports where it noticed the problem, which can be lines after the cause
            // (an unclosed bracket swallows the rest); the first line that is not YAML on its own is
            // the better place to point at.
            var reason = ex is YamlException yamlError ? yamlError.InnerException?.Message ?? yamlError.Message : "the text ends inside an unfinished value";
            throw new HelpSourceException(errorId, path, FindBadLine(yaml, firstLine, ex), $"the {what} is not valid YAML: {reason}");
        }

        if (stream.Documents.Count == 0)
        {
            throw new HelpSourceException(errorId, path, firstLine, $"the {what} is empty.");
        }

        if (stream.Documents.Count > 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            throw new HelpSourceException(errorId, path, firstLine, $"the {what} must be a list of 'key: value' lines.");
        }

        var entries = new List<YamlEntry>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var line = firstLine + (int)keyNode.Start.Line - 1;
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new HelpSourceException(errorId, path, line, $"the {what} has a key that is not plain text.");
            }

            if (valueNode is not YamlScalarNode scalar)
            {
                throw new HelpSourceException(errorId, path, line, $"'{key}' in the {what} must have a single value, not a list or mapping.");
            }

            if (entries.Exists(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)))
            {
                throw new HelpSourceException(errorId, path, line, $"'{key}' appears twice in the {what}.");
            }

            entries.Add(new YamlEntry(key, scalar.Value?.Trim() ?? string.Empty, line));
        }

        return entries;
    }

    private static int FindBadLine(string yaml, int firstLine, Exception error)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            try
            {
                new YamlStream().Load(new StringReader(lines[i]));
            }
            catch (Exception ex) when (ex is YamlException or InvalidOperationException)
            {
                return firstLine + i;
            }
        }

        return error is YamlException yamlError ? firstLine + (int)Math.Max(0, yamlError.Start.Line - 1) : firstLine;
    }
}
