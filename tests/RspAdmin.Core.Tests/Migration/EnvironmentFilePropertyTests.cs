using System.Text;
using CsCheck;
using RspAdmin.Core.Migration;
using RspAdmin.Core.Yaml;

namespace RspAdmin.Core.Tests.Migration;

/// <summary>Turning applications on and off in generated environment files of every era.</summary>
public sealed class EnvironmentFilePropertyTests
{
    private static readonly string[] Apps = ["argocd", "cachemachine", "cert-manager", "mobu", "moneypenny", "noteburst", "nublado", "nublado2", "postgres"];

    // An environment file of an era: each application absent (null), on or off; format C leaves disabled ones out.
    private static string Render(EnvironmentFileEra era, IReadOnlyList<bool?> flags)
    {
        var text = new StringBuilder();
        text.Append(era == EnvironmentFileEra.A ? "environment: demo\nvault_path_prefix: secret/k8s_operator/demo\n\n" : "name: demo\nvaultPathPrefix: secret/phalanx/demo\n\n");
        // gafaelfawr is always on, so every file has one entry of its era's shape.
        text.Append(era switch
        {
            EnvironmentFileEra.D => "applications:\n  gafaelfawr: true\n",
            EnvironmentFileEra.C => "applications:\n  gafaelfawr:\n    enabled: true\n",
            _ => "gafaelfawr:\n  enabled: true\n",
        });

        for (var i = 0; i < Apps.Length; i++)
        {
            if (flags[i] is not { } on || (era == EnvironmentFileEra.C && !on))
            {
                continue;
            }

            var key = EnvironmentFile.KeyFor(era, Apps[i]);
            var value = on ? "true" : "false";
            text.Append(era switch
            {
                EnvironmentFileEra.D => $"  {key}: {value}\n",
                EnvironmentFileEra.C => $"  {key}:\n    enabled: {value}\n",
                _ => $"{key}:\n  enabled: {value}\n",
            });
        }

        return text.ToString();
    }

    [Fact]
    public void SetEnabled_ChangesOnlyThatApplication_InTheFilesOwnShape()
    {
        var gen =
            from era in Gen.Enum<EnvironmentFileEra>()
            from flags in Gen.Bool.Select(Gen.Bool, (present, value) => present ? value : (bool?)null).Array[Apps.Length]
            from target in Gen.Int[0, Apps.Length - 1]
            from enabled in Gen.Bool
            select (era, flags, target, enabled);

        gen.Sample(t =>
        {
            var (era, flags, target, enabled) = t;
            var text = Render(era, flags);
            Assert.Equal(era, EnvironmentFile.DetectEra(text, "f", underScienceplatform: false));
            var document = EditableYamlDocument.Parse(text, "f");

            var changed = EnvironmentFile.SetEnabled(document, era, Apps[target], enabled);

            Assert.Equal((flags[target] ?? false) != enabled, changed);
            Assert.Equal(era, EnvironmentFile.DetectEra(document.Text, "f", underScienceplatform: false));
            for (var i = 0; i < Apps.Length; i++)
            {
                var read = EnvironmentFile.ReadEnabled(document.Text, "f", era, Apps[i]) ?? false;
                Assert.Equal(i == target ? enabled : flags[i] ?? false, read);
            }

            // Only the lines of the target application change: every other line is kept, in order.
            var others = text.Split('\n').Where(l => !l.Contains(EnvironmentFile.KeyFor(era, Apps[target]) + ":", StringComparison.Ordinal)).ToList();
            var kept = document.Text.Split('\n').ToList();
            var position = 0;
            foreach (var line in others.Where(l => !l.Trim().StartsWith("enabled:", StringComparison.Ordinal)))
            {
                position = kept.IndexOf(line, position);
                Assert.True(position >= 0, $"line '{line}' was lost from\n{text}\n->\n{document.Text}");
                position++;
            }
        });
    }
}
