using System.Diagnostics;

namespace RspAdmin.Core.Migration;

/// <summary>The git operations repo steps need, through the git command line (never a push unless asked).</summary>
public sealed class GitCheckout
{
    private readonly string _root;

    /// <summary>Opens the git work tree at <paramref name="root"/>.</summary>
    /// <exception cref="RspException"><c>Migration.NotAGitCheckout</c>.</exception>
    public GitCheckout(string root)
    {
        _root = root;
        var top = Run("rev-parse", "--show-toplevel");
        if (top.Code != 0)
        {
            throw new RspException("Migration.NotAGitCheckout", ErrorKind.InvalidArgument, $"{_root} is not a git work tree: {top.Error.Trim()}", _root,
                "Run the stage in a git clone of Phalanx.");
        }
    }

    /// <summary>The current branch, or null when HEAD is detached.</summary>
    public string? CurrentBranch
    {
        get
        {
            var result = Run("symbolic-ref", "--quiet", "--short", "HEAD");
            return result.Code == 0 ? result.Output.Trim() : null;
        }
    }

    /// <summary>The commit HEAD points at.</summary>
    public string Head => Require(Run("rev-parse", "HEAD"), "read HEAD").Trim();

    /// <summary>The changed and untracked paths below the checkout, relative to it, forward slashes.</summary>
    public IReadOnlyList<string> ChangedPaths()
    {
        var output = Require(Run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."), "read the status");
        var paths = new List<string>();
        var fields = output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < fields.Length; i++)
        {
            var entry = fields[i];
            if (entry.Length < 4)
            {
                continue;
            }

            paths.Add(entry[3..]);
            if (entry[0] is 'R' or 'C')
            {
                i++;
            }
        }

        var prefix = Require(Run("rev-parse", "--show-prefix"), "read the prefix").Trim();
        return paths.Select(p => p.StartsWith(prefix, StringComparison.Ordinal) ? p[prefix.Length..] : p).ToList();
    }

    /// <summary>Switches to <paramref name="branch"/>, creating it from HEAD when it does not exist.</summary>
    public void SwitchTo(string branch)
    {
        if (CurrentBranch == branch)
        {
            return;
        }

        var exists = Run("rev-parse", "--verify", "--quiet", "refs/heads/" + branch).Code == 0;
        Require(exists ? Run("checkout", "--quiet", branch) : Run("checkout", "--quiet", "-b", branch), $"switch to branch {branch}");
    }

    /// <summary>Stages exactly <paramref name="paths"/> (edits and deletions) and commits them; returns the new commit.</summary>
    public string Commit(IReadOnlyCollection<string> paths, string message)
    {
        Require(Run(["add", "--all", "--", .. paths]), "stage the changed files");
        Require(Run(["commit", "--quiet", "-m", message, "--", .. paths]), "commit");
        return Head;
    }

    /// <summary>Pushes the branch to its remote (only when asked).</summary>
    public void Push(string remote, string branch) => Require(Run("push", "--quiet", remote, branch), $"push {branch} to {remote}");

    private string Require((int Code, string Output, string Error) result, string what) =>
        result.Code == 0
            ? result.Output
            : throw new RspException("Migration.GitFailed", ErrorKind.WriteFailed, $"git could not {what} in {_root}: {result.Error.Trim()}", _root,
                "Fix the checkout (identity, locks, conflicts) and resume.");

    private (int Code, string Output, string Error) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("core.quotepath=off");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RspException("Migration.GitUnavailable", ErrorKind.Unavailable, $"git cannot be started: {e.Message}", _root,
                "Install git and make sure it is on the PATH.", e);
        }
    }
}
