using CsCheck;
using RspAdmin.Core.Registry;

namespace RspAdmin.Registry.Tests;

public sealed class ImageReferenceTests
{
    private const string Sha = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly Gen<string> Label = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 8];

    private static readonly Gen<string> Registry = Gen.Select(
        Label.Array[1, 3],
        Gen.Bool,
        Gen.Int[1, 65535],
        // A registry as the reference grammar recognizes one: with a '.' or a port (else it names Docker Hub).
        (labels, withPort, port) => string.Join('.', labels) + (labels.Length == 1 && !withPort ? ".test" : string.Empty) + (withPort ? ":" + port : string.Empty));

    private static readonly Gen<string> PathComponent = Gen.Select(
        Label,
        Gen.OneOf(".", "_", "__", "-", "--").Array[0, 2],
        Label.Array[2, 2],
        (head, separators, tails) => head + string.Concat(separators.Select((s, i) => s + tails[i])));

    private static readonly Gen<string> Repository = PathComponent.Array[1, 3].Select(parts => string.Join('/', parts));

    private static readonly Gen<string> Tag = Gen.Select(
        Gen.Char["ABCXYZabcxyz0189_"],
        Gen.String[Gen.Char["ABCXYZabcxyz0189_.-"], 0, 127],
        (first, rest) => first + rest);

    private static readonly Gen<string> Digest = Gen.String[Gen.Char["0123456789abcdef"], 64, 64].Select(hex => "sha256:" + hex);

    private static readonly Gen<string> ValidReference = Gen.Select(
        Registry, Repository, Gen.Bool, Tag, Gen.Bool, Digest,
        (registry, repository, withTag, tag, withDigest, digest) =>
            registry + "/" + repository + (withTag ? ":" + tag : string.Empty) + (withDigest ? "@" + digest : string.Empty));

    [Theory]
    [InlineData("docker.io/lsst-sqre/sciplat-lab:w_2022_40", "docker.io", "lsst-sqre/sciplat-lab", "w_2022_40", null)]
    [InlineData("127.0.0.1:5000/rsp/app", "127.0.0.1:5000", "rsp/app", null, null)]
    [InlineData("ghcr.io/lsst-sqre/sciplat-lab@" + Sha, "ghcr.io", "lsst-sqre/sciplat-lab", null, Sha)]
    [InlineData("us-central1-docker.pkg.dev/rubin/sciplat/sciplat-lab:r23_0_0@" + Sha, "us-central1-docker.pkg.dev", "rubin/sciplat/sciplat-lab", "r23_0_0", Sha)]
    [InlineData("localhost:5000/a/b:recommended_c0044", "localhost:5000", "a/b", "recommended_c0044", null)]
    [InlineData("[::1]:5000/a:x", "[::1]:5000", "a", "x", null)]
    public void Parses_registry_repository_tag_and_digest(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest);
        Assert.Equal(text, reference.ToString());
    }

    [Theory]
    [InlineData("lsstsqre/sciplat-lab:w_2022_40", "docker.io", "lsstsqre/sciplat-lab", "w_2022_40")]
    [InlineData("sciplat-lab:w_2022_40", "docker.io", "library/sciplat-lab", "w_2022_40")]
    [InlineData("ubuntu", "docker.io", "library/ubuntu", null)]
    [InlineData("docker.io/ubuntu:24.04", "docker.io", "library/ubuntu", "24.04")]
    [InlineData("index.docker.io/lsstsqre/sciplat-lab", "docker.io", "lsstsqre/sciplat-lab", null)]
    [InlineData("localhost/a:x", "localhost", "a", "x")]
    [InlineData("a/b/c:x", "docker.io", "a/b/c", "x")]
    public void Normalizes_names_without_a_registry_to_Docker_Hub(string text, string registry, string repository, string? tag)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
    }

    [Fact]
    public void A_first_component_without_dot_colon_or_localhost_is_never_a_registry() =>
        Gen.Select(PathComponent.Array[1, 3].Where(parts => !parts[0].Contains('.')), Tag).Sample((parts, tag) =>
        {
            var reference = ImageReference.Parse(string.Join('/', parts) + ":" + tag);
            var expected = parts.Length == 1 ? "library/" + parts[0] : string.Join('/', parts);
            return reference.Registry == "docker.io" && reference.Repository == expected && reference.Tag == tag;
        });

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("/repo:tag", "registry")]
    [InlineData("docker.io/", "repository is empty")]
    [InlineData("docker.io/Upper/case", "lower-case")]
    [InlineData("docker.io/a/b:-leadingdash", "tag")]
    [InlineData("docker.io/a/b:has space", "tag")]
    [InlineData("docker.io/a/b@sha256:abc", "exactly 64")]
    [InlineData("docker.io/a/b@sha256:" + "5EBB2B5B3A1E8E3A2B7E0D9C9F6F6C9D2D6E1A0B3C4D5E6F708192A3B4C5D69D4", "lower-case hex")]
    [InlineData("docker.io/a/b@nocolon", "algorithm:encoded")]
    [InlineData("bad_host!.io/a/b", "registry")]
    [InlineData("bad_host!/a/b", "repository")]
    public void Rejects_invalid_references_with_a_clear_message(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ImageReference.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(ImageReference.TryParse(text, out _));
    }

    [Fact]
    public void A_tag_of_128_characters_is_valid_and_129_is_not()
    {
        Assert.True(ImageReference.IsValidTag("a" + new string('b', 127)));
        Assert.False(ImageReference.IsValidTag("a" + new string('b', 128)));
    }

    [Fact]
    public void Reference_prefers_the_digest_then_the_tag_then_latest()
    {
        Assert.Equal(Sha, ImageReference.Parse("r.io/a:t@" + Sha).Reference);
        Assert.Equal("t", ImageReference.Parse("r.io/a:t").Reference);
        Assert.Equal("latest", ImageReference.Parse("r.io/a").Reference);
    }

    [Fact]
    public void Format_of_parse_round_trips_for_valid_references() =>
        ValidReference.Sample(text =>
        {
            var reference = ImageReference.Parse(text);
            Assert.Equal(text, reference.ToString());
            Assert.Equal(reference, ImageReference.Parse(reference.ToString()));
        });

    [Fact]
    public void Create_from_parts_formats_and_parses_back() =>
        Gen.Select(Registry, Repository, Tag, (registry, repository, tag) => (registry, repository, tag)).Sample(parts =>
        {
            var reference = ImageReference.Create(parts.registry, parts.repository, parts.tag);
            var back = ImageReference.Parse(reference.ToString());
            Assert.Equal(parts.registry, back.Registry);
            Assert.Equal(parts.repository, back.Repository);
            Assert.Equal(parts.tag, back.Tag);
        });

    [Fact]
    public void TryParse_never_throws_on_arbitrary_strings_and_accepted_ones_round_trip() =>
        Gen.OneOf(Gen.String, Gen.String[Gen.Char["a/:@.-_9Z"], 0, 30], ValidReference.Select(Gen.Int[0, 200], Gen.Char, Mutate))
            .Sample(text =>
            {
                if (ImageReference.TryParse(text, out var reference, out var error))
                {
                    Assert.Equal(reference, ImageReference.Parse(reference.ToString()));
                }
                else
                {
                    Assert.False(string.IsNullOrWhiteSpace(error));
                }
            });

    private static string Mutate(string text, int position, char c)
    {
        var at = Math.Min(position, text.Length);
        return text[..at] + c + text[at..];
    }
}
