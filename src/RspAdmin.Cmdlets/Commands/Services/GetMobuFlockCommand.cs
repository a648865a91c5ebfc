using System.Management.Automation;
using RspAdmin.Core.Mobu;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Gets mobu's running flocks: name, configuration and monkey states (never the monkeys' tokens).</summary>
[Cmdlet(VerbsCommon.Get, "MobuFlock")]
[OutputType(typeof(MobuFlock))]
public sealed class GetMobuFlockCommand : GafaelfawrCmdlet
{
    /// <summary>mobu's URL (<c>https://host/mobu</c>); MOBU_URL when omitted.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Url { get; set; }

    /// <summary>Flock names (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var url = RequireUrl(Url, "MOBU_URL", nameof(Url), "Mobu");
        var token = GafaelfawrToken();
        using var client = Call((options, _) => Task.FromResult(new MobuClient(url, token, options)), url);
        var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        foreach (var name in Call((_, t) => client.ListFlocksAsync(t), url))
        {
            if ((patterns is null || patterns.Any(p => p.IsMatch(name))) && TryCall((_, t) => client.GetFlockAsync(name, t), name) is { } flock)
            {
                WriteObject(flock);
            }
        }
    }
}
