namespace RspAdmin.Sandbox.Hosting;

/// <summary>A host lifetime that installs no signal handlers: the sandbox's owner (the executable or a test) decides when it stops.</summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
