namespace RspAdmin.Sandbox.Hosting;

/// <summary>How to start a sandbox.</summary>
public sealed class SandboxHostOptions
{
    /// <summary>Where to write the kubeconfig; null: none is written.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>The port to listen on (127.0.0.1); 0 picks a free one.</summary>
    public int Port { get; init; }
}
