namespace RspAdmin.Core.Toolforge;

/// <summary>The fixed names of Toolforge's image configuration.</summary>
public static class ToolforgeNames
{
    /// <summary>The namespace of the ConfigMap.</summary>
    public const string ConfigMapNamespace = "tf-public";

    /// <summary>The ConfigMap's name.</summary>
    public const string ConfigMapName = "image-config";

    /// <summary>The data key that holds the catalog.</summary>
    public const string DataKey = "images-v1.yaml";

    /// <summary>The data key of the catalog before 2022-11 (a flat list in the ConfigMap <c>images</c>).</summary>
    public const string LegacyDataKey = "images.yaml";

    /// <summary>Every Harbor project of a tool starts with this.</summary>
    public const string ToolProjectPrefix = "tool-";

    /// <summary>The variant the jobs framework used until 2026-01.</summary>
    public const string JobsVariant = "jobs-framework";

    /// <summary>The variant the webservice command uses.</summary>
    public const string WebserviceVariant = "webservice";

    /// <summary>The tag consumers append to variant images.</summary>
    public const string DefaultTag = "latest";

    /// <summary>State of an entry users may pick.</summary>
    public const string StateStable = "stable";

    /// <summary>State of an entry that still resolves but is not listed.</summary>
    public const string StateDeprecated = "deprecated";

    /// <summary>State of an image that is not in the catalog.</summary>
    public const string StateUnknown = "unknown";

    /// <summary>Type of a pre-built image or of an unknown one without a project.</summary>
    public const string TypeStandard = "standard";

    /// <summary>Type of an image built by the build service (Harbor).</summary>
    public const string TypeBuildservice = "buildservice";

    /// <summary>The web server wrappers webservice knows (<c>variants.webservice.extra.wstype</c>).</summary>
    public static readonly IReadOnlyList<string> WebserviceTypes = ["generic", "js", "lighttpd", "lighttpd-plain", "python"];

    /// <summary>The resource profiles of <c>variants.webservice.extra.resources</c>.</summary>
    public static readonly IReadOnlyList<string> ResourceProfiles = ["default", "jdk"];
}
