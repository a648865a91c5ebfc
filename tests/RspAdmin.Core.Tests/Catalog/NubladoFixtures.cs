using System.Text.Json;

namespace RspAdmin.Core.Tests.Catalog;

/// <summary>
/// The upstream Nublado reference data under <c>../shared/fixtures</c> (located by
/// <see cref="Support.SharedFixtures"/>). Tests that need it skip when it is absent.
/// </summary>
internal static class NubladoFixtures
{
    private static readonly Lazy<string?> SharedRoot = new(() => Support.SharedFixtures.Root);

    /// <summary>The message tests skip with when the shared data is missing.</summary>
    public const string MissingMessage = "Shared reference data (../shared/fixtures relative to the repository root) is not available.";

    /// <summary>True when the shared fixtures are present.</summary>
    public static bool Available => SharedRoot.Value is not null;

    /// <summary>The nublado test data directory (<c>tests/data</c> of the upstream repository).</summary>
    public static string NubladoData => Path.Combine(SharedRoot.Value!, "fixtures", "nublado", "nublado", "tests", "data");

    /// <summary>A Phalanx snapshot root, e.g. <c>HEAD-650a0ef2</c>.</summary>
    public static string Phalanx(string snapshot) => Path.Combine(SharedRoot.Value!, "fixtures", "nublado", "phalanx", snapshot);

    /// <summary>Skips the calling test when the shared fixtures are absent.</summary>
    public static void RequireShared() => Skip.IfNot(Available, MissingMessage);

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
