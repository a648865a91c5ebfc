namespace RspAdmin.Core.Profiles;

/// <summary>
/// One thing a hub check found. <see cref="Severity"/> is <c>Error</c> (the hub or a build fails, or a
/// user gets what they did not choose), <c>Warning</c> (works, but differs between the places that
/// judge it or will break on an ordinary edit) or <c>Information</c>.
/// </summary>
/// <param name="Severity">Error, Warning or Information.</param>
/// <param name="Id">A stable identifier such as <c>HubProfile.SlugDuplicate</c> or <c>BinderHub.NodeSelectorMismatch</c>.</param>
/// <param name="Target">What the finding is about: a profile slug, <c>slug/option</c>, <c>slug/option/choice</c> or a values path.</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="File">The file the node came from; null when not known.</param>
/// <param name="Line">The 1-based line; 0 when not known.</param>
public sealed record HubFinding(string Severity, string Id, string Target, string Message, string? File = null, int Line = 0)
{
    /// <summary>The severity of a finding that makes something fail.</summary>
    public const string Error = "Error";

    /// <summary>The severity of a finding that works but is fragile or inconsistent.</summary>
    public const string Warning = "Warning";

    /// <summary>The severity of a finding worth knowing.</summary>
    public const string Information = "Information";

    /// <inheritdoc />
    public override string ToString() => $"{Severity} {Id} {Target}: {Message}";
}
