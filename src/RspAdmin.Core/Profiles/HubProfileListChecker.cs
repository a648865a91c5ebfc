using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RspAdmin.Core.BinderHub;

namespace RspAdmin.Core.Profiles;

/// <summary>
/// Checks a profile list the way the hub, KubeSpawner's form and fancy-profiles read it: slugs,
/// defaults, where dynamic image building takes effect, <c>{value}</c> templates, and validation
/// regexes across the three dialects on the list's own images and on names BinderHub would build.
/// </summary>
public static class HubProfileListChecker
{
    /// <summary>The repositories and commits used to make sample built image names.</summary>
    public static IReadOnlyList<(string Repository, string Ref)> SampleBuilds { get; } =
    [
        ("binder-examples/requirements", "50533eb470ee6c24e872043d30b2fee463d6943f"),
        ("2i2c-org/Example_Notebook.Repo", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"),
        ("some-org/" + new string('r', 120), "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"),
    ];

    /// <summary>The image prefix used for sample builds when the values hold none.</summary>
    public const string FallbackImagePrefix = "quay.io/imagebuilding-non-gcp-hubs/example-hub-";

    /// <summary>Checks <paramref name="list"/>; <paramref name="imagePrefix"/> overrides the values' <c>binderhub-service.config.BinderHub.image_prefix</c>.</summary>
    public static IReadOnlyList<HubFinding> Check(HubProfileList list, string? imagePrefix = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        var findings = new List<HubFinding>();
        var values = list.Values;
        HubFinding Make(string severity, string id, string target, string message, JsonNode? node)
        {
            var location = values?.LocationOf(node);
            return new HubFinding(severity, id, target, message, location?.File, location?.Line ?? 0);
        }

        if (list.WrittenAsMapping)
        {
            findings.Add(Make(HubFinding.Warning, "HubProfile.ListIsMapping", "profileList",
                "profileList is a mapping: the hub shows its values sorted by key and ignores the keys as slugs. Write it as a list so the order is the one written.",
                HubValues.At(values?.Root, "jupyterhub", "singleuser", "profileList")));
        }

        imagePrefix ??= HubValues.AsString(HubValues.At(values?.Root, "binderhub-service", "config", "BinderHub", "image_prefix"));
        var builtNames = SampleBuilds.Select(b => BinderImageName.For(b.Repository, b.Ref, imagePrefix ?? FallbackImagePrefix)).ToList();

        var defaults = list.Profiles.Where(p => p.WrittenDefault == true).ToList();
        if (defaults.Count > 1)
        {
            findings.Add(Make(HubFinding.Error, "HubProfile.DefaultMultiple", string.Join(", ", defaults.Select(p => p.Slug)),
                $"{defaults.Count} profiles are marked default; the hub spawns the first ('{defaults[0].Slug}') when none is chosen while the form may preselect another. Keep default: true on one profile.",
                defaults[1].Node));
        }

        foreach (var group in list.Profiles.GroupBy(p => p.Slug).Where(g => g.Count() > 1))
        {
            var first = group.First();
            findings.Add(Make(HubFinding.Error, "HubProfile.SlugDuplicate", group.Key,
                $"{group.Count()} profiles have the slug '{group.Key}'; the hub always picks the first ('{first.DisplayName}'), so the others cannot be started. Give each profile its own slug.",
                group.Skip(1).First().Node));
        }

        foreach (var profile in list.Profiles)
        {
            CheckProfile(profile, builtNames, findings, Make);
        }

        return findings;
    }

    private static void CheckProfile(HubProfile profile, IReadOnlyList<string> builtNames, List<HubFinding> findings, Func<string, string, string, string, JsonNode?, HubFinding> make)
    {
        if (profile.DisplayName is null && profile.GivenSlug is null)
        {
            findings.Add(make(HubFinding.Error, "HubProfile.DisplayNameMissing", $"#{profile.Index + 1}",
                "A profile has neither display_name nor slug; the hub fails while it starts (slugify of a missing display_name). Add both.", profile.Node));
        }
        else if (profile.GivenSlug is null)
        {
            if (profile.Slug.Length == 0)
            {
                findings.Add(make(HubFinding.Error, "HubProfile.SlugEmpty", $"#{profile.Index + 1}",
                    $"The slug made from display_name '{profile.DisplayName}' is empty, so the profile's form fields have no name. Set slug.", profile.Node));
            }
            else
            {
                findings.Add(make(HubFinding.Information, "HubProfile.SlugGenerated", profile.Slug,
                    $"The hub makes the slug '{profile.Slug}' from display_name '{profile.DisplayName}'; renaming the profile changes it and breaks saved links and named servers' options. Set slug: {profile.Slug} to keep it stable.",
                    profile.Node));
                if (!ProfileSlug.IsExact(profile.DisplayName!))
                {
                    findings.Add(make(HubFinding.Warning, "HubProfile.SlugApproximate", profile.Slug,
                        $"display_name '{profile.DisplayName}' has characters whose transliteration is not predicted exactly here; the hub's slug may differ from '{profile.Slug}'. Set slug explicitly.",
                        profile.Node));
                }
            }
        }

        if (HubValues.IsTruthy(HubValues.At(profile.Node, "dynamic_image_building", "enabled")))
        {
            findings.Add(make(HubFinding.Warning, "HubProfile.DynamicBuildingIgnored", profile.Slug,
                "dynamic_image_building is set on the profile itself; fancy-profiles only reads it on the option named 'image'. Move it under profile_options.image.",
                profile.Node["dynamic_image_building"]));
        }

        CheckTemplatesNotExpanded(profile.Node["kubespawner_override"], profile.Slug, null, "the profile's kubespawner_override", findings, make);

        foreach (var option in profile.Options)
        {
            CheckOption(profile, option, builtNames, findings, make);
        }
    }

    private static void CheckOption(HubProfile profile, HubProfileOption option, IReadOnlyList<string> builtNames, List<HubFinding> findings, Func<string, string, string, string, JsonNode?, HubFinding> make)
    {
        var target = profile.Slug + "/" + option.Key;
        var defaults = option.Choices.Where(c => HubValues.IsTruthy(c.Node["default"])).ToList();
        if (defaults.Count > 1)
        {
            findings.Add(make(HubFinding.Error, "HubProfile.ChoiceDefaultMultiple", target,
                $"{defaults.Count} choices ({string.Join(", ", defaults.Select(c => c.Key))}) are marked default; keep default: true on one.", defaults[1].Node));
        }

        if (option.Choices.Count == 0)
        {
            findings.Add(make(HubFinding.Error, "HubProfile.OptionWithoutDefault", target,
                $"Option '{option.Key}' has no choices, so a spawn that does not fill it in fails ('Unable to determine a default choice'). Add at least one choice.", option.Node));
        }

        if (option.DynamicImageBuildingWritten && !option.DynamicImageBuilding)
        {
            var why = option.Key != "image"
                ? $"the option is named '{option.Key}' and fancy-profiles only offers building on the option named exactly 'image'"
                : "unlisted_choice is not enabled, and fancy-profiles only offers building together with it";
            findings.Add(make(HubFinding.Warning, "HubProfile.DynamicBuildingIgnored", target,
                $"dynamic_image_building is enabled but has no effect: {why}.", option.Node["dynamic_image_building"]));
        }

        foreach (var choice in option.Choices)
        {
            CheckTemplatesNotExpanded(choice.Override, target, choice.Key, "a choice's kubespawner_override", findings, make);
        }

        if (!option.UnlistedEnabled)
        {
            return;
        }

        CheckUnlistedTemplates(option, target, findings, make);
        if (option.ValidationRegexText is { } pattern)
        {
            CheckRegex(option, pattern, target, builtNames, findings, make);
        }
    }

    private static void CheckUnlistedTemplates(HubProfileOption option, string target, List<HubFinding> findings, Func<string, string, string, string, JsonNode?, HubFinding> make)
    {
        if (option.UnlistedOverride is null)
        {
            findings.Add(make(HubFinding.Warning, "HubProfile.UnlistedValueUnused", target,
                "unlisted_choice is enabled but has no kubespawner_override, so the value a user types changes nothing. Add kubespawner_override with '{value}' (for instance image: '{value}').",
                option.UnlistedNode));
            return;
        }

        var usesValue = false;
        foreach (var (text, node) in Strings(option.UnlistedOverride, topLevel: true))
        {
            var result = ValueTemplate.Expand(text, "example/image:tag");
            if (result.Error == ValueTemplateErrorKind.Unpredictable)
            {
                findings.Add(make(HubFinding.Warning, "HubProfile.TemplateUnpredictable", target,
                    $"The override text '{text}' is accepted by the hub but its result depends on Python internals ({result.Message}). Use plain {{value}}.", node));
            }
            else if (!result.Succeeded)
            {
                findings.Add(make(HubFinding.Error, "HubProfile.TemplateInvalid", target,
                    $"The override text '{text}' makes the hub fail every spawn with a typed value (ValueError: {result.Message}). Double a literal brace as {{{{ or }}}}, and use {{value}} for the value.", node));
            }

            usesValue |= result.UsesValue;
        }

        if (!usesValue && !findings.Any(f => f.Id == "HubProfile.TemplateInvalid" && f.Target == target))
        {
            findings.Add(make(HubFinding.Warning, "HubProfile.UnlistedValueUnused", target,
                "No text in unlisted_choice.kubespawner_override uses {value}, so the value a user types changes nothing.", option.UnlistedOverride));
        }
    }

    private static void CheckRegex(HubProfileOption option, string pattern, string target, IReadOnlyList<string> builtNames, List<HubFinding> findings, Func<string, string, string, string, JsonNode?, HubFinding> make)
    {
        var regexNode = option.UnlistedNode?["validation_regex"];
        var regex = ValidationRegex.Get(pattern);
        if (regex.ServerUnsupported)
        {
            findings.Add(make(HubFinding.Warning, "HubProfile.RegexUnsupported", target,
                $"validation_regex '{pattern}' uses syntax (possessive quantifiers) that RspAdmin cannot evaluate ({regex.ServerError}); its verdicts are not checked. Python 3.11 and later accept it; browsers do not.", regexNode));
            return;
        }

        if (regex.ServerError is not null)
        {
            findings.Add(make(HubFinding.Error, "HubProfile.RegexInvalid", target,
                $"validation_regex '{pattern}' does not compile as a Python regular expression ({regex.ServerError}); every spawn with a typed value fails.", regexNode));
            return;
        }

        foreach (var dialect in new[] { RegexDialect.HtmlPattern, RegexDialect.FancyProfiles })
        {
            if (regex.ErrorOf(dialect) is { } error)
            {
                var effect = dialect == RegexDialect.HtmlPattern
                    ? "browsers ignore it in KubeSpawner's form, which then accepts anything"
                    : "fancy-profiles cannot build it and its form fails";
                findings.Add(make(HubFinding.Warning, "HubProfile.RegexDialectInvalid", target,
                    $"validation_regex '{pattern}' is not valid JavaScript for {Describe(dialect)} ({error}): {effect}.", regexNode));
            }
        }

        var samples = option.Choices.Select(c => c.Image).OfType<string>().Select(i => (Value: i, Kind: "the image of a choice")).ToList();
        if (option.DynamicImageBuilding)
        {
            samples.AddRange(builtNames.Select(n => (Value: n, Kind: "a name BinderHub would build")));
        }

        var rejectedBuilds = new List<string>();
        foreach (var (value, kind) in samples.Distinct())
        {
            bool? server, html, fancy;
            try
            {
                server = regex.Matches(RegexDialect.Server, value);
                if (regex.DialectsAgreeOnAscii && ValidationRegex.IsPrintableAscii(value))
                {
                    html = fancy = server;
                }
                else
                {
                    html = regex.HtmlPatternError is null ? regex.Matches(RegexDialect.HtmlPattern, value) : true;
                    fancy = regex.FancyProfilesError is null ? regex.Matches(RegexDialect.FancyProfiles, value) : null;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                findings.Add(make(HubFinding.Warning, "HubProfile.RegexSlow", target,
                    $"validation_regex '{pattern}' backtracks for more than two seconds on '{value}'. Simplify it.", regexNode));
                continue;
            }

            if (kind.StartsWith("a name", StringComparison.Ordinal) && server != true)
            {
                rejectedBuilds.Add(value);
                continue;
            }

            if ((html is not null && html != server) || (fancy is not null && fancy != server))
            {
                findings.Add(make(HubFinding.Warning, "HubProfile.RegexDialectsDisagree", target,
                    $"On '{value}' ({kind}) the hub says {Verdict(server)}, KubeSpawner's form {Verdict(html)} and fancy-profiles {Verdict(fancy)}: the regex means different things to them. Anchor it with ^ and $ and use syntax common to Python and JavaScript.",
                    regexNode));
            }
        }

        if (rejectedBuilds.Count > 0)
        {
            findings.Add(make(HubFinding.Error, "HubProfile.BuiltImageRejected", target,
                $"validation_regex '{pattern}' rejects {rejectedBuilds.Count} of {builtNames.Count} sample names BinderHub would build here, such as '{rejectedBuilds[0]}': the hub refuses the images users build. Widen the regex (for instance ^.+:.+$).",
                regexNode));
        }
    }

    // The finding's target is target, or target/child: built only when there is a finding.
    private static void CheckTemplatesNotExpanded(JsonNode? overrides, string target, string? child, string where, List<HubFinding> findings, Func<string, string, string, string, JsonNode?, HubFinding> make)
    {
        if (overrides is not JsonObject obj)
        {
            return;
        }

        // Most overrides hold no template: walk them without collecting every string.
        List<(string Text, JsonNode? Node)>? hits = null;
        CollectTemplates(obj, topLevel: true, ref hits);
        if (hits is null)
        {
            return;
        }

        var at = child is null ? target : target + "/" + child;
        foreach (var (text, node) in hits)
        {
            findings.Add(make(HubFinding.Warning, "HubProfile.TemplateNotExpanded", at,
                $"'{text}' in {where} holds {{value}}, but only unlisted_choice.kubespawner_override is expanded; the text reaches the pod literally.", node));
        }
    }

    // The strings Collect gives (values at any depth, keys below the top level) that hold a {value} field, in its order.
    private static void CollectTemplates(JsonNode? node, bool topLevel, ref List<(string Text, JsonNode? Node)>? hits)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (!topLevel && IsTemplate(key))
                    {
                        (hits ??= []).Add((key, obj));
                    }

                    CollectTemplates(value, false, ref hits);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectTemplates(item, false, ref hits);
                }

                break;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var text = value.GetValue<string>();
                if (IsTemplate(text))
                {
                    (hits ??= []).Add((text, value));
                }

                break;
        }
    }

    private static bool IsTemplate(string text) => text.Contains("{value", StringComparison.Ordinal) && ValueField().IsMatch(text);

    // Every string the hub formats: values at any depth, and keys below the top level.
    private static List<(string Text, JsonNode? Node)> Strings(JsonNode? node, bool topLevel)
    {
        var result = new List<(string, JsonNode?)>();
        Collect(node, topLevel, result);
        return result;
    }

    private static void Collect(JsonNode? node, bool topLevel, List<(string, JsonNode?)> result)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (!topLevel)
                    {
                        result.Add((key, obj));
                    }

                    Collect(value, false, result);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, false, result);
                }

                break;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                result.Add((value.GetValue<string>(), value));
                break;
        }
    }

    private static string Describe(RegexDialect dialect) => dialect switch
    {
        RegexDialect.HtmlPattern => "the HTML pattern attribute",
        RegexDialect.FancyProfiles => "fancy-profiles",
        _ => "the hub",
    };

    private static string Verdict(bool? accepted) => accepted switch { true => "accept", false => "reject", null => "error" };

    private static readonly Regex ValueFieldRegex = new(@"(?<!\{)\{value(?:[!:][^{}]*)?\}", RegexOptions.CultureInvariant);

    private static Regex ValueField() => ValueFieldRegex;
}
