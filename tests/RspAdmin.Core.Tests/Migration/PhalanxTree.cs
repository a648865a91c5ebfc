using System.Diagnostics;
using RspAdmin.Core.Tests.Support;

namespace RspAdmin.Core.Tests.Migration;

/// <summary>A Phalanx tree in a temporary directory, built from the shared fixtures or the project's own data, optionally a git repository.</summary>
internal sealed class PhalanxTree : IDisposable
{
    public PhalanxTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "rspadmin-migration-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The shared migration fixtures' phalanx folder, or null when absent.</summary>
    public static string? FixtureRoot => SharedFixtures.Fixture("migration", "phalanx") is { } path && Directory.Exists(path) ? path : null;

    /// <summary>The project's own test trees.</summary>
    public static string DataRoot => Path.Combine(AppContext.BaseDirectory, "Migration", "Data");

    /// <summary>Copies fixture files of one commit folder (e.g. <c>2023-07-13_b6d7dbe4</c>) into the tree at their repository paths.</summary>
    public PhalanxTree FromFixture(string commit, params string[] paths)
    {
        foreach (var path in paths)
        {
            var source = Path.Combine(FixtureRoot!, commit, path);
            Write(path, File.ReadAllBytes(source));
        }

        return this;
    }

    /// <summary>Copies every file of a fixture commit folder.</summary>
    public PhalanxTree FromFixtureCommit(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            Write(Path.GetRelativePath(folder, file).Replace('\\', '/'), File.ReadAllBytes(file));
        }

        return this;
    }

    /// <summary>Copies one of the project's data trees.</summary>
    public PhalanxTree FromData(string name) => FromFixtureCommit(Path.Combine(DataRoot, name));

    public PhalanxTree Write(string relative, string text) => Write(relative, System.Text.Encoding.UTF8.GetBytes(text));

    public PhalanxTree Write(string relative, byte[] bytes)
    {
        var target = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, bytes);
        return this;
    }

    public byte[] Bytes(string relative) => File.ReadAllBytes(Path.Combine(Root, relative));

    public string Text(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public bool Exists(string relative) => File.Exists(Path.Combine(Root, relative));

    /// <summary>Makes the tree a git repository with one commit on main.</summary>
    public PhalanxTree InitGit()
    {
        Git("init", "--quiet", "--initial-branch=main");
        Git("config", "user.name", "Migration Test");
        Git("config", "user.email", "migration@example.org");
        Git("config", "commit.gpgsign", "false");
        Git("add", "--all");
        Git("commit", "--quiet", "-m", "Initial tree");
        return this;
    }

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        }

        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
