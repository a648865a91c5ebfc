using RspAdmin.Testing;

namespace RspAdmin.Registry.Tests;

/// <summary>Skips a test when a real component it needs is not installed.</summary>
internal static class Requires
{
    public const string NoRegistryMessage =
        "docker-registry is not installed (Debian package docker-registry; build.sh installs it when run as root): skipping the real-registry test.";

    public static void DockerRegistry() => Skip.IfNot(LocalRegistry.IsInstalled, NoRegistryMessage);

    /// <summary>A token that cancels after <paramref name="seconds"/>, so no test can hang.</summary>
    public static CancellationToken Within(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
