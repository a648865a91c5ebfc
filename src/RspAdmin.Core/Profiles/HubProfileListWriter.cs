using System.Text.Json.Nodes;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Profiles;

/// <summary>What writing a profile did (or, for a dry run, would do).</summary>
/// <param name="Path">The values file.</param>
/// <param name="Slug">The profile's slug.</param>
/// <param name="Action">Added, Replaced or Unchanged.</param>
/// <param name="Diff">The unified diff of the change; empty when unchanged.</param>
public sealed record HubProfileWriteResult(string Path, string Slug, string Action, string Diff);

/// <summary>Writes a profile into <c>jupyterhub.singleuser.profileList</c> of a hub values file with the surgical YAML editor.</summary>
public static class HubProfileListWriter
{
    private static readonly YamlPath ListPath = new("jupyterhub", "singleuser", "profileList");

    /// <summary>
    /// Replaces the profile with the entry's slug (or appends it), leaving every other profile and
    /// comment as it was; with <paramref name="save"/> false nothing is written.
    /// </summary>
    /// <exception cref="RspException"><c>HubProfile.NotHubValues</c>, <c>HubProfile.ListIsMapping</c>, <c>HubProfile.BadSlug</c>, and the editor's <c>Yaml.*</c> refusals.</exception>
    public static HubProfileWriteResult Write(string path, HubProfileEntry entry, string? slug, bool save)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(entry);
        var node = entry.ToNode();
        if (slug is not null)
        {
            if (slug.Length == 0 || ProfileSlug.Slugify(slug) != slug)
            {
                throw new RspException("HubProfile.BadSlug", ErrorKind.InvalidArgument,
                    $"'{slug}' is not a slug (lower-case letters, digits and single dashes).", slug);
            }

            node["slug"] = slug;
        }

        var document = EditableYamlDocument.Load(path);
        if (!document.Contains(new YamlPath("jupyterhub")))
        {
            throw new RspException("HubProfile.NotHubValues", ErrorKind.InvalidData,
                $"'{path}' has no 'jupyterhub' key, so it is not the values file of a hub; nothing was written.", path,
                "Give the hub's values file (the one with jupyterhub.singleuser).");
        }

        var values = HubValues.Parse(document.Text, path);
        if (HubValues.At(values.Root, "jupyterhub", "singleuser", "profileList") is JsonObject)
        {
            throw new RspException("HubProfile.ListIsMapping", ErrorKind.Unsupported,
                $"jupyterhub.singleuser.profileList in '{path}' is a mapping (the hub sorts it by key); nothing was written.", path,
                "Rewrite profileList as a list, then run the command again.");
        }

        var newSlug = (string)node["slug"]!;
        var profiles = HubProfileList.FromValues(values).Profiles;
        if (profiles.FirstOrDefault(p => p.GivenSlug is null && p.Slug == newSlug) is { } generated)
        {
            throw new RspException("HubProfile.SlugConflict", ErrorKind.Conflict,
                $"Profile '{generated.DisplayName}' in '{path}' gets the slug '{newSlug}' from its display name; writing another profile with that slug would hide one of them. Nothing was written.", path,
                $"Add slug: {newSlug} to that profile to replace it, or choose another slug.");
        }

        var existed = profiles.Any(p => p.GivenSlug == newSlug);
        var changed = document.SetSequenceMappingItem(ListPath, "slug", node);
        var diff = document.GetUnifiedDiff();
        if (changed && save)
        {
            document.Save();
        }

        return new HubProfileWriteResult(path, (string)node["slug"]!, !changed ? "Unchanged" : existed ? "Replaced" : "Added", diff);
    }
}
