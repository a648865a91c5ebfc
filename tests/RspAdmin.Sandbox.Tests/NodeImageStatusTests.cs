using CsCheck;
using RspAdmin.Sandbox.Kubelet;

namespace RspAdmin.Sandbox.Tests;

/// <summary>The kubelet's node status image rules: at most nodeStatusMaxImages (default 50, -1 = no cap), largest first, at most 5 names, digests first.</summary>
public sealed class NodeImageStatusTests
{
    private static CachedImage Image(int i, long size, int tags = 1, int digests = 1)
    {
        var image = new CachedImage($"sha256:{i:x64}", size);
        for (var d = 0; d < digests; d++)
        {
            image.RepoDigests.Add($"reg.example/repo{d}@sha256:{i:x60}{d:x4}");
        }

        for (var t = 0; t < tags; t++)
        {
            image.RepoTags.Add($"reg.example/repo:tag{i}_{t}");
        }

        return image;
    }

    [Fact]
    public void Default_cap_keeps_the_50_largest_images_largest_first()
    {
        var images = Enumerable.Range(1, 60).Select(i => Image(i, i * 1000L)).ToList();
        var status = NodeImageStatus.Compute(images, NodeImageStatus.DefaultMaxImages);
        Assert.Equal(50, status.Count);
        Assert.Equal(60_000L, status[0].SizeBytes);
        Assert.Equal(11_000L, status[^1].SizeBytes);
        Assert.DoesNotContain(status, s => s.SizeBytes <= 10_000L);
    }

    [Fact]
    public void Minus_one_means_no_cap()
    {
        var images = Enumerable.Range(1, 120).Select(i => Image(i, i)).ToList();
        Assert.Equal(120, NodeImageStatus.Compute(images, -1).Count);
    }

    [Fact]
    public void At_most_five_names_with_digests_before_tags()
    {
        var image = Image(1, 10, tags: 4, digests: 3);
        var names = NodeImageStatus.Compute([image], 50).Single().Names;
        Assert.Equal(5, names.Count);
        Assert.All(names.Take(3), n => Assert.Contains("@sha256:", n));
        Assert.All(names.Skip(3), n => Assert.Contains(":tag1_", n));
        Assert.Equal(["reg.example/repo:tag1_0", "reg.example/repo:tag1_1"], names.Skip(3));
    }

    [Fact]
    public void Tags_are_dropped_first_when_an_image_has_many_digests()
    {
        var names = NodeImageStatus.Compute([Image(1, 10, tags: 2, digests: 6)], 50).Single().Names;
        Assert.Equal(5, names.Count);
        Assert.All(names, n => Assert.Contains("@sha256:", n));
    }

    [Fact]
    public void Property_cap_order_and_names()
    {
        var gen = Gen.Select(Gen.Int[0, 80], Gen.Int[-1, 60], Gen.Long[0, 1_000_000].Array[80], Gen.Int[0, 7].Array[80], Gen.Int[0, 7].Array[80]);
        gen.Sample((count, max, sizes, tags, digests) =>
        {
            var images = Enumerable.Range(0, count).Select(i => Image(i, sizes[i], tags[i], digests[i])).ToList();
            var status = NodeImageStatus.Compute(images, max);
            var expectedCount = max == -1 ? count : Math.Min(count, max);
            if (status.Count != expectedCount)
            {
                return false;
            }

            // Largest first, and nothing left out is larger than anything kept.
            var kept = status.Select(s => s.SizeBytes ?? 0).ToList();
            var dropped = images.Select(i => i.SizeBytes).OrderDescending().Skip(expectedCount);
            return kept.Zip(kept.Skip(1)).All(p => p.First >= p.Second)
                && (kept.Count == 0 || dropped.All(d => d <= kept[^1]))
                && status.All(s => s.Names.Count <= NodeImageStatus.MaxNamesPerImage
                    && s.Names.SkipWhile(n => n.Contains('@')).All(n => !n.Contains('@')));
        });
    }
}
