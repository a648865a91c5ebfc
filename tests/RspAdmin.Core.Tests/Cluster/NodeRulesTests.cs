using CsCheck;
using RspAdmin.Core.Cluster;
using RspAdmin.Core.Config;
using RspAdmin.Core.Prepull;

namespace RspAdmin.Core.Tests.Cluster;

/// <summary>The node rules of the prepuller: digests from kubelet names, toleration semantics, pod names.</summary>
public sealed class NodeRulesTests
{
    [Theory]
    [InlineData("lighthouse.ceres/library/sketchbook@sha256:1234", "sha256:1234")]
    [InlineData("lighthouse.ceres/library/sketchbook:w_2077_43@sha256:5678", "sha256:5678")]
    [InlineData("127.0.0.1:5000/lsstsqre/sciplat-lab@sha256:abcd", "sha256:abcd")]
    [InlineData("lighthouse.ceres/library/sketchbook:w_2077_43", null)]
    [InlineData("<none>@<none>", null)]
    [InlineData("busybox@sha256:1234", null)]
    [InlineData("", null)]
    public void DigestOfOneName(string name, string? digest) => Assert.Equal(digest, NodeImageName.DigestOf(new[] { name }));

    [Fact]
    public void DigestIsTakenFromTheFirstNameThatHasOne()
    {
        Assert.Equal("sha256:2", NodeImageName.DigestOf(new[] { "<none>@<none>", "r/a:t", "r/a@sha256:2", "r/b@sha256:3" }));
    }

    [Fact]
    public void DigestOfGeneratedNamesIsWhatFollowsTheAt()
    {
        var part = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 12];
        Gen.Select(part, part, part, Gen.String[Gen.Char["0123456789abcdef"], 1, 64], Gen.Bool)
            .Sample((host, repo, tag, hex, withTag) =>
            {
                var name = $"{host}.example/{repo}{(withTag ? ":" + tag : string.Empty)}@sha256:{hex}";
                Assert.Equal("sha256:" + hex, NodeImageName.DigestOf(new[] { name }));
                Assert.Null(NodeImageName.DigestOf(new[] { $"{host}.example/{repo}:{tag}" }));
            });
    }

    public static TheoryData<string, string?, string?, long?, string, string?, string, bool> Tolerations => new()
    {
        // operator, key, value, seconds | taint key, value, effect | tolerated
        { "Equal", "k", "v", null, "k", "v", "NoSchedule", true },
        { "Equal", "k", "v", null, "k", "w", "NoSchedule", false },
        { "Equal", "k", null, null, "k", null, "NoSchedule", true },
        { "Exists", "k", null, null, "k", "anything", "NoExecute", true },
        { "Exists", null, null, null, "other", "x", "NoSchedule", true },
        { "Exists", "k", null, 60, "k", "v", "NoExecute", false },
        { "Exists", "k", null, 60, "k", "v", "NoSchedule", true },
        { "Equal", "j", "v", null, "k", "v", "NoSchedule", false },
    };

    [Theory]
    [MemberData(nameof(Tolerations))]
    public void TolerationSemantics(string op, string? key, string? value, long? seconds, string taintKey, string? taintValue, string effect, bool tolerated)
    {
        var toleration = new LabToleration { Operator = op, Key = key, Value = value, TolerationSeconds = seconds };
        Assert.Equal(tolerated, NodeEligibility.Tolerates(toleration, new NodeTaint(taintKey, taintValue, effect)));
    }

    [Fact]
    public void EffectMustMatchWhenGiven()
    {
        var toleration = new LabToleration { Operator = "Exists", Key = "k", Effect = "NoSchedule" };
        Assert.True(NodeEligibility.Tolerates(toleration, new NodeTaint("k", "v", "NoSchedule")));
        Assert.False(NodeEligibility.Tolerates(toleration, new NodeTaint("k", "v", "NoExecute")));
    }

    [Fact]
    public void PreferNoScheduleNeverMakesANodeIneligibleAndTheFirstUntoleratedTaintIsNamed()
    {
        var taints = new[]
        {
            new NodeTaint("soft", "x", "PreferNoSchedule"),
            new NodeTaint("node.kubernetes.io/unschedulable", null, "NoSchedule"),
            new NodeTaint("maintenance", "true", "NoExecute"),
        };
        Assert.False(NodeEligibility.IsEligible(taints, Array.Empty<LabToleration>(), out var comment));
        Assert.Equal("Node is tainted (NoSchedule, node.kubernetes.io/unschedulable)", comment);
        Assert.True(NodeEligibility.IsEligible(taints.Take(1), Array.Empty<LabToleration>(), out comment));
        Assert.Null(comment);
    }

    [Theory]
    [InlineData("d_2077_10_23", "node2", "prepull-d-2077-10-23-node2")]
    [InlineData("w_2077_43_c0050.004", "Node-A", "prepull-w-2077-43-c0050.004-Node-A")]
    [InlineData("exp+odd/tag", "n", "prepull-expoddtag-n")]
    public void PodNames(string tag, string node, string expected) => Assert.Equal(expected, PrepullPodPlan.NameFor(tag, node));

    [Fact]
    public void PodNamesAreTruncatedTo253Characters() =>
        Assert.Equal(253, PrepullPodPlan.NameFor(new string('a', 200), new string('n', 100)).Length);
}
