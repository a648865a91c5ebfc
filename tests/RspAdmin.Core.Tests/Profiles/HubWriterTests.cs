using System.Text.Json.Nodes;
using RspAdmin.Core.BinderHub;
using RspAdmin.Core.Profiles;
using YamlDotNet.RepresentationModel;

namespace RspAdmin.Core.Tests.Profiles;

/// <summary>Writing profiles and the image-building setup into the project's example hub values.</summary>
public sealed class HubWriterTests : IDisposable
{
    private readonly ProjectData _data = new();

    public void Dispose() => _data.Dispose();

    private static HubProfileEntry Entry(string slug = "build", params string[] images) =>
        HubProfileBuilder.Build(
            (images.Length == 0 ? ["pangeo/pangeo-notebook:2024.06.02", "quay.io/jupyter/scipy-notebook:2024-04-15"] : images).Select(i => new HubImageSource(i)),
            slug, "Build your own", dynamicImageBuilding: true);

    [Fact]
    public void AProfileIsAppendedThenReplacedAndARerunChangesNothing()
    {
        var before = File.ReadAllText(_data.HubValues);
        var added = HubProfileListWriter.Write(_data.HubValues, Entry(), null, save: true);
        Assert.Equal("Added", added.Action);
        var afterAdd = File.ReadAllText(_data.HubValues);
        Assert.StartsWith(before[..before.IndexOf("dask-gateway:", StringComparison.Ordinal)].Split("      # Dedicated")[0], afterAdd, StringComparison.Ordinal);
        Assert.Contains("# Dedicated GPU node for the course.", afterAdd, StringComparison.Ordinal);

        var list = HubProfileList.FromValues(HubValues.Load([_data.HubValues]));
        Assert.Equal(["small", "gpu", "build"], list.Profiles.Select(p => p.Slug));
        var option = list.Profiles[2].Option("image")!;
        Assert.True(option.DynamicImageBuilding);
        Assert.Equal("^.+:.+$", option.ValidationRegexText);
        Assert.Equal(["pangeo-notebook-2024-06-02", "scipy-notebook-2024-04-15"], option.Choices.Select(c => c.Key));
        Assert.True(option.Choices[0].IsDefault);

        var again = HubProfileListWriter.Write(_data.HubValues, Entry(), null, save: true);
        Assert.Equal("Unchanged", again.Action);
        Assert.Equal(afterAdd, File.ReadAllText(_data.HubValues));

        var replaced = HubProfileListWriter.Write(_data.HubValues, Entry("build", "pangeo/pangeo-notebook:2025.01.10"), null, save: true);
        Assert.Equal("Replaced", replaced.Action);
        Assert.Contains("-                  image: quay.io/jupyter/scipy-notebook:2024-04-15", replaced.Diff, StringComparison.Ordinal);
        var reread = HubProfileList.FromValues(HubValues.Load([_data.HubValues]));
        Assert.Equal(3, reread.Profiles.Count);
        Assert.Equal("pangeo/pangeo-notebook:2025.01.10", reread.Profiles[2].Option("image")!.Choices.Single().Image);
        Assert.DoesNotContain(HubProfileListChecker.Check(reread), f => f.Severity != HubFinding.Information);
    }

    [Fact]
    public void ADryRunWritesNothingButGivesTheDiff()
    {
        var before = File.ReadAllBytes(_data.HubValues);
        var preview = HubProfileListWriter.Write(_data.HubValues, Entry(), "byo", save: false);
        Assert.Equal("Added", preview.Action);
        Assert.Contains("+        slug: byo", preview.Diff, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_data.HubValues));
    }

    [Theory]
    [InlineData("nfs:\n  enabled: true\n", "HubProfile.NotHubValues")]
    [InlineData("jupyterhub:\n  singleuser:\n    profileList:\n      b: {display_name: B}\n      a: {display_name: A}\n", "HubProfile.ListIsMapping")]
    [InlineData("jupyterhub:\n  singleuser:\n    profileList:\n      - display_name: Build\n", "HubProfile.SlugConflict")]
    [InlineData("jupyterhub: [\n", "Yaml.Malformed")]
    public void BadFilesAreRefusedAndLeftUntouched(string text, string errorId)
    {
        var path = _data.Write("bad.yaml", text);
        var error = Assert.ThrowsAny<RspException>(() => HubProfileListWriter.Write(path, Entry(), null, save: true));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Fact]
    public void BadEntriesAreRefused()
    {
        Assert.Equal("HubProfile.BadSlug", Assert.Throws<RspException>(() => Entry("Not A Slug")).ErrorId);
        Assert.Equal("HubProfile.NoImages", Assert.Throws<RspException>(() => HubProfileBuilder.Build([], "x", "X")).ErrorId);
        Assert.Equal("HubProfile.RegexInvalid", Assert.Throws<RspException>(() =>
            HubProfileBuilder.Build([new HubImageSource("a/b:1")], "x", "X", unlisted: new HubUnlistedChoice { ValidationRegex = "^(?P<x>" })).ErrorId);
        Assert.Equal("HubProfile.BadUnlistedChoice", Assert.Throws<RspException>(() =>
            HubProfileBuilder.Build([new HubImageSource("a/b:1")], "x", "X", unlisted: new HubUnlistedChoice { ImageTemplate = "{value" })).ErrorId);
        Assert.Equal("HubProfile.DefaultNotFound", Assert.Throws<RspException>(() =>
            HubProfileBuilder.Build([new HubImageSource("a/b:1")], "x", "X", defaultChoice: "nope")).ErrorId);
    }

    [Fact]
    public void DigestsArePinnedWhenKnownAndAWarningSaysWhichAreNot()
    {
        var warnings = new List<string>();
        const string digest = "sha256:5b8c5641d2dbd7d849cacb39853141c00b29ed9f40af9ee946b6a6a715e637c3";
        var entry = HubProfileBuilder.Build(
            [new HubImageSource("r.example/lab:w_2024_50", digest, "Weekly 2024_50"), new HubImageSource("r.example/lab:w_2024_49")],
            "lab", "Lab", pinDigest: true, defaultChoice: "r.example/lab:w_2024_50", warn: warnings.Add);
        Assert.Equal("r.example/lab:w_2024_50@" + digest, entry.Choices[0].Image);
        Assert.True(entry.Choices[0].Pinned && entry.Choices[0].IsDefault);
        Assert.Equal("weekly-2024-50", entry.Choices[0].Key);
        Assert.Equal("r.example/lab:w_2024_49", entry.Choices[1].Image);
        Assert.Single(warnings);
    }

    [Theory]
    [InlineData(BinderHubRegistry.Gcp, "us-central1-docker.pkg.dev/example-project/imagebuilding-registry/", "https://us-central1-docker.pkg.dev", "_json_key")]
    [InlineData(BinderHubRegistry.Quay, "quay.io/imagebuilding-non-gcp-hubs/example-cluster-example-hub-", "https://quay.io", "imagebuilding-non-gcp-hubs+image_builder")]
    public void TheSetupIsCleanAnchorsResolveAndARerunChangesNothing(BinderHubRegistry registry, string prefix, string url, string user)
    {
        var secret = _data.Write("enc-example-hub.secret.values.yaml", "# plaintext until encrypted\n");
        var options = new ImageBuildingHubOptions
        {
            Registry = registry,
            ImagePrefix = prefix,
            Password = "s3cret-pass",
            NodeSelector = new Dictionary<string, string> { ["node.kubernetes.io/instance-type"] = "r5.xlarge" },
            AllowPlaintextSecret = true,
        };
        var result = ImageBuildingHubSetup.Apply(_data.HubValues, secret, options, save: true);
        Assert.Equal("Plaintext", result.SecretWritten);
        Assert.DoesNotContain("s3cret-pass", result.Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pass", File.ReadAllText(_data.HubValues), StringComparison.Ordinal);
        Assert.Contains("url: &url " + url, File.ReadAllText(_data.HubValues), StringComparison.Ordinal);

        // YamlDotNet resolves the aliases to the anchored values.
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(_data.HubValues)));
        var service = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["binderhub-service"];
        var credentials = (YamlMappingNode)service["buildPodsRegistryCredentials"];
        Assert.Equal(url, ((YamlScalarNode)credentials["server"]).Value);
        Assert.Equal(user, ((YamlScalarNode)credentials["username"]).Value);
        var secrets = new YamlStream();
        secrets.Load(new StringReader(File.ReadAllText(secret)));
        var secretService = (YamlMappingNode)((YamlMappingNode)secrets.Documents[0].RootNode)["binderhub-service"];
        Assert.Equal("s3cret-pass", ((YamlScalarNode)((YamlMappingNode)secretService["buildPodsRegistryCredentials"])["password"]).Value);

        var values = HubValues.Load([_data.HubValues]);
        var findings = ImageBuildingHubChecker.Check(values, secret);
        Assert.Equal(["BinderHub.SecretNotEncrypted"], findings.Select(f => f.Id));
        Assert.Equal(registry == BinderHubRegistry.Quay,
            HubValues.At(values.Root, "dask-gateway", "gateway", "backend", "imagePullSecrets") is JsonArray);

        var hubBytes = File.ReadAllBytes(_data.HubValues);
        var secretBytes = File.ReadAllBytes(secret);
        var rerun = ImageBuildingHubSetup.Apply(_data.HubValues, secret, options, save: true);
        Assert.Empty(rerun.Changed);
        Assert.Equal(hubBytes, File.ReadAllBytes(_data.HubValues));
        Assert.Equal(secretBytes, File.ReadAllBytes(secret));
    }

    [Fact]
    public void APasswordIsNotWrittenToAPlaintextFileAndNothingIsWritten()
    {
        var secret = _data.Write("enc-example-hub.secret.values.yaml", "jupyterhub: {}\n");
        var hubBefore = File.ReadAllBytes(_data.HubValues);
        var error = Assert.Throws<RspException>(() => ImageBuildingHubSetup.Apply(_data.HubValues, secret,
            new ImageBuildingHubOptions { Registry = BinderHubRegistry.Quay, ImagePrefix = "quay.io/org/c-h-", Password = "s3cret-pass" }, save: true));
        Assert.Equal("BinderHub.PlaintextSecret", error.ErrorId);
        Assert.DoesNotContain("s3cret-pass", error.Message, StringComparison.Ordinal);
        Assert.Equal(hubBefore, File.ReadAllBytes(_data.HubValues));
        Assert.Equal("jupyterhub: {}\n", File.ReadAllText(secret));
    }

    [Fact]
    public void AnEncryptedSecretFileNeedsSops()
    {
        var secret = _data.Write("enc-example-hub.secret.values.yaml", "binderhub-service: ENC[AES256_GCM,_data:x]\nsops:\n  version: 3.9.0\n");
        var path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", _data.Directory);
            var error = Assert.Throws<RspException>(() => ImageBuildingHubSetup.Apply(_data.HubValues, secret,
                new ImageBuildingHubOptions { Registry = BinderHubRegistry.Quay, ImagePrefix = "quay.io/org/c-h-", Password = "pw" }, save: true));
            Assert.Equal("BinderHub.SopsNotFound", error.ErrorId);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    [Theory]
    [InlineData(BinderHubRegistry.Gcp, "quay.io/org/x-")]
    [InlineData(BinderHubRegistry.Quay, "Quay.io/org/x-")]
    [InlineData(BinderHubRegistry.Quay, "")]
    public void ABadImagePrefixIsRefused(BinderHubRegistry registry, string prefix)
    {
        var before = File.ReadAllBytes(_data.HubValues);
        var error = Assert.Throws<RspException>(() => ImageBuildingHubSetup.Apply(_data.HubValues, null,
            new ImageBuildingHubOptions { Registry = registry, ImagePrefix = prefix }, save: true));
        Assert.Equal("BinderHub.BadImagePrefix", error.ErrorId);
        Assert.Equal(before, File.ReadAllBytes(_data.HubValues));
    }

    [Fact]
    public void AValuesFileWithoutJupyterhubIsRefused()
    {
        var path = _data.Write("other.yaml", "nfs:\n  enabled: true\n");
        var error = Assert.Throws<RspException>(() => ImageBuildingHubSetup.Apply(path, null,
            new ImageBuildingHubOptions { Registry = BinderHubRegistry.Quay, ImagePrefix = "quay.io/org/c-h-" }, save: true));
        Assert.Equal("BinderHub.NotHubValues", error.ErrorId);
        Assert.Equal("nfs:\n  enabled: true\n", File.ReadAllText(path));
    }

    [Fact]
    public void ASchemaViolationIsReported()
    {
        var values = HubValues.Parse("""
            jupyterhub:
              hub:
                loadRoles: {user: {scopes: [self, "access:services!service=binder"]}}
            binderhub-service:
              enabled: true
              dockerApi:
                storge: {emptyDir: {sizeLimit: 15Gi}}
              config:
                BinderHub: {image_prefix: "quay.io/org/c-h-"}
              buildPodsRegistryCredentials: {server: https://quay.io, username: u, password: p}
            """, "typo.yaml");
        var findings = ImageBuildingHubChecker.Check(values);
        var violation = Assert.Single(findings, f => f.Id == "BinderHub.SchemaViolation");
        Assert.Contains("storge", violation.Message + violation.Target, StringComparison.Ordinal);
        Assert.Contains(findings, f => f.Id == "BinderHub.StorageNotEphemeral");
    }
}
