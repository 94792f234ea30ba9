using System.Text;
using System.Text.RegularExpressions;

namespace ActorMail.Configuration;

/// <summary>Renders the effective settings as nested HOCON with an origin comment per value.</summary>
internal static class EffectiveRenderer
{
    public const string Mask = "********";

    private static readonly Regex ConnectionStringSecret =
        new(@"(?i)\b(password|pwd)\s*=\s*[^;""\\]*", RegexOptions.CultureInvariant);

    public static string Render(SettingsLoadResult result)
    {
        var sb = new StringBuilder();
        sb.Append("# ActorMail effective settings; each value is marked with the layer it came from\n");
        sb.Append("# (--data > environment > file > reference; derived = computed from other settings).\n");
        sb.Append("# config file: ").Append(result.ConfigFile ?? "none").Append('\n');
        if (!result.IsValid)
            sb.Append("# INVALID: ").Append(result.Errors.Count).Append(result.Errors.Count == 1 ? " error\n" : " errors\n");

        var open = new List<string>();
        foreach (var setting in result.Effective)
        {
            var segments = setting.Path.Split('.');
            var sections = segments[..^1];
            int common = 0;
            while (common < open.Count && common < sections.Length && open[common] == sections[common]) common++;
            while (open.Count > common)
            {
                open.RemoveAt(open.Count - 1);
                sb.Append(' ', open.Count * 2).Append("}\n");
            }
            for (int i = common; i < sections.Length; i++)
            {
                sb.Append(' ', open.Count * 2).Append(sections[i]).Append(" {\n");
                open.Add(sections[i]);
            }
            sb.Append(' ', open.Count * 2).Append(segments[^1]).Append(" = ").Append(Shown(setting))
              .Append("  # ").Append(setting.Origin).Append('\n');
        }
        while (open.Count > 0)
        {
            open.RemoveAt(open.Count - 1);
            sb.Append(' ', open.Count * 2).Append("}\n");
        }
        return sb.ToString();
    }

    private static string Shown(EffectiveSetting setting)
    {
        if (!setting.IsSecret || setting.Value == "\"\"") return setting.Value;
        if (setting.Path.EndsWith(".connection-string", StringComparison.Ordinal))
            return ConnectionStringSecret.Replace(setting.Value, m => m.Groups[1].Value + "=" + Mask);
        return HoconNodes.Quote(Mask);
    }
}
