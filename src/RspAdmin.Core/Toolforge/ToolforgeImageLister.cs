namespace RspAdmin.Core.Toolforge;

/// <summary>
/// What users may pick, as the jobs API lists it: the catalog's stable entries and the tool's own
/// Harbor images, sorted by short name; never aliases, never another tool's images.
/// </summary>
public static class ToolforgeImageLister
{
    /// <summary>Lists the images.</summary>
    /// <param name="resolver">The catalog, prepared for the variant listed.</param>
    /// <param name="tool">The tool whose Harbor images are added, or null for none.</param>
    /// <param name="includeDeprecated">Also list entries whose state is not <c>stable</c>.</param>
    /// <param name="harbor">Where Harbor images are listed, or null.</param>
    /// <param name="warn">Receives Harbor failures.</param>
    /// <param name="cancellationToken">Cancels the Harbor requests.</param>
    public static async Task<IReadOnlyList<ToolforgeImage>> ListAsync(
        ToolforgeImageResolver resolver, string? tool, bool includeDeprecated, IToolforgeHarborSource? harbor, Action<string>? warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var result = new List<ToolforgeImage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in resolver.UsableEntries)
        {
            if ((includeDeprecated || entry.State == ToolforgeNames.StateStable) && seen.Add(entry.Name) && resolver.FromEntry(entry) is { } image)
            {
                result.Add(image);
            }
        }

        if (!string.IsNullOrEmpty(tool) && harbor is not null)
        {
            IReadOnlyList<ToolforgeHarborImage> images;
            try
            {
                images = await harbor.ListAsync(ToolforgeNames.ToolProjectPrefix + tool, warn, cancellationToken).ConfigureAwait(false);
            }
            catch (RspException e)
            {
                warn?.Invoke(e.Message);
                images = [];
            }

            result.AddRange(images.Select(ToolforgeImageResolver.FromHarbor));
        }

        result.Sort((a, b) => string.CompareOrdinal(a.ShortName, b.ShortName));
        return result;
    }
}
