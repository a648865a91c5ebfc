namespace RspAdmin.Sandbox.Hosting;

/// <summary>Writes a kubeconfig for the sandbox: cluster and context <c>sandbox</c>, a token user, namespace <c>default</c>.</summary>
public static class KubeconfigWriter
{
    /// <summary>The bearer token the kubeconfig carries (the sandbox accepts any token, or none).</summary>
    public const string Token = "sandbox-token";

    public static string Render(Uri server) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster:
            server: {{server.ToString().TrimEnd('/')}}
        users:
        - name: sandbox
          user:
            token: {{Token}}
        contexts:
        - name: sandbox
          context:
            cluster: sandbox
            user: sandbox
            namespace: default
        current-context: sandbox
        preferences: {}

        """;

    /// <summary>Writes the file atomically (temp file, then move), creating its directory.</summary>
    public static void Write(string path, Uri server)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temp, Render(server));
        File.Move(temp, full, overwrite: true);
    }
}
