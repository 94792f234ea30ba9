using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActorMail.Configuration;

/// <summary>Classification and parsing helpers over Akka's HOCON tree.</summary>
internal static class HoconNodes
{
    public static NodeKind KindOf(HoconValue value)
    {
        var elements = value.Values;
        if (elements.Count == 0) return NodeKind.Empty;
        if (elements.Any(e => e is HoconSubstitution)) return NodeKind.Substitution;
        if (elements.Any(e => e is HoconObject)) return NodeKind.Object;
        if (elements.Any(e => e is HoconArray)) return NodeKind.Array;
        return value.GetString() is null ? NodeKind.Null : NodeKind.Scalar;
    }

    public static IReadOnlyDictionary<string, HoconValue> Children(HoconValue value) => value.GetObject().Items;

    /// <summary>Items of an array value (concatenated arrays joined), or null when an item is not a plain value.</summary>
    public static IReadOnlyList<string>? ArrayItems(HoconValue value)
    {
        var items = new List<string>();
        foreach (var element in value.Values)
        {
            if (element is not HoconArray array) continue;
            foreach (var item in array)
            {
                if (KindOf(item) != NodeKind.Scalar) return null;
                items.Add(item.GetString());
            }
        }
        return items;
    }

    /// <summary>Reads a leaf as written, or null when it is not a plain value or a list of plain values.</summary>
    public static RawValue? ReadLeaf(HoconValue value) => KindOf(value) switch
    {
        NodeKind.Scalar => RawValue.Scalar(value.GetString()),
        NodeKind.Array => ArrayItems(value) is { } items ? RawValue.List(items) : null,
        _ => null,
    };

    /// <summary>Parses HOCON text; on failure returns null and a one-line problem with line and column when known.</summary>
    public static Config? TryParse(string text, out string? problem)
    {
        problem = null;
        Config config;
        try
        {
            config = ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = Describe(text, e);
            return null;
        }
        if (config.Substitutions.Any())
        {
            problem = "substitutions (${...}) are not supported; set ACTORMAIL__ environment variables instead";
            return null;
        }
        if (config.Root is null || KindOf(config.Root) is not (NodeKind.Object or NodeKind.Empty))
        {
            problem = "the top level must be an object of keys";
            return null;
        }
        return config;
    }

    private static string Describe(string text, Exception e)
    {
        if (e is NullReferenceException or InvalidCastException or ArgumentException)
            return text.Contains("include", StringComparison.Ordinal)
                ? "unsupported syntax (include is not supported)"
                : "unsupported syntax";
        var first = e.Message.Split('\n')[0].Trim().TrimEnd(':').Trim();
        var match = System.Text.RegularExpressions.Regex.Match(first, @"^(.*?) at position (\d+)$");
        if (match.Success && int.TryParse(match.Groups[2].Value, out int position) && position <= text.Length)
        {
            int line = 1, lineStart = 0;
            for (int i = 0; i < position; i++)
                if (text[i] == '\n') { line++; lineStart = i + 1; }
            return $"line {line}, column {position - lineStart + 1}: {Lower(match.Groups[1].Value)}";
        }
        return Lower(first);
    }

    private static string Lower(string s) => s.Length > 0 ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    /// <summary>A HOCON quoted string with JSON-style escapes.</summary>
    public static string Quote(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Text as HOCON: bare when it is a simple token, quoted otherwise.</summary>
    public static string Format(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            && !text.StartsWith('.') && !text.EndsWith('.') && text != "null"
            ? text
            : Quote(text);

    public static string Format(RawValue value) =>
        value.Items is { } items ? "[" + string.Join(", ", items.Select(Format)) + "]" : Format(value.Text ?? "");
}
