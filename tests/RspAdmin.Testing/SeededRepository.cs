namespace RspAdmin.Testing;

/// <summary>What <see cref="LabRepositorySeeder"/> pushed: the plan and the digest each tag got.</summary>
public sealed class SeededRepository
{
    internal SeededRepository(string repository, LabTagPlan plan, IReadOnlyDictionary<string, string> digests, IReadOnlyDictionary<string, string> mediaTypes)
    {
        Repository = repository;
        Plan = plan;
        Digests = digests;
        MediaTypes = mediaTypes;
    }

    /// <summary>The repository, e.g. <c>lsst-sqre/sciplat-lab</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag plan that was pushed.</summary>
    public LabTagPlan Plan { get; }

    /// <summary>Tag → manifest digest, as the registry reported on PUT.</summary>
    public IReadOnlyDictionary<string, string> Digests { get; }

    /// <summary>Tag → manifest media type.</summary>
    public IReadOnlyDictionary<string, string> MediaTypes { get; }

    /// <summary>The weekly <c>recommended</c> points at.</summary>
    public string RecommendedTarget => Plan.RecommendedTarget;
}
