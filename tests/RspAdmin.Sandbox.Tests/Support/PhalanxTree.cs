using System.Diagnostics;

namespace RspAdmin.Sandbox.Tests.Support;

/// <summary>A small Phalanx git checkout written by a test: files by relative path, committed.</summary>
internal static class PhalanxTree
{
    /// <summary>An environment <c>idfdev</c> in format D with nublado2 (on the chart default route), mobu and cachemachine.</summary>
    public static readonly Dictionary<string, string> Standard = new()
    {
        ["environments/values.yaml"] = "applications:\n  nublado: false\n  nublado2: false\n  mobu: false\n  cachemachine: false\n",
        ["environments/values-idfdev.yaml"] = "name: idfdev\napplications:\n  nublado2: true\n  mobu: true\n  cachemachine: true\n",
        ["applications/nublado2/values.yaml"] = "jupyterhub:\n  hub:\n    db:\n      url: postgresql://jovyan@postgres.postgres/jupyterhub\n",
        ["applications/nublado2/values-idfdev.yaml"] = "jupyterhub:\n  hub: {}\n",
        ["applications/nublado/values.yaml"] = "jupyterhub:\n  hub: {}\n",
        ["applications/nublado/values-idfdev.yaml"] = "jupyterhub:\n  hub:\n    baseUrl: /n3\n",
        ["applications/mobu/values.yaml"] = "config:\n  autostart: []\n",
        ["applications/mobu/values-idfdev.yaml"] = "config:\n  autostart:\n    - name: recommended\n      count: 1\n      business:\n        type: NotebookRunner\n    - name: tap\n      count: 2\n      business:\n        type: TAPQueryRunner\n",
        ["applications/cachemachine/values.yaml"] = "replicaCount: 1\n",
    };

    public static string Create(string directory, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(directory);
        Git(directory, "init", "-q", "-b", "main");
        Commit(directory, files.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), "initial");
        return directory;
    }

    /// <summary>Writes (or, for a null value, deletes) files and commits them.</summary>
    public static void Commit(string directory, IReadOnlyDictionary<string, string?> files, string message)
    {
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(directory, path);
            if (text is null)
            {
                File.Delete(full);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        Git(directory, "add", "-A");
        Git(directory, "-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-q", "-m", message);
    }


    private static void Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(directory);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("git failed: " + p.StandardError.ReadToEnd());
        }
    }
}
