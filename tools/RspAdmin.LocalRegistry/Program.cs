using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using RspAdmin.Testing;

// RspAdmin.LocalRegistry [--auth none|basic|token] [--tags <N> | --plan example] [--repository <name>] [--port <N>] [--ignore-stdin]
// Starts Debian's docker-registry on 127.0.0.1, seeds a lab repository, prints exactly one line
//   READY registry=127.0.0.1:PORT repository=NAME recommended-target=w_YYYY_WW tags=N auth=MODE [username=U password=P] [token-realm=URL]
// and runs until standard input closes (unless --ignore-stdin) or SIGTERM/SIGINT arrives, then stops the
// registry and removes its files. A caller that starts it without a standard input pipe (e.g. from CI, where
// standard input is closed) should pass --ignore-stdin and stop it with SIGTERM.
// Progress and errors go to standard error; exit code 2 for bad arguments, 1 for a failure to start.

var auth = LocalRegistryAuthMode.None;
var tagCount = 300;
var repository = LabRepositorySeeder.DefaultRepository;
var ignoreStdin = false;
var port = 0;
var examplePlan = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    try
    {
        switch (args[i])
        {
            case "--auth":
                auth = Next() switch
                {
                    "none" => LocalRegistryAuthMode.None,
                    "basic" => LocalRegistryAuthMode.Basic,
                    "token" => LocalRegistryAuthMode.Token,
                    var other => throw new ArgumentException($"--auth must be none, basic or token, not '{other}'."),
                };
                break;
            case "--tags":
                var text = Next();
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out tagCount) || tagCount < LabTagPlan.MinimumCount)
                {
                    throw new ArgumentException($"--tags must be a whole number of at least {LabTagPlan.MinimumCount}, not '{text}'.");
                }

                break;
            case "--repository":
                repository = Next();
                if (!RspAdmin.Core.Registry.ImageReference.IsValidRepository(repository))
                {
                    throw new ArgumentException($"--repository '{repository}' is not a repository name.");
                }

                break;
            case "--port":
                var portText = Next();
                if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                {
                    throw new ArgumentException($"--port must be a port number, not '{portText}'.");
                }

                break;
            case "--plan":
                examplePlan = Next() switch
                {
                    "example" => true,
                    "lab" => false,
                    var other => throw new ArgumentException($"--plan must be lab or example, not '{other}'."),
                };
                break;
            case "--ignore-stdin":
                ignoreStdin = true;
                break;
            case "-h" or "--help":
                Console.Error.WriteLine("usage: RspAdmin.LocalRegistry [--auth none|basic|token] [--tags N | --plan example] [--repository NAME] [--port N] [--ignore-stdin]");
                return 0;
            default:
                throw new ArgumentException($"unknown argument '{args[i]}'.");
        }
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine("error: " + ex.Message);
        return 2;
    }
}

if (!LocalRegistry.IsInstalled)
{
    Console.Error.WriteLine("error: docker-registry is not installed (Debian package docker-registry).");
    return 1;
}

using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

LocalRegistry registry;
SeededRepository seeded;
var clock = Stopwatch.StartNew();
try
{
    registry = await LocalRegistry.StartAsync(new LocalRegistryOptions { AuthMode = auth, Port = port }, stop.Token);
}
catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}

using (registry)
{
    try
    {
        using var client = registry.CreateClient();
        seeded = await LabRepositorySeeder.SeedAsync(client, repository, examplePlan ? LabTagPlan.Example() : LabTagPlan.Create(tagCount), cancellationToken: stop.Token);
    }
    catch (Exception ex) when (ex is RspAdmin.Core.Registry.RegistryException or OperationCanceledException)
    {
        Console.Error.WriteLine("error: seeding failed: " + ex.Message);
        return 1;
    }

    Console.Error.WriteLine($"seeded {seeded.Digests.Count} tags in {clock.Elapsed.TotalSeconds:0.00} s");
    var ready = $"READY registry={registry.Address} repository={repository} recommended-target={seeded.RecommendedTarget} "
        + $"tags={seeded.Digests.Count} auth={auth.ToString().ToLowerInvariant()}";
    if (registry.Credential is { } credential)
    {
        ready += $" username={credential.UserName} password={credential.Password}";
    }

    if (registry.TokenService is { } tokens)
    {
        ready += $" token-realm={tokens.Realm}";
    }

    Console.Out.WriteLine(ready);
    Console.Out.Flush();

    // Run until standard input closes or a signal arrives.
    var stdinClosed = ignoreStdin
        ? Task.Delay(Timeout.Infinite, CancellationToken.None)
        : Task.Run(() =>
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        });
    await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
}

return 0;
