using System.Management.Automation;
using RspAdmin.Core.ArgoCd;

namespace RspAdmin.Cmdlets.Commands.Services;

/// <summary>Gets Argo CD applications: sync, health, the last operation and the resources (those that need pruning flagged).</summary>
[Cmdlet(VerbsCommon.Get, "ArgoCdApplication", DefaultParameterSetName = "Name")]
[OutputType(typeof(ArgoCdApplication))]
public sealed class GetArgoCdApplicationCommand : ArgoCdCmdlet
{
    /// <summary>Application names; wildcards list and filter.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "Name")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>A label selector (<c>argocd.argoproj.io/instance=science-platform</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Selector")]
    [ValidateNotNullOrEmpty]
    public string Selector { get; set; } = null!;

    /// <summary>The project of the applications (a missing one is then NotFound instead of PermissionDenied).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Project { get; set; }

    /// <summary>Ask Argo CD to compare with the source before answering.</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    protected override void ProcessRecord()
    {
        using var client = Connect();
        if (ParameterSetName == "Selector" || Name is null || Name.Any(WildcardPattern.ContainsWildcardCharacters))
        {
            var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            foreach (var app in Call((_, t) => client.ListAsync(ParameterSetName == "Selector" ? Selector : null, t)))
            {
                if (patterns is null || patterns.Any(p => p.IsMatch(app.Name)))
                {
                    WriteObject(app);
                }
            }

            return;
        }

        foreach (var name in Name)
        {
            if (TryCall((_, t) => client.GetAsync(name, Project, Refresh.IsPresent, t), name) is { } app)
            {
                WriteObject(app);
            }
        }
    }
}
