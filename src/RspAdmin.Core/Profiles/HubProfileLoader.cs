using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RspAdmin.Core.Profiles;

/// <summary>
/// What the hub does with a posted spawn form: <c>options_from_form</c> (spec 2.6) and the override
/// order of <c>_load_profile</c> (spec 2.8), applied to a set of spawner settings.
/// </summary>
public static class HubProfileLoader
{
    /// <summary>
    /// <c>options_from_form</c>: <c>profile</c>, then every field with the exact prefix
    /// <c>profile-option-&lt;slug&gt;--</c> with the prefix removed (first value of each field).
    /// </summary>
    public static Dictionary<string, string?> OptionsFromForm(IReadOnlyDictionary<string, IReadOnlyList<string>> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var slug = form.TryGetValue("profile", out var profile) && profile.Count > 0 ? profile[0] : null;
        options["profile"] = slug;
        var prefix = "profile-option-" + slug + "--";
        foreach (var (key, values) in form)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && values.Count > 0)
            {
                options[key[prefix.Length..]] = values[0];
            }
        }

        return options;
    }

    /// <summary>
    /// The spawner settings after loading <paramref name="userOptions"/>: <paramref name="settings"/>
    /// (copied) with the profile's overrides, then each option's (the templated unlisted override when
    /// a value was typed, else the posted choice's, else the default choice's) applied in order.
    /// Mapping values merge into mapping settings recursively and a null there removes the key.
    /// </summary>
    /// <exception cref="RspException"><c>HubProfile.NoSuchProfile</c>, <c>HubProfile.NoDefaultChoice</c>, <c>HubProfile.NoSuchChoice</c>, <c>HubProfile.TemplateInvalid</c>: what the hub raises.</exception>
    public static JsonObject Load(HubProfileList list, IReadOnlyDictionary<string, string?> userOptions, JsonObject? settings = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(userOptions);
        var result = (JsonObject?)settings?.DeepClone() ?? [];
        userOptions.TryGetValue("profile", out var slug);
        var profile = list.Find(slug) ?? throw new RspException("HubProfile.NoSuchProfile", ErrorKind.InvalidArgument,
            $"No such profile: {slug}. Options include: {string.Join(", ", list.Profiles.Select(p => p.Slug))}", slug);
        Apply(result, profile.Node["kubespawner_override"] as JsonObject);
        foreach (var option in profile.Options)
        {
            userOptions.TryGetValue(option.Key + "--unlisted-choice", out var unlisted);
            userOptions.TryGetValue(option.Key, out var chosen);
            if (!string.IsNullOrEmpty(unlisted))
            {
                if (option.UnlistedOverride is null)
                {
                    continue;
                }

                var expanded = ProfileChoiceValidator.ExpandOverride(option.UnlistedOverride, unlisted, out var error)
                    ?? throw new RspException("HubProfile.TemplateInvalid", ErrorKind.InvalidData, $"The unlisted_choice override of '{option.Key}' cannot be expanded: {error}", option.Key);
                Apply(result, expanded);
            }
            else if (!string.IsNullOrEmpty(chosen))
            {
                var choice = option.Choices.FirstOrDefault(c => c.Key == chosen) ?? throw new RspException("HubProfile.NoSuchChoice", ErrorKind.InvalidArgument,
                    $"Option '{option.Key}' has no choice '{chosen}' (the hub fails with KeyError).", chosen);
                Apply(result, choice.Override);
            }
            else
            {
                var choice = option.DefaultChoice ?? throw new RspException("HubProfile.NoDefaultChoice", ErrorKind.InvalidData,
                    $"Unable to determine a default choice for {option.Key}.", option.Key);
                Apply(result, choice.Override);
            }
        }

        return result;
    }

    private static void Apply(JsonObject settings, JsonObject? overrides)
    {
        if (overrides is null)
        {
            return;
        }

        foreach (var (key, value) in overrides)
        {
            if (value is JsonObject map && settings[key] is JsonObject existing)
            {
                RecursiveUpdate(existing, map);
            }
            else if (value is JsonObject newMap)
            {
                var fresh = new JsonObject();
                RecursiveUpdate(fresh, newMap);
                settings[key] = fresh;
            }
            else
            {
                settings[key] = value?.DeepClone();
            }
        }
    }

    // KubeSpawner's recursive_update: nested mappings merge; a None value deletes the key.
    private static void RecursiveUpdate(JsonObject target, JsonObject update)
    {
        foreach (var (key, value) in update)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject map && target[key] is JsonObject existing)
            {
                RecursiveUpdate(existing, map);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    /// <summary>
    /// A fancy-profiles permalink: the hub's login page with <c>next</c> set to the spawn page and the
    /// fragment <c>#fancy-forms-config=</c> plus the URI-encoded selection (profile, then for each option
    /// its choice and <c>&lt;option&gt;:unlisted_choice</c>).
    /// </summary>
    public static string Permalink(string hubUrl, string profile, IEnumerable<(string Option, string Choice, string Unlisted)> options)
    {
        ArgumentNullException.ThrowIfNull(hubUrl);
        ArgumentNullException.ThrowIfNull(options);
        var config = new JsonObject { ["profile"] = profile };
        foreach (var (option, choice, unlisted) in options)
        {
            config[option] = choice;
            config[option + ":unlisted_choice"] = unlisted;
        }

        var json = config.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return hubUrl.TrimEnd('/') + "/hub/login?next=/hub/spawn%23fancy-forms-config=" + EncodeUriComponent(json);
    }

    // JavaScript's encodeURIComponent: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ) as UTF-8 percent escapes.
    internal static string EncodeUriComponent(string text)
    {
        var builder = new StringBuilder(text.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-_.!~*'()".Contains(c)))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
