namespace RspAdmin.Core.Yaml;

/// <summary>One replacement in a text: <see cref="Length"/> characters at <see cref="Start"/> become <see cref="Replacement"/>.</summary>
internal readonly record struct TextSplice(int Start, int Length, string Replacement);
