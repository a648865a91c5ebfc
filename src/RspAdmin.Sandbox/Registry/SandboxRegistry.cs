using RspAdmin.RegistryHarness;

namespace RspAdmin.Sandbox.Registry;

/// <summary>
/// The registry a scenario starts: Debian's docker-registry through the shared launcher
/// (<see cref="DockerRegistryProcess"/>), open, with storage in a temporary directory that disposing removes.
/// </summary>
internal sealed class SandboxRegistry : IAsyncDisposable
{
    private readonly DockerRegistryProcess _process;
    private readonly string _directory;

    private SandboxRegistry(DockerRegistryProcess process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address => _process.Address;

    public static async Task<SandboxRegistry> StartAsync(CancellationToken cancellationToken)
    {
        if (!DockerRegistryProcess.IsInstalled)
        {
            throw new SandboxException("Sandbox.RegistryUnavailable", "The scenario asks to start a registry, but 'docker-registry' is not installed (Debian package docker-registry).");
        }

        var directory = Directory.CreateTempSubdirectory("rspadmin-sandbox-registry-").FullName;
        try
        {
            return new SandboxRegistry(await DockerRegistryProcess.StartAsync(directory, cancellationToken: cancellationToken).ConfigureAwait(false), directory);
        }
        catch (InvalidOperationException e)
        {
            Delete(directory);
            throw new SandboxException("Sandbox.RegistryUnavailable", $"docker-registry did not start: {e.Message}");
        }
    }

    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        Delete(_directory);
        return ValueTask.CompletedTask;
    }

    private static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary folder is cleaned by the system eventually.
        }
    }
}
