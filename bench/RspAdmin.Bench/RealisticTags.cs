namespace RspAdmin.Bench;

/// <summary>
/// A deterministic, realistic tag population shaped like the Rubin sciplat-lab repository: years of
/// weeklies and dailies (some with architecture variants and SAL cycle builds), releases with RSP
/// builds, release candidates, experimentals and a few aliases, in registry (unsorted) order.
/// </summary>
internal static class RealisticTags
{
    public static List<string> Generate(int count, int seed = 20221006)
    {
        var random = new Random(seed);
        var tags = new List<string>(count);
        var all = new List<string>();
        for (var year = 2019; year <= 2026; year++)
        {
            for (var week = 1; week <= 52; week++)
            {
                all.Add($"w_{year}_{week:00}");
                all.Add($"w_{year}_{week:00}-amd64");
                all.Add($"w_{year}_{week:00}-arm64");
                if (week % 4 == 0)
                {
                    all.Add($"w_{year}_{week:00}_c00{20 + (year - 2019) * 3}.00{week % 7}");
                }
            }

            for (var day = new DateTime(year, 1, 1); day.Year == year; day = day.AddDays(1))
            {
                all.Add($"d_{year}_{day.Month:00}_{day.Day:00}");
            }
        }

        for (var major = 19; major <= 30; major++)
        {
            for (var minor = 0; minor <= 2; minor++)
            {
                all.Add($"r{major}_{minor}_0");
                all.Add($"r{major}_{minor}_0_rsp{2000 + major * 30 + minor}");
                all.Add($"r{major}_{minor}_1_rc1");
                all.Add($"r{major}_{minor}_1_rc2");
                all.Add($"r{major}_{minor}_1_rc10");
                all.Add($"exp_w_20{major - 4}_{minor + 10}_testing");
            }
        }

        all.AddRange(new[] { "recommended", "latest", "latest_weekly", "latest_daily", "latest_release", "recommended_c0044", "exp_random", "r170" });
        // Distinct tags, as a registry holds them; past the base population, rebuilt variants the way
        // CI republishes a tag with a new RSP build.
        tags.AddRange(all.Take(count));
        for (var n = 0; tags.Count < count; n++)
        {
            var baseTag = all[random.Next(all.Count)];
            if (!baseTag.Contains('-') && baseTag.StartsWith('w') || baseTag.StartsWith('d'))
            {
                tags.Add($"{baseTag}_rsp{3000 + n}");
            }
        }

        // Registries return tags unsorted; shuffle so the sort does real work.
        for (var i = tags.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (tags[i], tags[j]) = (tags[j], tags[i]);
        }

        return tags;
    }
}
