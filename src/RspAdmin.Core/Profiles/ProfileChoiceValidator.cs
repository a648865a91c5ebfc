using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RspAdmin.Core.Profiles;

/// <summary>
/// What the hub and the two browser forms say about a value typed into an option's free-text
/// entry: the hub's <c>_validate_user_options</c> (spec 2.7) to the letter, KubeSpawner's HTML
/// <c>pattern</c> and fancy-profiles' check, and the override the hub would then apply.
/// </summary>
public static class ProfileChoiceValidator
{
    /// <summary>
    /// The hub's verdict on <paramref name="userOptions"/> (the flat shape the form or the REST API
    /// posts): null when it accepts them, else the message of the <c>ValueError</c> it raises.
    /// </summary>
    public static string? ValidateUserOptions(HubProfileList list, IReadOnlyDictionary<string, string?> userOptions)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(userOptions);
        if (userOptions.Count == 0 || !userOptions.TryGetValue("profile", out var slug) || slug is null)
        {
            return null;
        }

        var profile = list.Profiles.FirstOrDefault(p => p.Slug == slug);
        if (profile is null)
        {
            return $"No such profile: {slug}. Options include: {string.Join(", ", list.Profiles.Select(p => p.Slug))}";
        }

        foreach (var option in profile.Options)
        {
            userOptions.TryGetValue(option.Key + "--unlisted-choice", out var unlisted);
            userOptions.TryGetValue(option.Key, out var chosen);
            if (string.IsNullOrEmpty(unlisted) && string.IsNullOrEmpty(chosen))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(unlisted))
            {
                if (!option.UnlistedEnabled)
                {
                    return $"Received unlisted_choice for {option.Key} without being enabled.";
                }

                if (option.ValidationRegexText is { } pattern)
                {
                    var regex = ValidationRegex.Get(pattern);
                    if (regex.ServerError is not null)
                    {
                        return $"re.error: {regex.ServerError}";
                    }

                    if (regex.Matches(RegexDialect.Server, unlisted) != true)
                    {
                        return $"Received unlisted_choice for {option.Key} that failed validation regex.";
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The full verdict on <paramref name="value"/> typed into option <paramref name="optionKey"/> of profile <paramref name="profileSlug"/>.</summary>
    public static HubProfileChoiceVerdict Check(HubProfileList list, string profileSlug, string optionKey, string value)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(profileSlug);
        ArgumentNullException.ThrowIfNull(optionKey);
        ArgumentNullException.ThrowIfNull(value);
        var options = new Dictionary<string, string?> { ["profile"] = profileSlug, [optionKey + "--unlisted-choice"] = value };
        string? serverMessage;
        try
        {
            serverMessage = ValidateUserOptions(list, options);
        }
        catch (RegexMatchTimeoutException)
        {
            serverMessage = "The validation regex backtracks for more than two seconds on this value; the hub may hang on it.";
        }

        var profile = list.Profiles.FirstOrDefault(p => p.Slug == profileSlug);
        var option = profile?.Option(optionKey);
        string? note = null;
        string html = "NotOffered", fancy = "NotOffered";
        string? image = null;
        if (profile is not null && option is null)
        {
            note = $"Profile '{profileSlug}' has no option '{optionKey}'; the hub ignores the value.";
        }
        else if (option is not null && option.UnlistedEnabled)
        {
            (html, fancy) = BrowserVerdicts(option, value);
            if (serverMessage is null && value.Length > 0 && option.UnlistedOverride is not null)
            {
                var expanded = ExpandOverride(option.UnlistedOverride, value, out var templateError);
                image = expanded is null ? null : HubValues.AsString(expanded["image"]);
                if (templateError is not null)
                {
                    note = "The hub fails to apply the override: ValueError: " + templateError;
                }
            }
            else if (value.Length == 0)
            {
                note = "An empty value counts as not given: the hub uses the option's default choice.";
                image = option.DefaultChoice?.Image;
            }
        }

        return new HubProfileChoiceVerdict(profileSlug, optionKey, value, serverMessage is null, serverMessage, html, fancy, image, note);
    }

    /// <summary>What KubeSpawner's form (HTML pattern) and fancy-profiles (trimmed, searched) say.</summary>
    internal static (string Html, string Fancy) BrowserVerdicts(HubProfileOption option, string value)
    {
        if (option.ValidationRegexText is not { } pattern)
        {
            return ("Accepted", value.Trim().Length == 0 ? "Required" : "Accepted");
        }

        var regex = ValidationRegex.Get(pattern);
        string html;
        if (regex.HtmlPatternError is not null)
        {
            html = "PatternIgnored";
        }
        else if (value.Length == 0)
        {
            html = "Accepted"; // an empty field is not checked against its pattern
        }
        else
        {
            html = Safe(() => regex.Matches(RegexDialect.HtmlPattern, value)) switch { true => "Accepted", false => "Rejected", null => "Timeout" };
        }

        var trimmed = JsTrim(value);
        string fancy;
        if (regex.FancyProfilesError is not null)
        {
            fancy = "RegexError";
        }
        else if (trimmed.Length == 0)
        {
            fancy = "Required";
        }
        else
        {
            fancy = Safe(() => regex.Matches(RegexDialect.FancyProfiles, trimmed)) switch { true => "Accepted", false => "Rejected", null => "Timeout" };
        }

        return (html, fancy);
    }

    private static bool? Safe(Func<bool?> match)
    {
        try
        {
            return match();
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>JavaScript's <c>String.prototype.trim</c>: white space and line terminators.</summary>
    internal static string JsTrim(string value) =>
        value.Trim('\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005',
            '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff');

    /// <summary>
    /// KubeSpawner's <c>recursive_format</c> over an unlisted choice's override: each top-level value
    /// formatted with <c>{value}</c> (strings; list items; mapping keys and values, recursively; other
    /// scalars unchanged). Null with <paramref name="error"/> set when Python would raise.
    /// </summary>
    public static JsonObject? ExpandOverride(JsonObject overrides, string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        error = null;
        var result = new JsonObject();
        foreach (var (key, node) in overrides)
        {
            var expanded = Format(node, value, ref error);
            if (error is not null)
            {
                return null;
            }

            result[key] = expanded;
        }

        return result;
    }

    private static JsonNode? Format(JsonNode? node, string value, ref string? error)
    {
        switch (node)
        {
            case JsonObject obj:
                var mapped = new JsonObject();
                foreach (var (k, v) in obj)
                {
                    var key = ValueTemplate.Expand(k, value);
                    if (!key.Succeeded)
                    {
                        error = key.Message;
                        return null;
                    }

                    mapped[key.Text!] = Format(v, value, ref error);
                    if (error is not null)
                    {
                        return null;
                    }
                }

                return mapped;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Format(item, value, ref error));
                    if (error is not null)
                    {
                        return null;
                    }
                }

                return items;
            case JsonValue scalar when scalar.TryGetValue<string>(out var text):
                var result = ValueTemplate.Expand(text, value);
                if (!result.Succeeded)
                {
                    error = result.Message;
                    return null;
                }

                return JsonValue.Create(result.Text);
            default:
                return node?.DeepClone();
        }
    }
}

/// <summary>The verdicts on one free-text value.</summary>
/// <param name="Profile">The profile slug.</param>
/// <param name="Option">The option key.</param>
/// <param name="Value">The value as given (not trimmed).</param>
/// <param name="ServerAccepted">True when the hub accepts the value.</param>
/// <param name="ServerMessage">The hub's <c>ValueError</c> message; null when it accepts.</param>
/// <param name="HtmlPattern">KubeSpawner's form: Accepted, Rejected, PatternIgnored (the browser cannot compile it), NotOffered.</param>
/// <param name="FancyProfiles">fancy-profiles (value trimmed): Accepted, Rejected, Required, RegexError, NotOffered.</param>
/// <param name="Image">The image the spawner would get; null when the override sets none or the value is refused.</param>
/// <param name="Note">Anything else worth knowing; null when nothing.</param>
public sealed record HubProfileChoiceVerdict(
    string Profile, string Option, string Value, bool ServerAccepted, string? ServerMessage, string HtmlPattern, string FancyProfiles, string? Image, string? Note);
