using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Tests.Yaml;

/// <summary>
/// The editor against every real Phalanx values file: untouched files come back byte for byte,
/// and pinning an image in nublado values changes only the pin lines.
/// </summary>
public class PhalanxValuesEditTests
{
    private static readonly YamlPath Pin = YamlPath.Parse("controller.config.images.pin");
    private const string NewPin = "w_2099_01";

    public static TheoryData<string> AllFiles() => PhalanxValuesFiles.Select(_ => true);

    public static TheoryData<string> NubladoEnvironmentFiles() =>
        PhalanxValuesFiles.Select(f => PhalanxValuesFiles.IsEnvironmentValues(f, "nublado"));

    [SkippableTheory]
    [MemberData(nameof(AllFiles))]
    public void LoadAndRenderWithoutEditsIsByteIdentical(string relative)
    {
        var path = PhalanxValuesFiles.Resolve(relative);
        var original = File.ReadAllBytes(path);

        var document = EditableYamlDocument.Load(path);

        Assert.Equal(original, document.ToBytes());
        Assert.False(document.HasChanges);
        Assert.Equal(string.Empty, document.GetUnifiedDiff());
    }

    [SkippableTheory]
    [MemberData(nameof(AllFiles))]
    public void SettingEveryScalarToItsOwnValueIsANoOp(string relative)
    {
        var path = PhalanxValuesFiles.Resolve(relative);
        var original = File.ReadAllBytes(path);
        var document = EditableYamlDocument.Load(path);
        var data = YamlData.Read(document.Text);

        foreach (var (keys, value) in StringLeaves(data, []))
        {
            Assert.False(document.SetString(new YamlPath(keys), value), string.Join(".", keys));
        }

        Assert.Equal(original, document.ToBytes());
        Assert.False(document.HasChanges);
    }

    [SkippableTheory]
    [MemberData(nameof(NubladoEnvironmentFiles))]
    public void EnsuringAPinChangesOnlyThePinLines(string relative)
    {
        var path = PhalanxValuesFiles.Resolve(relative);
        var before = File.ReadAllText(path);
        var beforeData = YamlData.Read(before);
        Skip.If(YamlData.At(beforeData, "controller", "config", "images", "source", "type")?.GetValue<string>() != "docker",
            $"{relative} has no docker image source.");

        var document = EditableYamlDocument.Load(path);
        Assert.True(document.EnsureSequenceItem(Pin, NewPin));
        var after = document.Text;

        // Only added lines, and only the pin's own lines; every old line is still there, in order.
        var diff = document.GetUnifiedDiff();
        var changed = diff.Split('\n').Where(l => l.Length > 0 && l[0] is '+' or '-' && !l.StartsWith("+++", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, l => Assert.Matches(@"^\+ *(pin:|- ""?w_2099_01""?)$", l));
        var afterLines = after.Split('\n').ToList();
        foreach (var added in changed)
        {
            afterLines.Remove(added[1..]);
        }

        Assert.Equal(before.Split('\n'), afterLines);

        // The result reads as the original data plus the pin.
        var expected = beforeData!.DeepClone();
        var images = (JsonObject)YamlData.At(expected, "controller", "config", "images")!;
        if (images["pin"] is not JsonArray pins)
        {
            pins = [];
            images["pin"] = pins;
        }

        pins.Add(NewPin);
        Assert.True(JsonNode.DeepEquals(expected, YamlData.Read(after)), after);

        // A second time is a no-op.
        Assert.False(document.EnsureSequenceItem(Pin, NewPin));
        Assert.Equal(after, document.Text);
    }

    [SkippableTheory]
    [MemberData(nameof(NubladoEnvironmentFiles))]
    public void SettingTheRecommendedTagTouchesOneLineOrAddsOne(string relative)
    {
        var path = PhalanxValuesFiles.Resolve(relative);
        var before = File.ReadAllText(path);
        var document = EditableYamlDocument.Load(path);
        var hadTag = document.GetScalar(YamlPath.Parse("controller.config.images.recommendedTag")) is not null;
        Skip.If(document.GetScalar(YamlPath.Parse("controller.config.images.source.type")) is null, $"{relative} has no image source.");

        Assert.True(document.SetString(YamlPath.Parse("controller.config.images.recommendedTag"), "r99_0_0"));

        var diff = document.GetUnifiedDiff();
        var removed = diff.Split('\n').Count(l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal));
        var added = diff.Split('\n').Where(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)).ToList();
        Assert.Equal(hadTag ? 1 : 0, removed);
        Assert.Single(added);
        Assert.Matches(new Regex(@"^\+ +recommendedTag: ""?r99_0_0""?$"), added[0]);
        Assert.Equal("r99_0_0", YamlData.At(YamlData.Read(document.Text), "controller", "config", "images", "recommendedTag")!.GetValue<string>());
        Assert.NotEqual(before, document.Text);
    }

    public static TheoryData<string> EnvironmentFiles() => PhalanxValuesFiles.Select(f => f.Contains("/environments/values-", StringComparison.Ordinal));

    [SkippableTheory]
    [MemberData(nameof(EnvironmentFiles))]
    public void TogglingAnApplicationFlagChangesOneLine(string relative)
    {
        var path = PhalanxValuesFiles.Resolve(relative);
        var before = File.ReadAllText(path);
        var flags = (YamlData.At(YamlData.Read(before), "applications") as JsonObject)!
            .Where(p => p.Value is JsonValue v && v.TryGetValue<bool>(out _)).ToList();
        Assert.NotEmpty(flags);

        foreach (var (name, value) in flags)
        {
            var document = EditableYamlDocument.Load(path);
            var flag = new YamlPath("applications", name);
            Assert.False(document.SetBoolean(flag, value!.GetValue<bool>()));
            Assert.True(document.SetBoolean(flag, !value.GetValue<bool>()));

            var beforeLines = before.Split('\n');
            var afterLines = document.Text.Split('\n');
            Assert.Equal(beforeLines.Length, afterLines.Length);
            var changed = Enumerable.Range(0, beforeLines.Length).Where(i => beforeLines[i] != afterLines[i]).ToList();
            Assert.Single(changed);
            Assert.Equal(beforeLines[changed[0]].Replace(value.GetValue<bool>() ? "true" : "false", value.GetValue<bool>() ? "false" : "true", StringComparison.Ordinal), afterLines[changed[0]]);
        }
    }

    private static IEnumerable<(string[] Keys, string Value)> StringLeaves(JsonNode? node, string[] prefix)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                foreach (var leaf in StringLeaves(value, [.. prefix, key]))
                {
                    yield return leaf;
                }
            }
        }
        else if (node is JsonValue value && value.TryGetValue<string>(out var text) && prefix.Length > 0)
        {
            yield return (prefix, text);
        }
    }
}
