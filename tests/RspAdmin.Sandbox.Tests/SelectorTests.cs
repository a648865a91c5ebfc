using k8s.Models;
using RspAdmin.Sandbox.Api;
using RspAdmin.Sandbox.Store;

namespace RspAdmin.Sandbox.Tests;

public sealed class SelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "lab", ["tier"] = "user", ["nublado.lsst.io/category"] = "prepuller" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=lab", true)]
    [InlineData("app==lab", true)]
    [InlineData("app!=lab", false)]
    [InlineData("app=hub", false)]
    [InlineData("app in (hub, lab)", true)]
    [InlineData("app notin (hub,lab)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("missing!=x", true)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("!missing", true)]
    [InlineData("app=lab,tier=user,nublado.lsst.io/category=prepuller", true)]
    [InlineData("app=lab,tier=admin", false)]
    public void Label_selector_semantics(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("app in hub")]
    [InlineData("app=(x")]
    [InlineData("a b")]
    public void Malformed_label_selectors_are_bad_requests(string selector)
    {
        var e = Assert.Throws<StoreException>(() => LabelSelector.Parse(selector));
        Assert.Equal(400, e.Code);
    }

    [Fact]
    public void Field_selector_on_pods_supports_node_and_phase_and_rejects_other_fields()
    {
        var kind = new PodResourceKind();
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns" }, Spec = new V1PodSpec { NodeName = "node1" }, Status = new V1PodStatus { Phase = "Running" } };
        Assert.True(FieldSelector.Parse("spec.nodeName=node1,status.phase!=Pending", kind, pod).Matches(kind, pod));
        Assert.False(FieldSelector.Parse("metadata.namespace=other", kind, pod).Matches(kind, pod));
        Assert.True(FieldSelector.Parse("metadata.name==p", kind, pod).Matches(kind, pod));
        var e = Assert.Throws<StoreException>(() => FieldSelector.Parse("spec.hostname=x", kind, pod));
        Assert.Equal(400, e.Code);
        Assert.Contains("field label not supported", e.Message);
    }
}
