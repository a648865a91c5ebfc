using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RspAdmin.Sandbox.Scenario;

/// <summary>Reads and checks scenario YAML. Errors are <see cref="SandboxException"/>s with the ID <c>Sandbox.ScenarioInvalid</c>.</summary>
public static class ScenarioLoader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static SandboxScenario LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new SandboxException("Sandbox.ScenarioNotFound", $"The scenario file '{path}' does not exist.");
        }

        var scenario = Parse(File.ReadAllText(path), path);
        if (scenario.Phalanx is { } phalanx && !System.IO.Path.IsPathRooted(phalanx.Path))
        {
            phalanx.Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, phalanx.Path));
        }

        return scenario;
    }

    public static SandboxScenario Parse(string yaml, string source = "<scenario>")
    {
        SandboxScenario? scenario;
        try
        {
            scenario = Deserializer.Deserialize<SandboxScenario?>(yaml);
        }
        catch (YamlException e)
        {
            throw new SandboxException("Sandbox.ScenarioInvalid", $"{source}: line {e.Start.Line}, column {e.Start.Column}: {Describe(e)}");
        }

        scenario ??= new SandboxScenario();
        Validate(scenario, source);
        return scenario;
    }

    private static void Validate(SandboxScenario scenario, string source)
    {
        void Fail(string message) => throw new SandboxException("Sandbox.ScenarioInvalid", $"{source}: {message}");

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in scenario.Nodes)
        {
            if (string.IsNullOrWhiteSpace(node.Name))
            {
                Fail("every node needs a name.");
            }

            if (node.Count is < 1)
            {
                Fail($"node '{node.Name}': count must be at least 1.");
            }

            foreach (var n in ExpandNames(node))
            {
                if (!names.Add(n))
                {
                    Fail($"node '{n}' is declared twice.");
                }
            }

            foreach (var t in node.Taints)
            {
                if (t.Effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
                {
                    Fail($"node '{node.Name}': taint '{t.Key}' has effect '{t.Effect}'; expected NoSchedule, PreferNoSchedule or NoExecute.");
                }
            }

            foreach (var image in node.Images)
            {
                if (image.Ref is null == (image.Names.Count == 0))
                {
                    Fail($"node '{node.Name}': each image needs either 'ref' or 'names'.");
                }

                if (image.Ref is not null && scenario.Registry is null)
                {
                    Fail($"node '{node.Name}': image ref '{image.Ref}' needs a registry in the scenario.");
                }
            }

            if (node.NodeStatusMaxImages is < -1)
            {
                Fail($"node '{node.Name}': nodeStatusMaxImages must be -1 (no cap) or more.");
            }
        }

        if (scenario.Registry is { } registry)
        {
            if (registry.Start == (registry.Address is not null))
            {
                Fail("registry: give either 'address' (an existing registry) or 'start: true'.");
            }

            if (!registry.Start && registry.Repositories.Count > 0)
            {
                Fail("registry: repositories are seeded only into a started registry ('start: true').");
            }

            foreach (var repo in registry.Repositories)
            {
                if (string.IsNullOrWhiteSpace(repo.Name))
                {
                    Fail("registry: every repository needs a name.");
                }

                foreach (var (alias, target) in repo.Aliases)
                {
                    if (!repo.Tags.Contains(target))
                    {
                        Fail($"registry: alias '{alias}' of '{repo.Name}' points at '{target}', which is not one of its tags.");
                    }
                }
            }
        }

        if (scenario.Phalanx is { } p && (string.IsNullOrWhiteSpace(p.Path) || string.IsNullOrWhiteSpace(p.Environment)))
        {
            Fail("phalanx: give both 'path' (a Phalanx checkout) and 'environment'.");
        }

        if (scenario.ArgoCd is not null && scenario.Phalanx is null)
        {
            Fail("argoCd: the simulated Argo CD renders from a Phalanx checkout; add 'phalanx: {path, environment}'.");
        }

        if (scenario.ArgoCd is { } argo && (!argo.BasePath.StartsWith('/') || argo.BasePath.EndsWith('/') || argo.OperationSeconds < 0))
        {
            Fail("argoCd: basePath must start and not end with '/' (for example /argo-cd) and operationSeconds must not be negative.");
        }

        foreach (var t in scenario.Vault?.Tokens ?? [])
        {
            if (string.IsNullOrWhiteSpace(t.Token) || t.Capabilities.Any(c => c is not ("read" or "list" or "create" or "update" or "patch" or "delete")))
            {
                Fail("vault.tokens: each token needs a value and capabilities from read, list, create, update, patch, delete.");
            }
        }

        foreach (var db in scenario.Postgres?.Databases ?? [])
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(db.Name, "^[a-z_][a-z0-9_]*$") || (db.Owner is not null && !System.Text.RegularExpressions.Regex.IsMatch(db.Owner, "^[a-z_][a-z0-9_]*$")))
            {
                Fail($"postgres.databases: '{db.Name}' (owner '{db.Owner}'): names must be lower-case identifiers.");
            }
        }

        foreach (var role in scenario.Postgres?.Roles ?? [])
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(role, "^[a-z_][a-z0-9_]*$"))
            {
                Fail($"postgres.roles: '{role}' must be a lower-case identifier.");
            }
        }

        foreach (var fault in scenario.Faults.Api)
        {
            if (string.IsNullOrWhiteSpace(fault.Path) || fault.Status is < 400 or > 599)
            {
                Fail($"faults.api: each fault needs a path and an HTTP error status (400-599); got '{fault.Path}' {fault.Status}.");
            }
        }
    }

    /// <summary>The node names a node entry stands for.</summary>
    public static IEnumerable<string> ExpandNames(ScenarioNode node) =>
        node.Count is { } count ? Enumerable.Range(1, count).Select(i => node.Name + i.ToString(System.Globalization.CultureInfo.InvariantCulture)) : [node.Name];

    // What is wrong with the YAML in the scenario's own terms: an unknown key by its name, a value of the wrong
    // kind as such, never the deserializer's type names.
    private static string Describe(YamlException e)
    {
        var innermost = e;
        while (innermost.InnerException is YamlException deeper)
        {
            innermost = deeper;
        }

        var message = innermost.Message;
        var unknown = System.Text.RegularExpressions.Regex.Match(message, "Property '([^']+)' not found on type");
        if (unknown.Success)
        {
            return $"'{unknown.Groups[1].Value}' is not a setting the scenario format knows here; check its spelling and indentation.";
        }

        if (innermost.InnerException is not null || message.Contains("deserializ", StringComparison.OrdinalIgnoreCase))
        {
            return "a value here is not of the kind the scenario format expects (a list, a map, a number or text).";
        }

        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }
}
