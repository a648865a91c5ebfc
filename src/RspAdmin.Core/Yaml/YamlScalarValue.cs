using YamlDotNet.Core;

namespace RspAdmin.Core.Yaml;

/// <summary>A scalar to write: a string (quoted when it must be) or a plain token such as <c>3</c> or <c>true</c>.</summary>
internal readonly record struct YamlScalarValue(string Text, bool IsString)
{
    public string Format(ScalarStyle preferred, bool inFlow) =>
        IsString ? YamlScalarFormatter.FormatString(Text, preferred, inFlow) : Text;

    /// <summary>True when <paramref name="node"/> already reads as this value.</summary>
    public bool IsWrittenIn(YamlSourceNode node) =>
        IsString ? YamlScalarFormatter.ReadsAsString(node, Text) : node.IsScalar && !node.HasTag && node.ScalarStyle == ScalarStyle.Plain && node.Value == Text;
}
