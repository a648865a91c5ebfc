namespace RspAdmin.Sandbox.Scenario;

/// <summary>An API error: <see cref="Count"/> requests matching method and path (after <see cref="Skip"/>) get <see cref="Status"/>.</summary>
public sealed class ScenarioApiFault
{
    public string Method { get; set; } = "*";

    /// <summary>A glob over the request path (<c>*</c> within a segment, <c>**</c> across), or a regex starting with <c>^</c>.</summary>
    public string Path { get; set; } = string.Empty;

    public int Status { get; set; } = 500;

    /// <summary>How many requests fail; 0: every matching request.</summary>
    public int Count { get; set; } = 1;

    public int Skip { get; set; }

    public string? Message { get; set; }
}
