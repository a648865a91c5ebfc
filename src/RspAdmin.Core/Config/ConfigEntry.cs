namespace RspAdmin.Core.Config;

/// <summary>One key of a YAML mapping, with where the key was written and its value.</summary>
internal sealed record ConfigEntry(string Key, ConfigLocation KeyLocation, ConfigNode Value);
