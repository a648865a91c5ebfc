using System.Globalization;

namespace RspAdmin.Core.Toolforge;

/// <summary>The failures of the Toolforge area, each with its stable <c>Toolforge.*</c> identifier.</summary>
public static class ToolforgeErrors
{
    /// <summary>YAML that cannot be read, or an entry of the wrong shape.</summary>
    public static ToolforgeConfigException ConfigInvalid(string source, int line, int column, string detail, Exception? inner) =>
        new("Toolforge.ConfigInvalid", ErrorKind.Malformed,
            line > 0
                ? string.Create(CultureInfo.InvariantCulture, $"The image catalog {source} cannot be read at line {line}, column {column}: {detail}")
                : $"The image catalog {source} cannot be read: {detail}",
            source, line, column, "Fix the YAML at that position; validating the file lists every problem in it.", inner);

    /// <summary>A document that is neither a mapping of names nor the pre-2022 list.</summary>
    public static ToolforgeConfigException ConfigNotMapping(string source, string detail) =>
        new("Toolforge.ConfigNotMapping", ErrorKind.InvalidData,
            $"The image catalog {source} is not a mapping of image names: {detail}.",
            source, 1, 1, "The catalog must map each canonical name to its entry (image, state, aliases, variants).", null);

    /// <summary>A ConfigMap (or manifest) without the catalog key.</summary>
    public static ToolforgeConfigException KeyMissing(string source, string detail) =>
        new("Toolforge.KeyMissing", ErrorKind.InvalidData,
            $"The ConfigMap {source} does not hold the image catalog: {detail}.",
            source, 1, 1, $"Publish a catalog under the data key '{ToolforgeNames.DataKey}'.", null);

    /// <summary>The ConfigMap does not exist.</summary>
    public static RspException ConfigMapNotFound(string server) =>
        new("Toolforge.ConfigMapNotFound", ErrorKind.NotFound,
            $"There is no ConfigMap {ToolforgeNames.ConfigMapNamespace}/{ToolforgeNames.ConfigMapName} on {server}.",
            server, "Check the kubeconfig context, or publish a catalog from a file first.");

    /// <summary>A file that does not exist.</summary>
    public static RspException FileNotFound(string path, Exception? inner) =>
        new("Toolforge.FileNotFound", ErrorKind.NotFound, $"The image catalog file {path} does not exist.", path, "Check the path.", inner);

    /// <summary>A file that cannot be read.</summary>
    public static RspException FileUnreadable(string path, string detail, Exception? inner) =>
        new("Toolforge.FileUnreadable", ErrorKind.ReadFailed, $"The image catalog file {path} cannot be read: {detail}", path, "Check the file's permissions and size.", inner);

    /// <summary>The ConfigMap changed since it was read.</summary>
    public static RspException ConfigChanged(string target, string? expected, string? actual) =>
        new("Toolforge.ConfigChanged", ErrorKind.Conflict,
            $"The image catalog {target} changed since it was read (resourceVersion {expected ?? "?"}, now {actual ?? "newer"}); nothing was written.",
            target, "Read the catalog again, review the other change, and repeat the edit.");

    /// <summary>A catalog whose validation found errors; nothing is written.</summary>
    public static RspException ValidationFailed(string target, IReadOnlyList<ToolforgeConfigFinding> errors) =>
        new("Toolforge.ValidationFailed", ErrorKind.InvalidData,
            string.Create(CultureInfo.InvariantCulture, $"The edited image catalog for {target} has {errors.Count} error(s); nothing was written. First: {errors[0]}"),
            target, "Fix the errors the validation lists, then write again.");

    /// <summary>A bad parameter value.</summary>
    public static RspException InvalidArgument(string message, object? target) =>
        new("Toolforge.InvalidArgument", ErrorKind.InvalidArgument, message, target);

    /// <summary>A Harbor API reply that cannot be read.</summary>
    public static RspException HarborReplyInvalid(string what, string detail, Exception? inner) =>
        new("Toolforge.HarborReplyInvalid", ErrorKind.Malformed, $"Harbor's reply to {what} cannot be read: {detail}", what, "Check the Harbor address.", inner);
}
