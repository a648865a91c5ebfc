using System.Text.Json;

namespace RspAdmin.Core.Toolforge;

/// <summary>Reads Harbor v2.0 API replies: a project's repositories and a repository's artifacts.</summary>
public static class ToolforgeHarborParser
{
    /// <summary>The repository names (without the project prefix) of a <c>/projects/&lt;p&gt;/repositories</c> reply.</summary>
    /// <exception cref="RspException"><c>Toolforge.HarborReplyInvalid</c>.</exception>
    public static IReadOnlyList<string> ParseRepositories(string json, string project)
    {
        var result = new List<string>();
        var prefix = project + "/";
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw ToolforgeErrors.HarborReplyInvalid($"the repositories of {project}", "it is not a JSON array", null);
            }

            foreach (var repository in document.RootElement.EnumerateArray())
            {
                if (repository.ValueKind == JsonValueKind.Object
                    && repository.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && name.GetString() is { } full && full.StartsWith(prefix, StringComparison.Ordinal) && full.Length > prefix.Length)
                {
                    result.Add(full[prefix.Length..]);
                }
            }
        }
        catch (JsonException e)
        {
            throw ToolforgeErrors.HarborReplyInvalid($"the repositories of {project}", e.Message, e);
        }

        return result;
    }

    /// <summary>
    /// The tagged images of a <c>.../repositories/&lt;r&gt;/artifacts</c> reply: one per tag of each
    /// artifact whose type is <c>IMAGE</c>; untagged artifacts and other types are left out.
    /// </summary>
    /// <exception cref="RspException"><c>Toolforge.HarborReplyInvalid</c>.</exception>
    public static IReadOnlyList<ToolforgeHarborImage> ParseArtifacts(string json, string host, string project, string repository)
    {
        var result = new List<ToolforgeHarborImage>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw ToolforgeErrors.HarborReplyInvalid($"the artifacts of {project}/{repository}", "it is not a JSON array", null);
            }

            foreach (var artifact in document.RootElement.EnumerateArray())
            {
                if (artifact.ValueKind != JsonValueKind.Object
                    || !artifact.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "IMAGE"
                    || !artifact.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String
                    || !artifact.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var tag in tags.EnumerateArray())
                {
                    if (tag.ValueKind == JsonValueKind.Object && tag.TryGetProperty("name", out var tagName) && tagName.ValueKind == JsonValueKind.String
                        && tagName.GetString() is { Length: > 0 } t)
                    {
                        result.Add(new ToolforgeHarborImage(host, project, repository, t, digest.GetString()!));
                    }
                }
            }
        }
        catch (JsonException e)
        {
            throw ToolforgeErrors.HarborReplyInvalid($"the artifacts of {project}/{repository}", e.Message, e);
        }

        return result;
    }
}
