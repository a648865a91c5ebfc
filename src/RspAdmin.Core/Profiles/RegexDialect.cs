namespace RspAdmin.Core.Profiles;

/// <summary>The three places that judge an unlisted-choice value against <c>validation_regex</c>.</summary>
public enum RegexDialect
{
    /// <summary>KubeSpawner on the hub: Python <c>re.match</c>, anchored at the start only; authoritative.</summary>
    Server,

    /// <summary>KubeSpawner's own form: the HTML <c>pattern</c> attribute, a whole-value match in JavaScript's <c>v</c> mode.</summary>
    HtmlPattern,

    /// <summary>jupyterhub-fancy-profiles: <c>new RegExp(pattern, "g").test(value)</c>, an unanchored search.</summary>
    FancyProfiles,
}
