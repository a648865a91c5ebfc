using System.Text.Json;

namespace RspAdmin.Core.Tests.Catalog;

/// <summary>
/// Paths into the upstream Nublado reference data, for the upstream-conformance tests (located by
/// <see cref="Support.SharedFixtures"/>, which decides whether its absence skips or fails).
/// </summary>
internal static class NubladoFixtures
{
    /// <summary>The nublado test data directory (<c>tests/data</c> of the upstream repository).</summary>
    public static string NubladoData => Support.SharedFixtures.Fixture("nublado", "nublado", "tests", "data")!;

    /// <summary>A Phalanx snapshot root, e.g. <c>HEAD-650a0ef2</c>.</summary>
    public static string Phalanx(string snapshot) => Support.SharedFixtures.Fixture("nublado", "phalanx", snapshot)!;

    /// <summary>Skips the calling conformance test when the upstream data is absent (fails it in CI).</summary>
    public static void RequireShared() => Support.SharedFixtures.RequireUpstream();

    /// <summary>Reads a registry fixture: tag → digest, in file order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadRegistry(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(NubladoData, "registry", name)));
        return doc.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList();
    }

    /// <summary>Reads a JSON fixture under the controller data directory.</summary>
    public static JsonDocument ReadControllerJson(string relativePath) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(NubladoData, "controller", relativePath)));

    /// <summary>The controller config fixture path.</summary>
    public static string ControllerConfig(string name) => Path.Combine(NubladoData, "controller", "config", name);
}
