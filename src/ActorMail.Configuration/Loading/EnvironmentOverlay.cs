using System.Text;
using Akka.Configuration.Hocon;

namespace ActorMail.Configuration;

/// <summary>
/// Maps ACTORMAIL__SECTION__KEY variables to HOCON paths and builds the overlay layered above
/// the user file. Segments match the reference keys case-insensitively, "_" standing for "-".
/// </summary>
internal static class EnvironmentOverlay
{
    public const string Prefix = "ACTORMAIL__";

    /// <summary>The overlay as HOCON text (one quoted-key assignment per variable) and the variable that set each path.</summary>
    public static (string Text, Dictionary<string, string> VariableOf) Build(
        IReadOnlyDictionary<string, string> environment, ReferenceTree reference, List<SettingsError> errors)
    {
        var text = new StringBuilder();
        var variableOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var location = "environment " + name;
            var segments = name[Prefix.Length..].Split("__");
            var path = Resolve(segments, reference);
            if (path is null)
            {
                var written = "actormail." + string.Join('.', segments.Select(s => s.ToLowerInvariant().Replace('_', '-')));
                errors.Add(TreeFlattener.UnknownKey(written, location, reference));
                continue;
            }
            if (!reference.IsLeaf(path))
            {
                errors.Add(TreeFlattener.Error(path, location, $"is a section; set its keys one by one ({name}__KEY)"));
                continue;
            }
            if (variableOf.TryGetValue(path, out var other))
            {
                errors.Add(TreeFlattener.Error(path, location, $"is also set by environment {other}"));
                continue;
            }
            var valueText = ValueText(value, reference.IsList(path));
            if (valueText is null)
            {
                errors.Add(TreeFlattener.Error(path, location, $"'{value}' is not a valid HOCON list, e.g. [a.test, b.test]"));
                continue;
            }
            variableOf[path] = name;
            text.Append(string.Join('.', path.Split('.').Select(HoconNodes.Quote))).Append(" = ").Append(valueText).Append('\n');
        }
        return (text.ToString(), variableOf);
    }

    /// <summary>The canonical reference path of the variable's segments, or null when unknown.</summary>
    private static string? Resolve(string[] segments, ReferenceTree reference)
    {
        var node = reference.Root;
        var path = "";
        var children = HoconNodes.Children(node);
        if (!children.TryGetValue("actormail", out node!)) return null;
        path = "actormail";
        foreach (var segment in segments)
        {
            if (HoconNodes.KindOf(node) != NodeKind.Object) return null;
            var wanted = Normalize(segment);
            var match = HoconNodes.Children(node).FirstOrDefault(c => Normalize(c.Key) == wanted);
            if (match.Key is null || wanted.Length == 0) return null;
            path += "." + match.Key;
            node = match.Value;
        }
        return path;
    }

    private static string Normalize(string segment) => segment.ToLowerInvariant().Replace('_', '-');

    /// <summary>
    /// The value as HOCON text: as written when it parses as one plain value or list, else quoted as
    /// plain text (addresses, connection strings); null when a list key gets something unparsable.
    /// </summary>
    private static string? ValueText(string value, bool isList)
    {
        var config = HoconNodes.TryParse("v = " + value, out _);
        if (config is not null)
        {
            var children = HoconNodes.Children(config.Root);
            if (children.Count == 1 && children.TryGetValue("v", out HoconValue? v)
                && HoconNodes.KindOf(v) is NodeKind.Scalar or NodeKind.Array
                && HoconNodes.ReadLeaf(v) is not null)
                return value;
        }
        return isList ? null : HoconNodes.Quote(value);
    }
}
