using RspAdmin.Core.BinderHub;
using RspAdmin.Core.Profiles;
using RspAdmin.Core.Tests.Support;

namespace RspAdmin.Core.Tests.Profiles;

/// <summary>
/// The checks on the real 2i2c hub values in the shared fixtures. Each hub is layered as its
/// deployment layers it (basehub's binderhub-service section, the hub's common file, its own file);
/// what the files really get wrong is reported, what they get right is not.
/// </summary>
public sealed class FixtureHubConformanceTests
{
    private const string Basehub = "helm-charts__basehub__values.binderhub-service-section.yaml";

    public static TheoryData<string, string[]> ProfileFindings => new()
    {
        // 'Default' has no slug: the hub makes one from the display name.
        { "neurohackademy__common.values.yaml", ["Information HubProfile.SlugGenerated default"] },
        { "temple__research.values.yaml", ["Information HubProfile.SlugGenerated default"] },
        { "bnext-bio__staging.values.yaml", [] },
        { "leap__public.values.yaml", [] },
        { "opensci__sciencecore.values.yaml", [] },
        { "projectpythia__common.values.yaml", [] },
        { "projectpythia-binder__binderhub.values.yaml", [] },
        { "docs-imagebuilding-profileList-snippet.yaml", [] },
    };

    [SkippableTheory]
    [MemberData(nameof(ProfileFindings))]
    public void ProfileListFindings(string file, string[] expected)
    {
        Skip.If(SharedFixtures.Root is null, SharedFixtures.SkipMessage);
        var list = HubProfileList.FromValues(HubValues.Load([FixtureHubs.File(file)]));
        var findings = HubProfileListChecker.Check(list);
        Assert.Equal(expected, findings.Select(f => $"{f.Severity} {f.Id} {f.Target}"));
        Assert.All(findings, f => Assert.True(f.Line > 0 && f.File == FixtureHubs.File(file), $"{f} has no location"));
    }

    [SkippableFact]
    public void EveryFixtureProfileListIsChecked()
    {
        Skip.If(SharedFixtures.Root is null, SharedFixtures.SkipMessage);
        var listed = ProfileFindings.Select(row => (string)row[0]).ToHashSet();
        var withLists = FixtureHubs.ProfileFiles().Select(Path.GetFileName).ToList();
        Assert.Subset(listed, withLists.ToHashSet()!);
        Assert.Equal(8, withLists.Count);
        Assert.Equal(listed.Order(StringComparer.Ordinal), withLists!);
    }

    [SkippableFact]
    public void TheDynamicBuildingOptionsAreRecognizedAndTheirRegexAcceptsBuiltNames()
    {
        Skip.If(SharedFixtures.Root is null, SharedFixtures.SkipMessage);
        var options = FixtureHubs.ProfileFiles()
            .SelectMany(f => HubProfileList.FromValues(HubValues.Load([f])).Profiles)
            .SelectMany(p => p.Options)
            .Where(o => o.DynamicImageBuildingWritten)
            .ToList();
        Assert.NotEmpty(options);
        Assert.All(options, o => Assert.True(o.DynamicImageBuilding));
        Assert.All(options, o => Assert.Equal("^.+:.+$", o.ValidationRegexText));
        var name = BinderImageName.For("binder-examples/requirements", "50533eb470ee6c24e872043d30b2fee463d6943f", "quay.io/imagebuilding-non-gcp-hubs/temple-research-");
        Assert.True(new ValidationRegex("^.+:.+$").Matches(RegexDialect.Server, name));
    }

    public static TheoryData<string[], string[]> SetupFindings => new()
    {
        // GCP: credentials in plain values; the password lives in the secret file; no emptyDir limit.
        { [Basehub, "leap__public.values.yaml"], ["Information BinderHub.PasswordNotChecked", "Warning BinderHub.StorageNotEphemeral"] },
        // quay hubs: the pull secret lives in the (absent) secret file.
        { [Basehub, "opensci__sciencecore.values.yaml"], ["Information BinderHub.PasswordNotChecked", "Warning BinderHub.StorageNotEphemeral", "Warning BinderHub.PullSecretMissing"] },
        { [Basehub, "neurohackademy__common.values.yaml", "neurohackademy__prod.values.yaml"], ["Information BinderHub.PasswordNotChecked", "Warning BinderHub.StorageNotEphemeral", "Warning BinderHub.PullSecretMissing"] },
        // projectpythia writes the pull secret and a password placeholder in plain values.
        { [Basehub, "projectpythia__common.values.yaml", "projectpythia__binderhub-service-common.values.yaml"], ["Warning BinderHub.StorageNotEphemeral"] },
    };

    [SkippableTheory]
    [MemberData(nameof(SetupFindings))]
    public void ImageBuildingSetupFindings(string[] files, string[] expected)
    {
        Skip.If(SharedFixtures.Root is null, SharedFixtures.SkipMessage);
        var findings = ImageBuildingHubChecker.Check(HubValues.Load(files.Select(FixtureHubs.File).ToArray()));
        Assert.Equal(expected, findings.Select(f => $"{f.Severity} {f.Id}"));
    }

    [SkippableTheory]
    [InlineData("bnext-bio__staging.values.yaml")]
    [InlineData("bnext-bio__prod.values.yaml")]
    [InlineData("temple__research.values.yaml")]
    [InlineData("neurohackademy__prod.values.yaml")]
    public void AHubFileWithoutItsCommonFileLacksWhatTheCommonFileGives(string file)
    {
        Skip.If(SharedFixtures.Root is null, SharedFixtures.SkipMessage);
        var ids = ImageBuildingHubChecker.Check(HubValues.Load([FixtureHubs.File(Basehub), FixtureHubs.File(file)])).Select(f => f.Id).ToHashSet();
        Assert.Contains("BinderHub.NotEnabled", ids);
        Assert.Contains("BinderHub.CredentialsMissing", ids);
        Assert.DoesNotContain("BinderHub.ImagePrefixShape", ids);
        Assert.DoesNotContain("BinderHub.NodeSelectorMismatch", ids);
        Assert.DoesNotContain("BinderHub.SchemaViolation", ids);
    }

    [SkippableFact]
    public void TheChartsOwnTestValuesPassItsSchema()
    {
        Skip.If(SharedFixtures.Root is null, SharedFixtures.SkipMessage);
        var text = File.ReadAllText(SharedFixtures.Fixture("toolforge-2i2c", "binderhub-service", "dev-config.yaml")!);
        var values = HubValues.Parse("binderhub-service:\n  enabled: true\n" + string.Join("\n", text.Split('\n').Select(l => "  " + l)), "dev-config.yaml");
        Assert.DoesNotContain(ImageBuildingHubChecker.Check(values), f => f.Id == "BinderHub.SchemaViolation");
    }
}
