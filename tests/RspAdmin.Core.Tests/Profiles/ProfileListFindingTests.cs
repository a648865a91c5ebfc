using CsCheck;
using RspAdmin.Core.Profiles;

namespace RspAdmin.Core.Tests.Profiles;

/// <summary>Findings on profile lists written to be wrong in one way each.</summary>
public sealed class ProfileListFindingTests
{
    private static IReadOnlyList<HubFinding> Check(string profileListYaml, string? prefix = null) =>
        HubProfileListChecker.Check(HubProfileList.FromValues(HubValues.Parse("jupyterhub:\n  singleuser:\n    profileList:\n" + profileListYaml, "t.yaml")), prefix);

    private static string Option(string regex, string key = "image", string extra = "") => $$$"""
              - display_name: Build
                slug: build
                profile_options:
                  {{{key}}}:
                    dynamic_image_building: {enabled: true}
                    unlisted_choice:
                      enabled: true
                      validation_regex: '{{{regex}}}'
                      kubespawner_override: {image: '{value}'{{{extra}}}}
                    choices:
                      pangeo: {kubespawner_override: {image: 'pangeo/pangeo-notebook:2024.06.02'}}

        """;

    [Fact]
    public void AMappingListDuplicateSlugsAndTwoDefaultsAreReported()
    {
        var findings = HubProfileListChecker.Check(HubProfileList.FromValues(HubValues.Parse("""
            jupyterhub:
              singleuser:
                profileList:
                  zz: {display_name: First, slug: same, default: true}
                  aa: {display_name: Second, slug: same, default: true}
            """, "t.yaml")));
        Assert.Equal(["HubProfile.ListIsMapping", "HubProfile.DefaultMultiple", "HubProfile.SlugDuplicate"], findings.Select(f => f.Id));
        Assert.Contains("'Second'", findings[2].Message, StringComparison.Ordinal); // sorted by key: aa first
    }

    [Fact]
    public void ARegexThatRejectsBuiltNamesFails()
    {
        var findings = Check(Option("^pangeo/.*$"));
        var rejected = Assert.Single(findings, f => f.Id == "HubProfile.BuiltImageRejected" && f.Severity == HubFinding.Error);
        Assert.Contains("rejects 3 of 3 sample names", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnanchoredRegexMakesTheDialectsDisagree()
    {
        var findings = Check(Option("pangeo"));
        var disagreement = Assert.Single(findings, f => f.Id == "HubProfile.RegexDialectsDisagree");
        Assert.Contains("the hub says accept, KubeSpawner's form reject and fancy-profiles accept", disagreement.Message, StringComparison.Ordinal);
        Assert.Single(findings, f => f.Id == "HubProfile.BuiltImageRejected");
    }

    [Fact]
    public void ARegexBrowsersCannotCompileIsAWarning()
    {
        // Also a real error: one '/' only, while built names have a registry host and an organization.
        var findings = Check(Option("^[\\w.-]+/[\\w.-]+:[\\w.-]+$"));
        var finding = Assert.Single(findings, f => f.Severity == HubFinding.Warning);
        Assert.Equal("HubProfile.RegexDialectInvalid", finding.Id);
        Assert.Contains("HTML pattern", finding.Message, StringComparison.Ordinal);
        Assert.Single(findings, f => f.Id == "HubProfile.BuiltImageRejected");
    }

    [Fact]
    public void ARegexNobodyCompilesIsAnError() =>
        Assert.Contains(Check(Option("^(unclosed")), f => f.Id == "HubProfile.RegexInvalid" && f.Severity == HubFinding.Error);

    [Fact]
    public void ARegexDotNetCannotCompileIsReportedAsUnchecked() =>
        Assert.Contains(Check(Option("^a*+:b$")), f => f.Id == "HubProfile.RegexUnsupported");

    [Fact]
    public void DynamicBuildingOnAnotherOptionKeyIsIgnored() =>
        Assert.Contains(Check(Option("^.+:.+$", key: "images")), f => f.Id == "HubProfile.DynamicBuildingIgnored" && f.Target == "build/images");

    [Fact]
    public void ABadTemplateFailsAndAnUnpredictableOneWarns()
    {
        Assert.Contains(Check(Option("^.+:.+$", extra: ", environment: {X: '{value'}")), f => f.Id == "HubProfile.TemplateInvalid");
        Assert.Contains(Check(Option("^.+:.+$", extra: ", environment: {X: '{}'}")), f => f.Id == "HubProfile.TemplateInvalid");
        Assert.Contains(Check(Option("^.+:.+$", extra: ", environment: {X: '{value.upper}'}")), f => f.Id == "HubProfile.TemplateUnpredictable");
        Assert.DoesNotContain(Check(Option("^.+:.+$", extra: ", environment: {X: '${{JUPYTER_USER}}', Y: '{escaped_username}'}")), f => f.Id.StartsWith("HubProfile.Template", StringComparison.Ordinal));
    }

    [Fact]
    public void AValueTemplateInAChoiceIsNotExpanded()
    {
        var findings = Check("""
              - display_name: P
                slug: p
                profile_options:
                  image:
                    choices:
                      a: {kubespawner_override: {image: '{value}'}}

        """);
        Assert.Equal(["HubProfile.TemplateNotExpanded"], findings.Select(f => f.Id));
    }

    [Fact]
    public void EveryUnexpandedTemplateIsNamedWhereItIsInOrder()
    {
        // Values at any depth and keys below the top level are formatted by the hub, top-level keys are
        // not; an escaped {{value}} is literal text. Each finding names its profile or profile/option/choice.
        var findings = Check("""
              - display_name: P
                slug: p
                kubespawner_override:
                  '{value}': top-level key, never formatted
                  environment: {A: 'x-{value}', '{value:>4}': key below the top level}
                profile_options:
                  image:
                    choices:
                      a: {kubespawner_override: {image: 'plain', args: ['--x', '{value!r}'], note: '{{value}}'}}
                      b: {kubespawner_override: {image: 'plain'}}

        """);
        Assert.Equal(
            [("p", "'x-{value}'"), ("p", "'{value:>4}'"), ("p/image/a", "'{value!r}'")],
            findings.Where(f => f.Id == "HubProfile.TemplateNotExpanded").Select(f => (f.Target, f.Message[..f.Message.IndexOf(" in ", StringComparison.Ordinal)])));
    }

    [Fact]
    public void AChoiceVerdictFollowsTheServerAndEachForm()
    {
        var list = HubProfileList.FromValues(HubValues.Parse("jupyterhub:\n  singleuser:\n    profileList:\n" + Option("^.+:.+$"), "t.yaml"));
        var accepted = ProfileChoiceValidator.Check(list, "build", "image", " foo:bar ");
        Assert.True(accepted.ServerAccepted);
        Assert.Equal(" foo:bar ", accepted.Image);
        Assert.Equal(("Accepted", "Accepted"), (accepted.HtmlPattern, accepted.FancyProfiles));
        var trailingNewline = ProfileChoiceValidator.Check(list, "build", "image", "foo:bar\n");
        Assert.True(trailingNewline.ServerAccepted);
        Assert.Equal("Rejected", trailingNewline.HtmlPattern);
        var rejected = ProfileChoiceValidator.Check(list, "build", "image", "pangeo/pangeo-notebook");
        Assert.Equal("Received unlisted_choice for image that failed validation regex.", rejected.ServerMessage);
        Assert.Equal(("Rejected", "Rejected"), (rejected.HtmlPattern, rejected.FancyProfiles));
        Assert.Equal("No such profile: nope. Options include: build", ProfileChoiceValidator.Check(list, "nope", "image", "a:b").ServerMessage);
    }

    [Fact]
    public void SlugsAreAlwaysSlugShapedAndStable() =>
        Gen.String.Sample(text =>
        {
            var slug = ProfileSlug.Slugify(text);
            return (slug.Length == 0 || System.Text.RegularExpressions.Regex.IsMatch(slug, "^[a-z0-9]+(?:-[a-z0-9]+)*$")) && ProfileSlug.Slugify(slug) == slug;
        });
}
