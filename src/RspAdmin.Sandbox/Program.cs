using System.Runtime.InteropServices;
using RspAdmin.Sandbox;
using RspAdmin.Sandbox.Hosting;
using RspAdmin.Sandbox.Scenario;

// The sandbox executable: rspadmin-sandbox [--scenario FILE] [--kubeconfig PATH] [--port N]
// Prints one READY line on stdout, then runs until SIGTERM/SIGINT or until stdin closes.
string? scenarioPath = null;
string? kubeconfig = null;
var port = 0;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new SandboxException("Sandbox.UsageInvalid", $"{args[i]} needs a value.");
    try
    {
        switch (args[i])
        {
            case "--scenario":
                scenarioPath = Next();
                break;
            case "--kubeconfig":
                kubeconfig = Next();
                break;
            case "--port":
                if (!int.TryParse(Next(), out port) || port is < 0 or > 65535)
                {
                    throw new SandboxException("Sandbox.UsageInvalid", "--port needs a number from 0 to 65535.");
                }

                break;
            case "-h" or "--help":
                Console.WriteLine("usage: RspAdmin.Sandbox [--scenario FILE] [--kubeconfig PATH] [--port N]");
                return 0;
            default:
                throw new SandboxException("Sandbox.UsageInvalid", $"Unknown argument '{args[i]}'.");
        }
    }
    catch (SandboxException e)
    {
        Console.Error.WriteLine($"{e.ErrorId}: {e.Message}");
        return 2;
    }
}

var ownKubeconfig = kubeconfig is null;
kubeconfig ??= Path.Combine(Path.GetTempPath(), $"rspadmin-sandbox-{Environment.ProcessId}.kubeconfig");
using var stop = new CancellationTokenSource();
void RequestStop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);

SandboxHost host;
try
{
    var scenario = scenarioPath is null ? new SandboxScenario { Nodes = [new ScenarioNode { Name = "node1" }] } : ScenarioLoader.LoadFile(scenarioPath);
    host = await SandboxHost.StartAsync(scenario, new SandboxHostOptions { KubeconfigPath = kubeconfig, Port = port }, stop.Token);
}
catch (SandboxException e)
{
    Console.Error.WriteLine($"{e.ErrorId}: {e.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    return 130;
}
catch (IOException e)
{
    Console.Error.WriteLine($"Sandbox.StartFailed: {e.Message}");
    return 1;
}

await using (host)
{
    Console.Out.WriteLine(host.ReadyLine);
    Console.Out.Flush();

    // Stdin closing (the parent went away) stops the sandbox too.
    var stdinClosed = Task.Run(async () =>
    {
        var buffer = new char[256];
        using var stdin = Console.In;
        while (await stdin.ReadAsync(buffer.AsMemory(), stop.Token) > 0)
        {
        }
    });
    try
    {
        await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token));
    }
    catch (OperationCanceledException)
    {
    }
}

if (ownKubeconfig)
{
    try
    {
        File.Delete(kubeconfig);
    }
    catch (IOException)
    {
    }
}

return 0;
