namespace RspAdmin.HelpBuilder.Markdown;

/// <summary>One <c>key: value</c> line of a flat YAML mapping.</summary>
/// <param name="Key">The key as written.</param>
/// <param name="Value">The scalar value, empty when the key has none.</param>
/// <param name="Line">The 1-based line of the key in the help page.</param>
public sealed record YamlEntry(string Key, string Value, int Line);
