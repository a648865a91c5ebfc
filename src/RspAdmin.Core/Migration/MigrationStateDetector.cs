using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Migration;

/// <summary>One piece of evidence behind a detected state.</summary>
/// <param name="Name">What was read (e.g. <c>nublado enabled</c>, <c>nublado route</c>).</param>
/// <param name="Value">What it says.</param>
/// <param name="Source">Where it was read: a file relative to the checkout, or a service.</param>
/// <param name="Note">Why it matters, when it is unusual; null otherwise.</param>
public sealed record MigrationSignal(string Name, string Value, string Source, string? Note = null);

/// <summary>What a stage would still have to change to reach its target state.</summary>
public sealed record MigrationStageNeed
{
    /// <summary>Creates a stage's needs.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="targetState">The state the stage ends in.</param>
    /// <param name="needs">The signals that differ from that state, as "signal: now -> needed".</param>
    public MigrationStageNeed(MigrationStage stage, MigrationState targetState, IReadOnlyList<string> needs)
    {
        StageValue = stage;
        TargetStateValue = targetState;
        Needs = needs;
    }

    /// <summary>The stage, by name, as ConvertTo-Json and Export-Csv write it; <see cref="GetStage"/> gives the enumeration value.</summary>
    public string Stage => StageValue.ToString();

    /// <summary>The state the stage ends in, by name; <see cref="GetTargetState"/> gives the enumeration value.</summary>
    public string TargetState => TargetStateValue.ToString();

    /// <summary>The signals that differ from that state, as "signal: now -> needed".</summary>
    public IReadOnlyList<string> Needs { get; init; }

    /// <summary>The stage as an enumeration value.</summary>
    internal MigrationStage StageValue { get; init; }

    /// <summary>The target state as an enumeration value.</summary>
    internal MigrationState TargetStateValue { get; init; }

    /// <summary>The stage as an enumeration value (for code; <see cref="Stage"/> is its name).</summary>
    public MigrationStage GetStage() => StageValue;

    /// <summary>The target state as an enumeration value (for code; <see cref="TargetState"/> is its name).</summary>
    public MigrationState GetTargetState() => TargetStateValue;
}

/// <summary>Evidence from the running services that joins the checkout's (see <see cref="IMigrationServices"/>).</summary>
/// <param name="Applications">Argo CD applications by name: true when it exists and is Synced, false when it exists otherwise; absent names do not exist.</param>
/// <param name="V2LabNamespaces">How many <c>nublado2-</c> lab namespaces (exact prefix and label) exist.</param>
/// <param name="V3LabNamespaces">How many <c>nublado-</c> lab namespaces (exact prefix and labels) exist.</param>
public sealed record MigrationClusterEvidence(IReadOnlyDictionary<string, bool> Applications, int V2LabNamespaces, int V3LabNamespaces);

/// <summary>Where an environment stands, with the evidence for each signal.</summary>
public sealed class MigrationStateReport
{
    /// <summary>The environment.</summary>
    public required string Environment { get; init; }

    /// <summary>The Phalanx checkout.</summary>
    public required string PhalanxPath { get; init; }

    /// <summary>The environment file's era, by name (A, B, C, D), as ConvertTo-Json and Export-Csv write it; <see cref="GetEra"/> gives the enumeration value.</summary>
    public string Era => EraValue.ToString();

    /// <summary>The detected state, by name (S0, S1, S2, S3, Done, Inconsistent), as ConvertTo-Json and Export-Csv write it; <see cref="GetState"/> gives the enumeration value.</summary>
    public string State => StateValue.ToString();

    /// <summary>Why the state was chosen (for Inconsistent: what contradicts what).</summary>
    public required string Reason { get; init; }

    /// <summary>The evidence, one entry per signal.</summary>
    public required IReadOnlyList<MigrationSignal> Signals { get; init; }

    /// <summary>What each stage would still have to change.</summary>
    public required IReadOnlyList<MigrationStageNeed> StageNeeds { get; init; }

    /// <summary>The signals in one line, <c>name = value (source)</c> (readable in CSV).</summary>
    public string Evidence => string.Join("; ", Signals.Select(s => $"{s.Name} = {s.Value} ({s.Source}){(s.Note is null ? string.Empty : " [" + s.Note + "]")}"));

    /// <summary>What each stage would need, in one line (readable in CSV).</summary>
    public string Needs => string.Join("; ", StageNeeds.Where(n => n.Needs.Count > 0).Select(n => $"{n.Stage}: {string.Join(", ", n.Needs)}"));

    /// <summary>Whether the running services agree with the checkout; null when no services were asked.</summary>
    public bool? ClusterAgrees { get; init; }

    /// <summary>The route v3 is served on according to the checkout (null when v3 is off).</summary>
    public string? V3Route { get; init; }

    /// <summary>The route v2 is served on according to the checkout (null when v2 is off).</summary>
    public string? V2Route { get; init; }

    /// <summary>The environment file's era as an enumeration value.</summary>
    internal EnvironmentFileEra EraValue { get; init; }

    /// <summary>The environment file's era as an enumeration value (for code; <see cref="Era"/> is its name).</summary>
    public EnvironmentFileEra GetEra() => EraValue;

    /// <summary>The detected state as an enumeration value.</summary>
    internal MigrationState StateValue { get; init; }

    /// <summary>The detected state as an enumeration value (for code; <see cref="State"/> is its name).</summary>
    public MigrationState GetState() => StateValue;
}

/// <summary>
/// Detects the migration state of an environment from a Phalanx checkout (every environment-file
/// era) and, when given, from the running services. States that fit none of S0 to S3 (both hubs on
/// one route; v3 still on <c>/n3</c> while v2 is on <c>/n2</c>) are reported as Inconsistent with
/// the evidence, never guessed.
/// </summary>
public static class MigrationStateDetector
{
    /// <summary>The default hub route of both charts.</summary>
    public const string DefaultRoute = "/nb";

    /// <summary>The key path of a hub's route in nublado and nublado2 values.</summary>
    public static readonly YamlPath BaseUrlPath = new("jupyterhub", "hub", "baseUrl");

    /// <summary>The state each stage ends in.</summary>
    public static MigrationState TargetOf(MigrationStage stage) => stage switch
    {
        MigrationStage.EnableV3 => MigrationState.S1,
        MigrationStage.MakeDefault => MigrationState.S2,
        MigrationStage.DisableV2 => MigrationState.S3,
        _ => MigrationState.Done,
    };

    /// <summary>The state a stage starts from.</summary>
    public static MigrationState SourceOf(MigrationStage stage) => stage switch
    {
        MigrationStage.EnableV3 => MigrationState.S0,
        MigrationStage.MakeDefault => MigrationState.S1,
        MigrationStage.DisableV2 => MigrationState.S2,
        _ => MigrationState.S3,
    };

    /// <summary>Detects the state of one environment.</summary>
    public static MigrationStateReport Detect(MigrationCheckout checkout, MigrationClusterEvidence? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        var signals = new List<MigrationSignal>();
        var envFile = checkout.EnvironmentFileRelative;
        var era = checkout.Era;
        var enabled = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var app in new[] { "nublado", "nublado2", "cachemachine", "moneypenny" })
        {
            enabled[app] = checkout.IsEnabled(app);
            signals.Add(new MigrationSignal($"{app} enabled", enabled[app] ? "true" : "false", envFile));
        }

        string? v3Route = null, v2Route = null;
        if (enabled["nublado"])
        {
            v3Route = ReadRoute(checkout, "nublado", signals);
            var hubRoute = checkout.ReadValue("nublado", RouteSettings.HubRoutePath);
            var expected = v3Route == DefaultRoute ? null : v3Route + "/hub";
            if (hubRoute is not null || expected is not null)
            {
                var consistent = hubRoute is null ? expected is null : hubRoute.TrimEnd('/') == (v3Route + "/hub");
                signals.Add(new MigrationSignal("nublado HUB_ROUTE", hubRoute ?? "(chart default /nb/hub)", checkout.ValuesFile("nublado"),
                    consistent ? null : $"does not match the route {v3Route}"));
            }
        }

        if (enabled["nublado2"] || checkout.Exists(checkout.ValuesFile("nublado2")))
        {
            var route = ReadRoute(checkout, "nublado2", signals);
            v2Route = enabled["nublado2"] ? route : null;
        }

        foreach (var app in MigrationCheckout.V2Applications)
        {
            signals.Add(new MigrationSignal($"{app} values file", checkout.Exists(checkout.ValuesFile(app)) ? "present" : "absent", checkout.ValuesFile(app)));
        }

        var chartsPresent = MigrationCheckout.V2Applications.Any(a => Directory.Exists(checkout.Absolute(checkout.ApplicationDirectory(a))));
        // Only a checkout that holds the v3 chart can show that the v2 charts are gone (a partial tree cannot).
        var hasApplications = Directory.Exists(checkout.Absolute(checkout.ApplicationDirectory("nublado")));
        signals.Add(new MigrationSignal("v2 charts", chartsPresent ? "present" : !hasApplications ? "unknown (no nublado chart directory)" : "absent", "applications/"));

        var (state, reason) = Classify(enabled, v3Route, v2Route, hasApplications && !chartsPresent);

        bool? agrees = null;
        if (cluster is not null)
        {
            agrees = JoinCluster(cluster, state, signals);
        }

        var charts = chartsPresent ? "present" : hasApplications ? "absent" : "unknown";
        var needs = Enum.GetValues<MigrationStage>().Select(s => new MigrationStageNeed(s, TargetOf(s), Needs(TargetOf(s), enabled, v3Route, v2Route, charts))).ToList();
        return new MigrationStateReport
        {
            Environment = checkout.Environment,
            PhalanxPath = checkout.Root,
            EraValue = era,
            StateValue = state,
            Reason = reason,
            Signals = signals,
            StageNeeds = needs,
            ClusterAgrees = agrees,
            V3Route = v3Route,
            V2Route = v2Route,
        };
    }

    private static string ReadRoute(MigrationCheckout checkout, string app, List<MigrationSignal> signals)
    {
        var file = checkout.ValuesFile(app);
        if (!checkout.Exists(file))
        {
            signals.Add(new MigrationSignal($"{app} route", DefaultRoute, file, "no values file: the chart default applies"));
            return DefaultRoute;
        }

        var document = checkout.Edit(file);
        var value = document.GetScalar(BaseUrlPath);
        var misplaced = document.Contains(new YamlPath("jupyterhub", "baseUrl"));
        var route = MobuConfig.NormalizeRoute(value ?? DefaultRoute);
        signals.Add(new MigrationSignal($"{app} route", route, file,
            misplaced ? "jupyterhub.baseUrl is set but the chart reads only jupyterhub.hub.baseUrl; it is ignored" : value is null ? "chart default" : null));
        return route;
    }

    private static (MigrationState, string) Classify(Dictionary<string, bool> on, string? v3, string? v2, bool chartsGone)
    {
        var v3On = on["nublado"];
        var v2On = on["nublado2"];
        var helpersOn = on["cachemachine"] || on["moneypenny"];
        if (!v3On && v2On)
        {
            return v2 == DefaultRoute
                ? (MigrationState.S0, "Only nublado2 is enabled, on /nb.")
                : (MigrationState.Inconsistent, $"Only nublado2 is enabled, but on {v2} instead of /nb.");
        }

        if (v3On && v2On)
        {
            if (v3 == "/n3" && v2 == DefaultRoute)
            {
                return (MigrationState.S1, "Both hubs are enabled; v3 on /n3, v2 on /nb.");
            }

            if (v3 == DefaultRoute && v2 == "/n2")
            {
                return (MigrationState.S2, "Both hubs are enabled; v3 on /nb, v2 on /n2.");
            }

            return v3 == v2
                ? (MigrationState.Inconsistent, $"Both hubs are enabled on the same route {v3}; their ingresses clash.")
                : (MigrationState.Inconsistent, $"Both hubs are enabled with v3 on {v3} and v2 on {v2}, which is neither stage 1 (/n3 and /nb) nor stage 2 (/nb and /n2).");
        }

        if (v3On)
        {
            if (helpersOn)
            {
                return (MigrationState.Inconsistent, "nublado2 is off but cachemachine or moneypenny is still on.");
            }

            if (v3 != DefaultRoute)
            {
                return (MigrationState.Inconsistent, $"Only v3 is enabled, but on {v3} instead of /nb.");
            }

            return chartsGone
                ? (MigrationState.Done, "Only v3 is enabled, on /nb, and the v2 charts are gone from the checkout.")
                : (MigrationState.S3, "Only v3 is enabled, on /nb.");
        }

        return (MigrationState.Inconsistent, "Neither nublado nor nublado2 is enabled.");
    }

    private static List<string> Needs(MigrationState target, Dictionary<string, bool> on, string? v3, string? v2, string charts)
    {
        var needs = new List<string>();
        void Want(string what, string now, string wanted)
        {
            if (now != wanted)
            {
                needs.Add($"{what}: {now} -> {wanted}");
            }
        }

        string Flag(string app) => on[app] ? "on" : "off";
        switch (target)
        {
            case MigrationState.S1:
                Want("nublado", Flag("nublado"), "on");
                Want("nublado2", Flag("nublado2"), "on");
                Want("nublado route", v3 ?? "-", "/n3");
                Want("nublado2 route", v2 ?? "-", DefaultRoute);
                break;
            case MigrationState.S2:
                Want("nublado", Flag("nublado"), "on");
                Want("nublado2", Flag("nublado2"), "on");
                Want("nublado route", v3 ?? "-", DefaultRoute);
                Want("nublado2 route", v2 ?? "-", "/n2");
                break;
            default:
                Want("nublado", Flag("nublado"), "on");
                Want("nublado route", v3 ?? "-", DefaultRoute);
                foreach (var app in MigrationCheckout.V2Applications)
                {
                    Want(app, Flag(app), "off");
                }

                if (target == MigrationState.Done)
                {
                    Want("v2 charts", charts, "absent");
                }

                break;
        }

        return needs;
    }

    private static bool JoinCluster(MigrationClusterEvidence cluster, MigrationState state, List<MigrationSignal> signals)
    {
        foreach (var (app, synced) in cluster.Applications.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            signals.Add(new MigrationSignal($"application {app}", synced ? "Synced" : "not Synced", "Argo CD"));
        }

        signals.Add(new MigrationSignal("nublado2- lab namespaces", cluster.V2LabNamespaces.ToString(System.Globalization.CultureInfo.InvariantCulture), "Kubernetes"));
        signals.Add(new MigrationSignal("nublado- lab namespaces", cluster.V3LabNamespaces.ToString(System.Globalization.CultureInfo.InvariantCulture), "Kubernetes"));
        bool Synced(string app) => cluster.Applications.TryGetValue(app, out var s) && s;
        bool Exists(string app) => cluster.Applications.ContainsKey(app);
        return state switch
        {
            MigrationState.S0 => Exists("nublado2") && !Exists("nublado"),
            MigrationState.S1 or MigrationState.S2 => Synced("nublado") && Synced("nublado2"),
            MigrationState.S3 or MigrationState.Done => Exists("nublado") && MigrationCheckout.V2Applications.All(a => !Exists(a)) && cluster.V2LabNamespaces == 0,
            _ => false,
        };
    }
}
