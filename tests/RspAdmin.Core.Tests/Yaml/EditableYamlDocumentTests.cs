using System.Text;
using System.Text.Json.Nodes;
using RspAdmin.Core.Config.Cachemachine;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Tests.Yaml;

/// <summary>Edits of hand-written YAML: the exact text each edit must produce.</summary>
public class EditableYamlDocumentTests
{
    private static YamlPath P(string dotted) => YamlPath.Parse(dotted);

    [Fact]
    public void CrlfLineEndingsAreKeptAndUsedForNewLines()
    {
        var document = EditableYamlDocument.Parse("a:\r\n  b: 1\r\nz: 2\r\n");
        Assert.True(document.SetString(P("a.c"), "x"));
        Assert.True(document.EnsureSequenceItem(P("a.d"), "yy"));
        Assert.Equal("a:\r\n  b: 1\r\n  c: x\r\n  d:\r\n    - yy\r\nz: 2\r\n", document.Text);
        Assert.Equal("\r\n", document.NewLine);
    }

    [Fact]
    public void ByteOrderMarkIsKept()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("a: 1\n")).ToArray();
        var document = EditableYamlDocument.Parse(bytes, "bom.yaml");
        Assert.Equal(bytes, document.ToBytes());
        Assert.True(document.SetInteger(P("a"), 2));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("a: 2\n")), document.ToBytes());
    }

    [Fact]
    public void MissingFinalLineBreakStaysMissing()
    {
        var document = EditableYamlDocument.Parse("a:\n  b: 1");
        Assert.True(document.SetString(P("a.c"), "2"));
        Assert.Equal("a:\n  b: 1\n  c: \"2\"", document.Text);
        Assert.True(document.RemoveKey(P("a.c")));
        Assert.Equal("a:\n  b: 1", document.Text);
    }

    [Fact]
    public void FlowSequencesGrowAndShrinkInFlowStyle()
    {
        var document = EditableYamlDocument.Parse("pin: [a, b]  # pinned\n");
        Assert.True(document.EnsureSequenceItem(P("pin"), "c"));
        Assert.Equal("pin: [a, b, c]  # pinned\n", document.Text);
        Assert.False(document.EnsureSequenceItem(P("pin"), "b"));
        Assert.True(document.RemoveSequenceItem(P("pin"), "a"));
        Assert.Equal("pin: [b, c]  # pinned\n", document.Text);
        Assert.True(document.RemoveSequenceItem(P("pin"), "c"));
        Assert.Equal("pin: [b]  # pinned\n", document.Text);
        Assert.True(document.RemoveSequenceItem(P("pin"), "b"));
        Assert.Equal("pin: []  # pinned\n", document.Text);
        Assert.True(document.EnsureSequenceItem(P("pin"), "1.0"));
        Assert.Equal("pin: [\"1.0\"]  # pinned\n", document.Text);
    }

    [Fact]
    public void FlowMappingsTakeNewKeysInFlowStyle()
    {
        var document = EditableYamlDocument.Parse("m: {a: 1, b: 2}\n");
        Assert.True(document.SetString(P("m.c"), "x, y"));
        Assert.Equal("m: {a: 1, b: 2, c: \"x, y\"}\n", document.Text);
        Assert.True(document.SetInteger(P("m.a"), 5));
        Assert.True(document.RemoveKey(P("m.b")));
        Assert.Equal("m: {a: 5, c: \"x, y\"}\n", document.Text);
        Assert.True(document.SetString(P("m.d.e"), "f"));
        // New strings follow their neighbours' quoting.
        Assert.Equal("m: {a: 5, c: \"x, y\", d: {e: \"f\"}}\n", document.Text);
    }

    [Fact]
    public void BlockSequencesKeepTheirItemPrefix()
    {
        var document = EditableYamlDocument.Parse("pin:\n    -   \"r29_2_0_rsp2697\"\nnext: 1\n");
        Assert.True(document.EnsureSequenceItem(P("pin"), "w_2099_01"));
        Assert.Equal("pin:\n    -   \"r29_2_0_rsp2697\"\n    -   \"w_2099_01\"\nnext: 1\n", document.Text);
        Assert.True(document.RemoveSequenceItem(P("pin"), "r29_2_0_rsp2697"));
        Assert.Equal("pin:\n    -   \"w_2099_01\"\nnext: 1\n", document.Text);
        Assert.True(document.RemoveSequenceItem(P("pin"), "w_2099_01"));
        Assert.Equal("pin: []\nnext: 1\n", document.Text);
    }

    [Fact]
    public void CommentsAndBlankLinesStayPut()
    {
        const string Text =
            "# header comment\n" +
            "controller:  # trailing\n" +
            "  # about config\n" +
            "  config:\n" +
            "    images:\n" +
            "      # the source\n" +
            "      source:\n" +
            "        type: docker   # docker source\n" +
            "      recommendedTag: recommended  # the tag\n" +
            "\n" +
            "    # lab settings follow\n" +
            "    lab: {}\n" +
            "# footer\n";
        var document = EditableYamlDocument.Parse(Text);

        Assert.True(document.SetString(P("controller.config.images.recommendedTag"), "w_2099_01"));
        Assert.Equal(Text.Replace("recommendedTag: recommended  #", "recommendedTag: w_2099_01  #", StringComparison.Ordinal), document.Text);

        Assert.True(document.EnsureSequenceItem(P("controller.config.images.pin"), "w_2099_01"));
        Assert.True(document.SetString(P("controller.config.lab.env.FOO"), "bar"));
        Assert.Equal(
            "# header comment\n" +
            "controller:  # trailing\n" +
            "  # about config\n" +
            "  config:\n" +
            "    images:\n" +
            "      # the source\n" +
            "      source:\n" +
            "        type: docker   # docker source\n" +
            "      recommendedTag: w_2099_01  # the tag\n" +
            "      pin:\n" +
            "        - w_2099_01\n" +
            "\n" +
            "    # lab settings follow\n" +
            "    lab:\n" +
            "      env:\n" +
            "        FOO: bar\n" +
            "# footer\n",
            document.Text);
    }

    [Fact]
    public void TabsInCommentsAreKept()
    {
        var document = EditableYamlDocument.Parse("a: 1\t# tab comment\nb:\t\t# c\n  c: 2\n");
        Assert.True(document.SetInteger(P("a"), 3));
        Assert.True(document.SetString(P("b.d"), "x"));
        Assert.Equal("a: 3\t# tab comment\nb:\t\t# c\n  c: 2\n  d: x\n", document.Text);
    }

    [Fact]
    public void QuotedKeysAreFoundByValue()
    {
        var document = EditableYamlDocument.Parse("\"controller\":\n  'config':\n    \"images\":\n      'recommendedTag': 'recommended'\n");
        Assert.Equal("recommended", document.GetScalar(P("controller.config.images.recommendedTag")));
        Assert.True(document.SetString(P("controller.config.images.recommendedTag"), "it's"));
        Assert.Equal("\"controller\":\n  'config':\n    \"images\":\n      'recommendedTag': 'it''s'\n", document.Text);
    }

    [Fact]
    public void KeysWithDotsAreAddressedWithEscapes()
    {
        var document = EditableYamlDocument.Parse("nodeSelector:\n  edu.stanford.slac.sdf.project/rsp: \"true\"\n");
        var path = YamlPath.Parse(@"nodeSelector.edu\.stanford\.slac\.sdf\.project/rsp");
        Assert.Equal(2, path.Keys.Count);
        Assert.Equal("true", document.GetScalar(path));
        Assert.False(document.SetString(path, "true"));
        Assert.True(document.SetString(path, "false"));
        Assert.Equal("nodeSelector:\n  edu.stanford.slac.sdf.project/rsp: \"false\"\n", document.Text);
    }

    [Fact]
    public void MissingParentsAreCreatedWithTheFileIndentation()
    {
        var empty = EditableYamlDocument.Parse(string.Empty);
        Assert.True(empty.SetString(P("a.b.c"), "x"));
        Assert.Equal("a:\n  b:\n    c: x\n", empty.Text);

        var four = EditableYamlDocument.Parse("top:\n    x:\n        y: 1\nother: 2\n");
        Assert.Equal(4, four.IndentUnit);
        Assert.True(four.SetString(P("top.y.z.w"), "v"));
        Assert.True(four.EnsureSequenceItem(P("top.x.list"), "i"));
        // "y" would read as a boolean in YAML 1.1, so the new key is quoted.
        Assert.Equal("top:\n    x:\n        y: 1\n        list:\n            - i\n    \"y\":\n        z:\n            w: v\nother: 2\n", four.Text);

        var indentless = EditableYamlDocument.Parse("a:\n  s:\n  - 1\n");
        Assert.True(indentless.EnsureSequenceItem(P("a.t"), "x"));
        Assert.Equal("a:\n  s:\n  - 1\n  t:\n  - x\n", indentless.Text);
    }

    [Fact]
    public void NullValuesBecomeMappingsOrSequences()
    {
        var document = EditableYamlDocument.Parse("a:\nb: ~  # none yet\nc: 1\n");
        Assert.True(document.SetString(P("a.x"), "1"));
        Assert.True(document.EnsureSequenceItem(P("b"), "w_2099_01"));
        Assert.Equal("a:\n  x: \"1\"\nb:  # none yet\n  - \"w_2099_01\"\nc: 1\n", document.Text);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("1.0")]
    [InlineData("null")]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("Off")]
    [InlineData("0x1F")]
    [InlineData("0o17")]
    [InlineData("017")]
    [InlineData("1_000")]
    [InlineData("1:20")]
    [InlineData("1e3")]
    [InlineData(".inf")]
    [InlineData("-.5")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("2001-12-14")]
    [InlineData("a: b")]
    [InlineData("x #y")]
    [InlineData("#x")]
    [InlineData("*x")]
    [InlineData("&x")]
    [InlineData("!x")]
    [InlineData("- x")]
    [InlineData("ends:")]
    [InlineData(" lead")]
    [InlineData("trail ")]
    [InlineData("two\nlines")]
    [InlineData("tab\there")]
    public void ValuesThatWouldChangeTypeOrBreakArePlainNever(string value)
    {
        var document = EditableYamlDocument.Parse("key: plain  # c\n");
        Assert.True(document.SetString(P("key"), value));
        Assert.StartsWith("key: \"", document.Text, StringComparison.Ordinal);
        Assert.EndsWith("\"  # c\n", document.Text, StringComparison.Ordinal);
        Assert.Equal(value, YamlData.At(YamlData.Read(document.Text), "key")!.GetValue<string>());
    }

    [Theory]
    [InlineData("w_2022_40")]
    [InlineData("r29_2_0_rsp2697")]
    [InlineData("1.2.3")]
    [InlineData("3m")]
    [InlineData("/nb/hub")]
    [InlineData("a:b")]
    [InlineData("x#y")]
    public void SafeValuesStayPlain(string value)
    {
        var document = EditableYamlDocument.Parse("key: plain\n");
        Assert.True(document.SetString(P("key"), value));
        Assert.Equal($"key: {value}\n", document.Text);
        Assert.Equal(value, YamlData.At(YamlData.Read(document.Text), "key")!.GetValue<string>());
    }

    [Fact]
    public void ExistingQuotingStyleIsKept()
    {
        var document = EditableYamlDocument.Parse("d: \"x\"\ns: 'y'\np: z\n");
        Assert.True(document.SetString(P("d"), "a\"b\\c"));
        Assert.True(document.SetString(P("s"), "it's"));
        Assert.True(document.SetString(P("p"), "plain"));
        Assert.Equal("d: \"a\\\"b\\\\c\"\ns: 'it''s'\np: plain\n", document.Text);
    }

    [Fact]
    public void TypedScalarsAreWrittenPlain()
    {
        var document = EditableYamlDocument.Parse("n: \"3\"\nb: yes\ns: true\n");
        Assert.True(document.SetInteger(P("n"), 3));
        Assert.True(document.SetBoolean(P("b"), true));
        Assert.False(document.SetBoolean(P("s"), true));
        Assert.True(document.SetString(P("s"), "true"));
        Assert.Equal("n: 3\nb: true\ns: \"true\"\n", document.Text);
    }

    [Fact]
    public void NoOpEditsKeepEveryByteAndReportNoChange()
    {
        const string Text = "a:  \"x\"   # c\nb: 'y'\nc: 3\nd: [p, \"q\"]\ne: |\n  line\n";
        var document = EditableYamlDocument.Parse(Text);
        Assert.False(document.SetString(P("a"), "x"));
        Assert.False(document.SetString(P("b"), "y"));
        Assert.False(document.SetInteger(P("c"), 3));
        Assert.False(document.EnsureSequenceItem(P("d"), "q"));
        Assert.False(document.RemoveSequenceItem(P("d"), "zz"));
        Assert.False(document.RemoveKey(P("zz")));
        Assert.False(document.SetString(P("e"), "line\n"));
        Assert.False(document.HasChanges);
        Assert.Equal(Text, document.Text);
        Assert.Equal(string.Empty, document.GetUnifiedDiff());
    }

    [Fact]
    public void LiteralBlocksKeepTheirStyleAndIndentation()
    {
        var document = EditableYamlDocument.Parse("nss:\n  baseGroup: |\n      root:x:0:\n      daemon:x:1:\n\n  other: 1\n");
        Assert.True(document.SetString(P("nss.baseGroup"), "root:x:0:\nusers:x:100:\n"));
        Assert.Equal("nss:\n  baseGroup: |\n      root:x:0:\n      users:x:100:\n\n  other: 1\n", document.Text);
        Assert.True(document.SetString(P("nss.baseGroup"), "one line"));
        Assert.Equal("nss:\n  baseGroup: |-\n      one line\n\n  other: 1\n", document.Text);
    }

    [Fact]
    public void RemovingKeysTakesWholeLines()
    {
        var document = EditableYamlDocument.Parse("a:\n  b: 1  # one\n  c:\n    d: 2\n  e: 3\nf:\n  g: 4\n");
        Assert.True(document.RemoveKey(P("a.c")));
        Assert.Equal("a:\n  b: 1  # one\n  e: 3\nf:\n  g: 4\n", document.Text);
        Assert.True(document.RemoveKey(P("f.g")));
        Assert.Equal("a:\n  b: 1  # one\n  e: 3\nf: {}\n", document.Text);
    }

    [Fact]
    public void JsonInALiteralBlockKeepsItsLayout()
    {
        const string Text =
            "autostart:\n" +
            "  jupyter: |\n" +
            "    {\n" +
            "      \"name\": \"jupyter\",\n" +
            "      \"labels\": {},\n" +
            "      \"repomen\": [\n" +
            "        {\n" +
            "          \"type\": \"RubinRepoMan\",\n" +
            "          \"alias_tags\": [\n" +
            "              \"latest\"\n" +
            "          ]\n" +
            "        }\n" +
            "      ]\n" +
            "    }\n" +
            "other: 1\n";
        var document = EditableYamlDocument.Parse(Text);
        Assert.True(document.EditJson(P("autostart.jupyter"), json =>
        {
            CachemachineAutostart.EnsureSimpleRepoManImage(json, "r/sciplat-lab:w_2021_33", "Weekly 2021_33");
            return json;
        }));
        Assert.Equal(
            "autostart:\n" +
            "  jupyter: |\n" +
            "    {\n" +
            "      \"name\": \"jupyter\",\n" +
            "      \"labels\": {},\n" +
            "      \"repomen\": [\n" +
            "        {\n" +
            "          \"type\": \"RubinRepoMan\",\n" +
            "          \"alias_tags\": [\n" +
            "              \"latest\"\n" +
            "          ]\n" +
            "        },\n" +
            "        {\n" +
            "          \"type\": \"SimpleRepoMan\",\n" +
            "          \"images\": [\n" +
            "            {\n" +
            "              \"image_url\": \"r/sciplat-lab:w_2021_33\",\n" +
            "              \"name\": \"Weekly 2021_33\"\n" +
            "            }\n" +
            "          ]\n" +
            "        }\n" +
            "      ]\n" +
            "    }\n" +
            "other: 1\n",
            document.Text);
    }

    [Fact]
    public void JsonInAQuotedScalarStaysOnOneLine()
    {
        var document = EditableYamlDocument.Parse("autostart:\n  jupyter: '{\"name\": \"jupyter\", \"repomen\": []}'\n");
        Assert.True(document.EditJson(P("autostart.jupyter"), json =>
        {
            CachemachineAutostart.EnsureSimpleRepoManImage(json, "r/x:w_2021_33", "Weekly 2021_33");
            return json;
        }));
        Assert.Equal(
            "autostart:\n  jupyter: '{\"name\": \"jupyter\", \"repomen\": [{\"type\": \"SimpleRepoMan\", \"images\": [{\"image_url\": \"r/x:w_2021_33\", \"name\": \"Weekly 2021_33\"}]}]}'\n",
            document.Text);
    }

    [Fact]
    public void UnifiedDiffHasHeadersHunksAndThreeLinesOfContext()
    {
        var lines = Enumerable.Range(1, 12).Select(i => $"k{i}: {i}").ToList();
        var document = EditableYamlDocument.Parse(string.Join("\n", lines) + "\n", "values.yaml");
        Assert.True(document.SetInteger(P("k6"), 60));
        Assert.Equal(
            "--- a/values.yaml\n+++ b/values.yaml\n@@ -3,7 +3,7 @@\n k3: 3\n k4: 4\n k5: 5\n-k6: 6\n+k6: 60\n k7: 7\n k8: 8\n k9: 9\n",
            document.GetUnifiedDiff());
    }

    [Fact]
    public void SaveReplacesTheFileAndKeepsItsMode()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "values.yaml");
        File.WriteAllText(path, "a: 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        var document = EditableYamlDocument.Load(path);
        Assert.False(document.Save());
        Assert.True(document.SetInteger(P("a"), 2));
        Assert.True(document.Save());
        Assert.Equal("a: 2\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(directory.Path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        }

        // A second edit and save after the first works from the saved state.
        Assert.True(document.SetInteger(P("a"), 3));
        Assert.True(document.Save());
        Assert.Equal("a: 3\n", File.ReadAllText(path));
    }

    [Fact]
    public void AddingAnImageToAnExistingSimpleRepoManAppendsToItsList()
    {
        var json = JsonNode.Parse("{\"repomen\": [{\"type\": \"SimpleRepoMan\", \"images\": [{\"image_url\": \"a\", \"name\": \"A\"}]}]}");
        Assert.True(CachemachineAutostart.EnsureSimpleRepoManImage(json, "b", "B"));
        Assert.False(CachemachineAutostart.EnsureSimpleRepoManImage(json, "a", "A"));
        Assert.True(CachemachineAutostart.EnsureSimpleRepoManImage(json, "a", "A2"));
        Assert.Equal("{\"repomen\":[{\"type\":\"SimpleRepoMan\",\"images\":[{\"image_url\":\"a\",\"name\":\"A2\"},{\"image_url\":\"b\",\"name\":\"B\"}]}]}", json!.ToJsonString());
    }
}
