using System.Globalization;
using RspAdmin.RegistryHarness;

namespace RspAdmin.Testing;

/// <summary>
/// A deterministic, realistic tag set for a Nublado lab repository such as <c>lsst-sqre/sciplat-lab</c>: weeklies
/// <c>w_YYYY_WW</c> (every other week, from <c>w_2025_20</c> back to 2016) across years (2025 as multi-architecture OCI
/// indexes with <c>-amd64</c>/<c>-arm64</c> tags, 2023–2024 as OCI manifests, older as Docker manifests), dailies,
/// releases with and without
/// <c>_rspNNNN</c>, release candidates, experimentals, cycle tags and unknown/alias tags (<c>latest</c>,
/// <c>latest_weekly</c>, <c>recommended</c>, <c>recommended_c0044</c>, …). The same count always gives the same
/// tags; <see cref="RecommendedTarget"/> is the weekly that <c>recommended</c> shares its digest with.
/// </summary>
public sealed class LabTagPlan
{
    /// <summary>The smallest tag count a plan can have.</summary>
    public const int MinimumCount = 40;

    // Weeklies stop here (as the real repository's do); larger plans continue with dailies.
    private const int FirstWeeklyYear = 2016;

    private LabTagPlan(IReadOnlyList<LabSeedTag> tags, string recommendedTarget, string latestWeekly, string latestDaily, string latestRelease)
    {
        Tags = tags;
        RecommendedTarget = recommendedTarget;
        LatestWeekly = latestWeekly;
        LatestDaily = latestDaily;
        LatestRelease = latestRelease;
    }

    /// <summary>Every tag, in push order (per-architecture manifests before their index, targets before aliases).</summary>
    public IReadOnlyList<LabSeedTag> Tags { get; }

    /// <summary>The weekly <c>recommended</c> (and <c>recommended_c0044</c>'s weekly) points at.</summary>
    public string RecommendedTarget { get; }

    /// <summary>The newest weekly (<c>latest</c> and <c>latest_weekly</c> point at it).</summary>
    public string LatestWeekly { get; }

    /// <summary>The newest daily (<c>latest_daily</c>).</summary>
    public string LatestDaily { get; }

    /// <summary>The newest release (<c>latest_release</c>).</summary>
    public string LatestRelease { get; }

    /// <summary>The tag names.</summary>
    public IEnumerable<string> TagNames => Tags.Select(t => t.Tag);

    /// <summary>
    /// The small repository the help examples show: two releases and a release candidate, four
    /// weeklies (<c>w_2022_40</c> multi-architecture), four dailies, an experimental, and
    /// <c>recommended</c> on <c>w_2022_38</c>, one week older than the two weeklies prepulled by default,
    /// so the menu cannot name it until it is pinned.
    /// </summary>
    public static LabTagPlan Example()
    {
        var oci = SeedManifestKind.OciManifest;
        var tags = new List<LabSeedTag>
        {
            new("r23_0_0", oci),
            new("r22_0_1", SeedManifestKind.DockerManifest),
            new("r23_0_1_rc1", oci),
            new("w_2022_40-amd64", oci),
            new("w_2022_40-arm64", oci, Architecture: "arm64"),
            new("w_2022_40", SeedManifestKind.OciIndex, Children: ["w_2022_40-amd64", "w_2022_40-arm64"]),
            new("w_2022_39", oci),
            new("w_2022_38", oci),
            new("w_2022_37", SeedManifestKind.DockerManifest),
            new("d_2023_01_05", oci),
            new("d_2023_01_04", oci),
            new("d_2023_01_03", oci),
            new("d_2023_01_02", oci),
            new("exp_w_2022_40_testing", oci),
            new("recommended", oci, AliasOf: "w_2022_38"),
            new("latest_weekly", SeedManifestKind.OciIndex, AliasOf: "w_2022_40"),
        };
        return new LabTagPlan(tags, "w_2022_38", "w_2022_40", "d_2023_01_05", "r23_0_0");
    }

    /// <summary>Builds the plan with exactly <paramref name="count"/> tags.</summary>
    public static LabTagPlan Create(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, MinimumCount);
        var tags = new List<LabSeedTag>();
        var weeklies = WeeklySequence().GetEnumerator();
        var dailies = DailySequence().GetEnumerator();
        var releases = ReleaseSequence().GetEnumerator();
        var weeklyNames = new List<string>();

        bool AddWeekly()
        {
            if (!weeklies.MoveNext())
            {
                return false;
            }

            var (year, week) = weeklies.Current;
            var tag = string.Create(CultureInfo.InvariantCulture, $"w_{year}_{week:00}");
            if (year >= 2025)
            {
                tags.Add(new LabSeedTag(tag + "-amd64", SeedManifestKind.OciManifest));
                tags.Add(new LabSeedTag(tag + "-arm64", SeedManifestKind.OciManifest, Architecture: "arm64"));
                tags.Add(new LabSeedTag(tag, SeedManifestKind.OciIndex, Children: [tag + "-amd64", tag + "-arm64"]));
            }
            else
            {
                tags.Add(new LabSeedTag(tag, year >= 2023 ? SeedManifestKind.OciManifest : SeedManifestKind.DockerManifest));
            }

            weeklyNames.Add(tag);
            return true;
        }

        string AddDaily()
        {
            dailies.MoveNext();
            var tag = "d_" + dailies.Current.ToString("yyyy_MM_dd", CultureInfo.InvariantCulture);
            tags.Add(new LabSeedTag(tag, SeedManifestKind.OciManifest));
            return tag;
        }

        bool AddRelease()
        {
            if (!releases.MoveNext())
            {
                return false;
            }

            tags.Add(releases.Current);
            return true;
        }

        // The core every plan has: three weeklies (the third is recommended), a daily, a release, the
        // candidates, experimentals, cycle tags and the aliases.
        AddWeekly();
        AddWeekly();
        AddWeekly();
        var latestDaily = AddDaily();
        AddRelease();
        var latestRelease = tags[^1].Tag;
        var latestWeekly = weeklyNames[0];
        var recommended = weeklyNames[2];
        tags.Add(new LabSeedTag("r29_0_0_rc1", SeedManifestKind.OciManifest));
        tags.Add(new LabSeedTag("r29_0_0_rc2", SeedManifestKind.OciManifest));
        tags.Add(new LabSeedTag("r29_0_0_rc2_rsp3001", SeedManifestKind.OciManifest));
        tags.Add(new LabSeedTag("exp_w_2025_18_fix_nbconvert", SeedManifestKind.DockerManifest));
        tags.Add(new LabSeedTag("exp_random", SeedManifestKind.DockerManifest));
        tags.Add(new LabSeedTag("exp_r28_0_0_test", SeedManifestKind.DockerManifest));
        tags.Add(new LabSeedTag("w_2025_10_c0044.001", SeedManifestKind.DockerManifest));
        tags.Add(new LabSeedTag("r28_0_0_c0044.002", SeedManifestKind.DockerManifest));
        tags.Add(new LabSeedTag("w_2024_40_c0041.003_rsp2960", SeedManifestKind.OciManifest));
        tags.Add(new LabSeedTag("sciplat-lab", SeedManifestKind.DockerManifest));
        tags.Add(new LabSeedTag("MiXeD_CaSe_TaG", SeedManifestKind.DockerManifest));
        var kindOf = tags.ToDictionary(t => t.Tag, t => t.Kind);
        void Alias(string alias, string target) => tags.Add(new LabSeedTag(alias, kindOf[target], AliasOf: target));
        var aliases = new List<(string Alias, string Target)>
        {
            ("recommended", recommended),
            ("recommended_c0044", "w_2025_10_c0044.001"),
            ("latest", latestWeekly),
            ("latest_weekly", latestWeekly),
            ("latest_daily", latestDaily),
            ("latest_release", latestRelease),
        };

        // Fill: six weeklies, two dailies and one release per round, finishing with single tags; dailies
        // take over when weeklies and releases run out.
        var step = 0;
        while (tags.Count + aliases.Count < count)
        {
            var remaining = count - aliases.Count - tags.Count;
            var slot = step++ % 9;
            if (slot < 6 && remaining >= 3 && AddWeekly())
            {
            }
            else if (slot == 8 && AddRelease())
            {
            }
            else
            {
                AddDaily();
            }
        }

        foreach (var (alias, target) in aliases)
        {
            Alias(alias, target);
        }

        return new LabTagPlan(tags, recommended, latestWeekly, latestDaily, latestRelease);
    }

    private static IEnumerable<(int Year, int Week)> WeeklySequence()
    {
        var (year, week) = (2025, 20);
        while (year >= FirstWeeklyYear)
        {
            yield return (year, week);
            // Every other week, so that a few hundred tags reach back several years.
            week -= 2;
            if (week <= 0)
            {
                year--;
                week += ISOWeek.GetWeeksInYear(year);
            }
        }
    }

    private static IEnumerable<DateOnly> DailySequence()
    {
        var day = new DateOnly(2025, 5, 16);
        while (true)
        {
            yield return day;
            day = day.AddDays(-1);
        }
    }

    private static IEnumerable<LabSeedTag> ReleaseSequence()
    {
        var build = 2990;
        for (var major = 28; major >= 19; major--)
        {
            var kind = major >= 26 ? SeedManifestKind.OciManifest : SeedManifestKind.DockerManifest;
            for (var patch = 2; patch >= 0; patch--)
            {
                var tag = string.Create(CultureInfo.InvariantCulture, $"r{major}_0_{patch}");
                yield return new LabSeedTag(tag, kind);
                build -= 7;
                yield return new LabSeedTag(string.Create(CultureInfo.InvariantCulture, $"{tag}_rsp{build}"), kind);
            }
        }
    }
}
