using System.Text.Json.Nodes;
using RspAdmin.Core.BinderHub;
using RspAdmin.Core.Profiles;

namespace RspAdmin.Core.Tests.Profiles;

/// <summary>Vectors 18-30 of the profile spec (section 4), one test or more each.</summary>
public sealed class ProfileVectorTests
{
    private static HubProfileList List(string yaml) =>
        HubProfileList.FromNode(HubValues.Parse("profileList:\n" + yaml, "test.yaml").Root["profileList"]);

    private const string TestChoices = """
        - display_name: Test choices
          slug: test-choices
          profile_options:
            image:
              display_name: Image
              unlisted_choice:
                enabled: true
                display_name: Image location
                validation_regex: ^pangeo/.*$
                kubespawner_override:
                  image: '{value}'
              choices:
                pytorch:
                  display_name: Python Torch
                  kubespawner_override:
                    image: pangeo/pytorch-notebook:master
                tf:
                  display_name: R
                  kubespawner_override:
                    image: rocker/rstudio:latest
        - display_name: No regex
          slug: no-regex
          profile_options:
            image:
              unlisted_choice:
                enabled: true
                kubespawner_override:
                  image: '{value}'
              choices:
                one:
                  kubespawner_override:
                    image: a/b:1
        """;

    [Fact]
    public void Vector18_SlugsAreGeneratedAndTheFirstProfileBecomesDefault()
    {
        var list = List("""
            - display_name: Something without a slug
            - display_name: profile 2
            """);
        Assert.Equal(["something-without-a-slug", "profile-2"], list.Profiles.Select(p => p.Slug));
        Assert.True(list.Profiles[0].IsDefault);
        Assert.False(list.Profiles[1].IsDefault);
    }

    [Theory]
    [InlineData("Something without a slug", "something-without-a-slug")]
    [InlineData("profile 2", "profile-2")]
    [InlineData("C'est déjà l'été.", "c-est-deja-l-ete")]
    [InlineData("This -- is a ## test ---", "this-is-a-test")]
    [InlineData("Hello, World!", "hello-world")]
    [InlineData("10,000 steps", "10000-steps")]
    [InlineData("Jack & Jill like numbers 1,2,3 and 4 and silly characters ?%.$!/", "jack-jill-like-numbers-123-and-4-and-silly-characters")]
    [InlineData("i love &hearts;", "i-love")]
    [InlineData("", "")]
    [InlineData("---", "")]
    public void Vector18_SlugTable(string name, string slug) => Assert.Equal(slug, ProfileSlug.Slugify(name));

    [Fact]
    public void Vector19_GetProfileReturnsTheDefaultForNullOrEmptyAndNothingForAnUnknownSlug()
    {
        var list = List("""
            - display_name: First
              slug: first
            - display_name: Second
              slug: second
              default: true
            """);
        Assert.Equal("second", list.Find(null)!.Slug);
        Assert.Equal("second", list.Find("")!.Slug);
        Assert.Null(list.Find("does-not-exist"));
        var error = Assert.Throws<RspException>(() => HubProfileLoader.Load(list, new Dictionary<string, string?> { ["profile"] = "does-not-exist" }));
        Assert.Equal("HubProfile.NoSuchProfile", error.ErrorId);
    }

    [Fact]
    public void Vector20_FirstChoiceBecomesDefaultAndUnlistedChoiceIsFilledIn()
    {
        var list = List("""
            - display_name: P
              profile_options:
                a:
                  choices:
                    option-1: {display_name: One}
                    option-2: {display_name: Two}
                b:
                  unlisted_choice:
                    enabled: true
            """);
        var a = list.Profiles[0].Option("a")!;
        Assert.True(a.Choices[0].IsDefault);
        Assert.False(a.Choices[1].IsDefault);
        Assert.False(a.UnlistedEnabled);
        Assert.Null(a.UnlistedDisplayNameInChoices);
        var b = list.Profiles[0].Option("b")!;
        Assert.True(b.UnlistedEnabled);
        Assert.Equal("Other...", b.UnlistedDisplayNameInChoices);
    }

    [Fact]
    public void Vector21_AChoiceFromTheFormSetsTheImage()
    {
        var list = List(TestChoices);
        var options = HubProfileLoader.OptionsFromForm(new Dictionary<string, IReadOnlyList<string>>
        {
            ["profile"] = ["test-choices"],
            ["profile-option-test-choices--image"] = ["pytorch"],
        });
        Assert.Equal(new Dictionary<string, string?> { ["profile"] = "test-choices", ["image"] = "pytorch" }, options);
        Assert.Null(ProfileChoiceValidator.ValidateUserOptions(list, options));
        Assert.Equal("pangeo/pytorch-notebook:master", (string?)HubProfileLoader.Load(list, options)["image"]);
    }

    [Fact]
    public void Vector22_AnUnlistedValueFromTheFormSetsTheImageWithNothingStale()
    {
        var list = List(TestChoices);
        foreach (var value in new[] { "pangeo/test:latest", "pangeo/test:1.2.3" })
        {
            var options = HubProfileLoader.OptionsFromForm(new Dictionary<string, IReadOnlyList<string>>
            {
                ["profile"] = ["test-choices"],
                ["profile-option-test-choices--image--unlisted-choice"] = [value],
            });
            Assert.Equal(new Dictionary<string, string?> { ["profile"] = "test-choices", ["image--unlisted-choice"] = value }, options);
            Assert.Null(ProfileChoiceValidator.ValidateUserOptions(list, options));
            Assert.Equal(value, (string?)HubProfileLoader.Load(list, options)["image"]);
        }
    }

    [Fact]
    public void Vector23_AValueFailingTheRegexIsRefusedAndWithoutRegexAccepted()
    {
        var list = List(TestChoices);
        var refused = ProfileChoiceValidator.ValidateUserOptions(list,
            new Dictionary<string, string?> { ["profile"] = "test-choices", ["image--unlisted-choice"] = "invalid/foo:latest" });
        Assert.Equal("Received unlisted_choice for image that failed validation regex.", refused);
        var options = new Dictionary<string, string?> { ["profile"] = "no-regex", ["image--unlisted-choice"] = "invalid/foo:latest" };
        Assert.Null(ProfileChoiceValidator.ValidateUserOptions(list, options));
        Assert.Equal("invalid/foo:latest", (string?)HubProfileLoader.Load(list, options)["image"]);
    }

    [Fact]
    public void Vector24_OnlyTheExactPrefixOfTheChosenProfileIsRead()
    {
        var options = HubProfileLoader.OptionsFromForm(new Dictionary<string, IReadOnlyList<string>>
        {
            ["profile"] = ["short"],
            ["profile-option-short--relevant"] = ["choice-a"],
            ["profile-option-short-plus--irrelevant"] = ["choice-b"],
        });
        Assert.Equal(new Dictionary<string, string?> { ["profile"] = "short", ["relevant"] = "choice-a" }, options);
    }

    [Fact]
    public void Vector25_TheUnlistedOverrideIsTemplated()
    {
        var overrides = (JsonObject)JsonNode.Parse("""
            {"image":"{value}","environment":{"CUSTOM_IMAGE_USED":"yes","CUSTOM_IMAGE":"{value}","USER":"${JUPYTER_USER}","USER_TEST":"${{JUPYTER_USER}}"},
             "init_containers":[{"name":"testing","image":"{value}","securityContext":{"runAsUser":1000}}]}
            """)!;
        const string value = "pangeo/pangeo-notebook:latest";
        var expanded = ProfileChoiceValidator.ExpandOverride(overrides, value, out var error)!;
        Assert.Null(error);
        Assert.Equal(value, (string?)expanded["image"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"CUSTOM_IMAGE_USED":"yes","CUSTOM_IMAGE":"pangeo/pangeo-notebook:latest","USER":"${JUPYTER_USER}","USER_TEST":"${JUPYTER_USER}"}"""),
            expanded["environment"]));
        Assert.Equal(value, (string?)expanded["init_containers"]![0]!["image"]);
        Assert.Equal(1000, (long)expanded["init_containers"]![0]!["securityContext"]!["runAsUser"]!.AsValue().GetValue<int>());
    }

    [Fact]
    public void Vector26_NoOptionsGiveTheFirstChoice()
    {
        var list = List("""
            - display_name: P
              profile_options:
                image:
                  choices:
                    op-1:
                      kubespawner_override: {image: 'pangeo/pangeo-notebook:ebeb9dd'}
                    op-2:
                      kubespawner_override: {image: 'pangeo/pangeo-notebook:other'}
            """);
        Assert.Equal("pangeo/pangeo-notebook:ebeb9dd", (string?)HubProfileLoader.Load(list, new Dictionary<string, string?>())["image"]);
    }

    [Fact]
    public void Vector27_MappingOverridesMergeAndNullRemoves()
    {
        var list = List("""
            - display_name: P
              kubespawner_override:
                environment:
                  override: override-value
                  to-remove: null
            """);
        var settings = new JsonObject { ["environment"] = new JsonObject { ["existing"] = "existing-value", ["to-remove"] = "does-it-matter" } };
        var loaded = HubProfileLoader.Load(list, new Dictionary<string, string?>(), settings);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"existing":"existing-value","override":"override-value"}"""), loaded["environment"]));
    }

    [Theory]
    [InlineData("^.+:.+$", "pangeo/pangeo-notebook", false)]
    [InlineData("^.+:.+$", "foo:bar\n", true)]
    [InlineData("^jupyter/.+:.+$", "quay.io/jupyter/base-notebook:latest", false)]
    [InlineData("pangeo", "pangeo-extra", true)]
    [InlineData("^.+:.+$", " x:y ", true)]
    public void Vector28_ServerRegexIsReMatch(string pattern, string value, bool accepted) =>
        Assert.Equal(accepted, new ValidationRegex(pattern).Matches(RegexDialect.Server, value));

    [Theory]
    [InlineData("org/repo", true)]
    [InlineData("https://github.com/org/repo", true)]
    [InlineData("https://www.github.com/org/repo", true)]
    [InlineData("github.com/org/repo", true)]
    [InlineData("www.github.com/org/repo", true)]
    [InlineData("org", false)]
    public void Vector29_RepositoryForms(string repository, bool valid)
    {
        if (valid)
        {
            Assert.Equal(("org", "repo"), BinderImageName.ParseRepository(repository));
        }
        else
        {
            var error = Assert.Throws<RspException>(() => BinderImageName.ParseRepository(repository));
            Assert.Equal("BinderHub.BadRepository", error.ErrorId);
            Assert.Contains("organization/repository", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Vector29_Permalink() =>
        Assert.Equal(
            "http://localhost/hub/login?next=/hub/spawn%23fancy-forms-config=%7B%22profile%22%3A%22gpu%22%2C%22image%22%3A%22geospatial%22%2C%22image%3Aunlisted_choice%22%3A%22%22%2C%22resources%22%3A%22mem_2_7%22%2C%22resources%3Aunlisted_choice%22%3A%22%22%7D",
            HubProfileLoader.Permalink("http://localhost", "gpu", [("image", "geospatial", ""), ("resources", "mem_2_7", "")]));

    [Fact]
    public void Vector30_BuiltImageName() =>
        Assert.Equal(
            "<region>-docker.pkg.dev/<project>/<repo>/binderbinder-2dexamples-2drequirements-55ab5c:50533eb470ee6c24e872043d30b2fee463d6943f",
            BinderImageName.For("binder-examples/requirements", "50533eb470ee6c24e872043d30b2fee463d6943f", "<region>-docker.pkg.dev/<project>/<repo>/binder"));
}
