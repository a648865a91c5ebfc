using System.Diagnostics;
using System.Text;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Tests.Yaml;

/// <summary>What the editor refuses, with which error identifier and position, and that nothing is half-written.</summary>
public class YamlEditRefusalTests
{
    private static YamlPath P(string dotted) => YamlPath.Parse(dotted);

    [Fact]
    public void DuplicateKeysAnywhereAreRefusedWithTheirPosition()
    {
        var error = Assert.Throws<YamlEditException>(() => EditableYamlDocument.Parse("a:\n  b: 1\nc:\n  d: 1\n  d: 2\n", "dup.yaml"));
        Assert.Equal(YamlEditReason.DuplicateKey, error.Reason);
        Assert.Equal("Yaml.DuplicateKey", error.ErrorId);
        Assert.Equal("dup.yaml", error.File);
        Assert.Equal(5, error.Line);
        Assert.Equal(3, error.Column);
    }

    [Fact]
    public void DuplicateKeysWrittenDifferentlyAreStillDuplicates()
    {
        var error = Assert.Throws<YamlEditException>(() => EditableYamlDocument.Parse("a: 1\n\"a\": 2\n"));
        Assert.Equal(YamlEditReason.DuplicateKey, error.Reason);
        Assert.Equal(2, error.Line);
    }

    [Theory]
    [InlineData("base: &b\n  x: 1\nother: 2\n", "base.x", 1)]
    [InlineData("base: &b\n  x: 1\nother:\n  <<: *b\n  y: 2\n", "other.z", 4)]
    [InlineData("base: &b 1\nother: *b\n", "other", 2)]
    [InlineData("base: &b 1\nother: *b\n", "base", 1)]
    public void AnchorsAliasesAndMergeKeysOnThePathAreRefused(string text, string path, int line)
    {
        var document = EditableYamlDocument.Parse(text);
        var error = Assert.Throws<YamlEditException>(() => document.SetString(P(path), "v"));
        Assert.Equal("Yaml.AliasOnPath", error.ErrorId);
        Assert.Equal(line, error.Line);
        Assert.Equal(text, document.Text);
    }

    [Fact]
    public void AnchorsElsewhereDoNotStopAnEdit()
    {
        var document = EditableYamlDocument.Parse("base: &b 1\nother: *b\nfree: 2\n");
        Assert.True(document.SetInteger(P("free"), 3));
        Assert.Equal("base: &b 1\nother: *b\nfree: 3\n", document.Text);
    }

    [Theory]
    [InlineData("a: [1]\n", "a.b", "Yaml.NotAMapping", 1, 4)]
    [InlineData("a: text\n", "a.b", "Yaml.NotAMapping", 1, 4)]
    [InlineData("- 1\n", "a", "Yaml.NotAMapping", 1, 1)]
    public void PathsThroughNonMappingsAreRefused(string text, string path, string id, int line, int column)
    {
        var document = EditableYamlDocument.Parse(text);
        var error = Assert.Throws<YamlEditException>(() => document.SetString(P(path), "v"));
        Assert.Equal(id, error.ErrorId);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void WrongNodeKindsAreRefused()
    {
        var document = EditableYamlDocument.Parse("m:\n  k: 1\ns: x\n");
        Assert.Equal("Yaml.NotAScalar", Assert.Throws<YamlEditException>(() => document.SetString(P("m"), "v")).ErrorId);
        Assert.Equal("Yaml.NotASequence", Assert.Throws<YamlEditException>(() => document.EnsureSequenceItem(P("s"), "v")).ErrorId);
        Assert.Equal("Yaml.NotJson", Assert.Throws<YamlEditException>(() => document.EditJson(P("s"), j => j)).ErrorId);
        Assert.Equal("Yaml.NotFound", Assert.Throws<YamlEditException>(() => document.EditJson(P("t"), j => j)).ErrorId);
    }

    [Theory]
    [InlineData("a: [1, 2\n")]
    [InlineData("a: b: c\n")]
    [InlineData("a:\n  - 1\n b: 2\n")]
    [InlineData("a: \"unterminated\n")]
    public void MalformedYamlIsRefusedWithAPosition(string text)
    {
        var error = Assert.Throws<YamlEditException>(() => EditableYamlDocument.Parse(text, "bad.yaml"));
        Assert.Equal("Yaml.Malformed", error.ErrorId);
        Assert.True(error.Line > 0);
        Assert.StartsWith("bad.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        var error = Assert.Throws<YamlEditException>(() => EditableYamlDocument.Parse(new byte[] { (byte)'a', (byte)':', (byte)' ', 0xC3, 0x28, (byte)'\n' }, "latin.yaml"));
        Assert.Equal("Yaml.Malformed", error.ErrorId);
    }

    [Fact]
    public void SeveralDocumentsRoundTripButAreNotEdited()
    {
        const string Text = "a: 1\n---\nb: 2\n";
        var document = EditableYamlDocument.Parse(Text);
        Assert.Equal(Encoding.UTF8.GetBytes(Text), document.ToBytes());
        Assert.Equal("Yaml.MultipleDocuments", Assert.Throws<YamlEditException>(() => document.SetInteger(P("a"), 2)).ErrorId);
    }

    [Fact]
    public void AFileChangedOnDiskIsNotOverwritten()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "values.yaml");
        File.WriteAllText(path, "a: 1\n");
        var document = EditableYamlDocument.Load(path);
        Assert.True(document.SetInteger(P("a"), 2));
        File.WriteAllText(path, "a: 1\nb: someone else\n");

        var error = Assert.Throws<YamlEditException>(() => document.Save());

        Assert.Equal("Yaml.ChangedOnDisk", error.ErrorId);
        Assert.Equal(path, error.File);
        Assert.Equal("a: 1\nb: someone else\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void AFileDeletedSinceReadingIsReportedAsChanged()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "values.yaml");
        File.WriteAllText(path, "a: 1\n");
        var document = EditableYamlDocument.Load(path);
        Assert.True(document.SetInteger(P("a"), 2));
        File.Delete(path);
        Assert.Equal("Yaml.ChangedOnDisk", Assert.Throws<YamlEditException>(() => document.Save()).ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AFailedReplaceLeavesTheOriginalAndNoTemporaryFile()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "values.yaml");
        File.WriteAllText(path, "a: 1\n");
        var document = EditableYamlDocument.Load(path);
        Assert.True(document.SetInteger(P("a"), 2));
        string? temporary = null;

        var error = Assert.Throws<YamlEditException>(() => document.Save(t =>
        {
            temporary = t;
            Assert.Equal("a: 2\n", File.ReadAllText(t));
            throw new IOException("simulated rename failure");
        }));

        Assert.Equal("Yaml.WriteFailed", error.ErrorId);
        Assert.Equal("a: 1\n", File.ReadAllText(path));
        Assert.NotNull(temporary);
        Assert.False(File.Exists(temporary));
        Assert.Single(Directory.GetFiles(directory.Path));
        Assert.True(document.HasChanges);
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AnUnwritableDirectoryLeavesTheOriginalIntact()
    {
        Skip.If(OperatingSystem.IsWindows(), "Directory permissions are tested on Unix.");
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "values.yaml");
        File.WriteAllText(path, "a: 1\n");
        var document = EditableYamlDocument.Load(path);
        Assert.True(document.SetInteger(P("a"), 2));

        // As root, permissions do not stop writes; the immutable attribute does.
        var immutable = Environment.UserName == "root" && Run("chattr", "+i", directory.Path);
        if (!immutable)
        {
            File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        try
        {
            var probe = Path.Combine(directory.Path, "probe");
            var writable = true;
            try
            {
                File.WriteAllText(probe, string.Empty);
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                writable = false;
            }

            Skip.If(writable, "This account can write to a read-only directory, so the case cannot be set up here.");

            var error = Assert.Throws<YamlEditException>(() => document.Save());

            Assert.Equal("Yaml.WriteFailed", error.ErrorId);
            Assert.Equal("a: 1\n", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(directory.Path));
        }
        finally
        {
            if (immutable)
            {
                Run("chattr", "-i", directory.Path);
            }
            else
            {
                File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    [Fact]
    public void SavingADocumentMadeFromTextIsAnError()
    {
        var document = EditableYamlDocument.Parse("a: 1\n");
        document.SetInteger(P("a"), 2);
        Assert.Throws<InvalidOperationException>(() => document.Save());
    }

    [Fact]
    public void AMissingFileIsUnreadable()
    {
        var error = Assert.Throws<YamlEditException>(() => EditableYamlDocument.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "none.yaml")));
        Assert.Equal("Yaml.Unreadable", error.ErrorId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a\\")]
    [InlineData("a\\b")]
    public void BadPathsAreRefused(string dotted) => Assert.Throws<FormatException>(() => YamlPath.Parse(dotted));

    private static bool Run(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
