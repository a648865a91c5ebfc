using System.Text.Json.Nodes;
using RspAdmin.Core.Config.Cachemachine;
using RspAdmin.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RspAdmin.Core.Tests.Yaml;

/// <summary>
/// Adding or renaming a SimpleRepoMan image in every real cachemachine values file: only the
/// autostart scalar changes, and its JSON reads as intended.
/// </summary>
public class CachemachineAutostartEditTests
{
    private static readonly YamlPath Jupyter = YamlPath.Parse("autostart.jupyter");
    private const string NewImage = "registry.example/sciplat-lab:w_2099_01";
    private const string NewName = "Weekly 2099_01";

    public static TheoryData<string> CachemachineEnvironmentFiles() =>
        PhalanxValuesFiles.Select(f => PhalanxValuesFiles.IsEnvironmentValues(f, "cachemachine"));

    [SkippableTheory]
    [MemberData(nameof(CachemachineEnvironmentFiles))]
    public void AddingASimpleRepoManImageChangesOnlyTheAutostartScalar(string relative)
    {
        var path = PhalanxValuesFiles.Resolve(relative);
        var before = File.ReadAllText(path);
        var document = EditableYamlDocument.Load(path);

        Assert.True(document.EditJson(Jupyter, json =>
        {
            Assert.True(CachemachineAutostart.EnsureSimpleRepoManImage(json, NewImage, NewName));
            return json;
        }));
        var after = document.Text;

        AssertOnlyScalarChanged(before, after, "jupyter");

        // The JSON is the original plus the entry, appended to the existing SimpleRepoMan or in a new one.
        var expected = JsonNode.Parse(ScalarValue(before, "jupyter"))!;
        var repomen = expected["repomen"]!.AsArray();
        var simple = repomen.FirstOrDefault(r => (string?)r!["type"] == "SimpleRepoMan");
        if (simple is null)
        {
            simple = new JsonObject { ["type"] = "SimpleRepoMan", ["images"] = new JsonArray() };
            repomen.Add(simple);
        }

        simple["images"]!.AsArray().Add(new JsonObject { ["image_url"] = NewImage, ["name"] = NewName });
        var actual = JsonNode.Parse(ScalarValue(after, "jupyter"));
        Assert.True(JsonNode.DeepEquals(expected, actual), actual!.ToJsonString());

        // Every original line is still there, and the YAML around the scalar reads the same.
        var afterLines = after.Split('\n').ToList();
        Assert.All(before.Split('\n'), line => Assert.Contains(line.TrimEnd().TrimEnd(','), afterLines.Select(l => l.TrimEnd().TrimEnd(','))));
        var beforeData = YamlData.Read(before)!.AsObject();
        var afterData = YamlData.Read(after)!.AsObject();
        beforeData["autostart"]!["jupyter"] = null;
        afterData["autostart"]!["jupyter"] = null;
        Assert.True(JsonNode.DeepEquals(beforeData, afterData));

        // Idempotent.
        Assert.False(document.EditJson(Jupyter, json => { CachemachineAutostart.EnsureSimpleRepoManImage(json, NewImage, NewName); return json; }));
        Assert.Equal(after, document.Text);
    }

    [SkippableTheory]
    [MemberData(nameof(CachemachineEnvironmentFiles))]
    public void RenamingAnExistingImageChangesOneLine(string relative)
    {
        var path = PhalanxValuesFiles.Resolve(relative);
        var document = EditableYamlDocument.Load(path);
        var images = CachemachineAutostart.SimpleRepoManImages(JsonNode.Parse(document.GetScalar(Jupyter)!));
        Skip.If(images.Count == 0, $"{relative} lists no SimpleRepoMan image.");
        var (url, _) = images[0];

        Assert.True(document.EditJson(Jupyter, json => { CachemachineAutostart.EnsureSimpleRepoManImage(json, url, "Recommended target"); return json; }));

        var diff = document.GetUnifiedDiff().Split('\n');
        var removed = diff.Where(l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal)).ToList();
        var added = diff.Where(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)).ToList();
        Assert.Single(removed);
        Assert.Single(added);
        Assert.Equal(removed[0][1..].Replace(images[0].Value!, "Recommended target", StringComparison.Ordinal), added[0][1..]);
    }

    private static void AssertOnlyScalarChanged(string before, string after, string key)
    {
        var (beforeStart, beforeEnd) = ScalarSpan(before, key);
        var (afterStart, afterEnd) = ScalarSpan(after, key);
        Assert.Equal(before[..beforeStart], after[..afterStart]);
        Assert.Equal(before[beforeEnd..], after[afterEnd..]);
    }

    private static string ScalarValue(string text, string key) => FindScalar(text, key).Value;

    private static (int Start, int End) ScalarSpan(string text, string key)
    {
        var scalar = FindScalar(text, key);
        return ((int)scalar.Start.Index, (int)scalar.End.Index);
    }

    // The value scalar following the key scalar with the given text.
    private static Scalar FindScalar(string text, string key)
    {
        var parser = new Parser(new StringReader(text));
        var takeNext = false;
        while (parser.MoveNext())
        {
            if (parser.Current is Scalar scalar)
            {
                if (takeNext)
                {
                    return scalar;
                }

                takeNext = scalar.Value == key;
            }
        }

        throw new InvalidOperationException($"No scalar under '{key}'.");
    }
}
