using System.Text.Json.Nodes;
using CsCheck;
using RspAdmin.Core.Config;
using RspAdmin.Core.Images;
using RspAdmin.Core.Prepull;

namespace RspAdmin.Core.Tests.Prepull;

/// <summary>The manifest the executor sends (written straight to UTF-8) is the one <c>ToJson</c> shows, field for field.</summary>
public class PrepullPodManifestTests
{
    private static Gen<T> Pick<T>(params T[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static readonly Gen<string?> Optional = Gen.Bool.SelectMany(b => b ? Gen.String[Gen.Char["abc-./:=\"é"], 0, 8].Select(s => (string?)s) : Gen.String[Gen.Char["a"], 0, 0].Select(_ => (string?)null));

    private static readonly Gen<LabToleration> Tolerations =
        from key in Optional
        from op in Pick("Equal", "Exists")
        from value in Optional
        from effect in Pick<string?>(null, "NoSchedule", "NoExecute")
        from seconds in Gen.Bool.SelectMany(b => Gen.Long.Select(l => b ? (long?)l : null))
        select new LabToleration { Key = key, Operator = op, Value = value, Effect = effect, TolerationSeconds = seconds };

    private static readonly Gen<PrepullPodPlan> Plans =
        from tag in Pick("w_2024_52", "r27_0_0", "d_2024_12_30", "recommended")
        from node in Gen.String[Gen.Char["abc019-."], 1, 20]
        from ns in Pick("nublado", "user-labs")
        from secret in Optional
        from tolerations in Tolerations.Array[0, 3]
        from owner in Gen.Bool
        from digest in Pick<string?>(null, "sha256:254a874af4fbb3469bc4bf29d78f6793176c1415959c5fcf62fae43ee7154d58")
        select new PrepullPodPlan(
            new LabImage(LabImageTagParser.Parse(tag), "registry.example:5000", "lsstsqre/sciplat-lab", digest),
            node,
            true,
            ns,
            new LabImageConfig { Source = LabImageSource.Docker("lsstsqre/sciplat-lab"), PullSecret = secret, Tolerations = tolerations },
            owner ? new PrepullPodOwner("v1", "Pod", "nublado-controller", "12720beb-ecae-452e-982e-2f0a0a2fbaf1") : null);

    [Fact]
    public void The_manifest_sent_equals_the_manifest_shown()
    {
        Plans.Sample(plan =>
        {
            var shown = JsonNode.Parse(plan.ToJson());
            var sent = JsonNode.Parse(plan.ToJsonUtf8());
            Assert.True(JsonNode.DeepEquals(shown, sent), $"shown:\n{shown}\nsent:\n{sent}");
        }, iter: 500);
    }
}
